// The two primitives under the printers: C's printf formats, and
// iproute2's JSON writer (compact for -j, its own pretty form for -j -p).

import { describe, expect, it } from 'vitest';
import { cFixed, humanCount } from '../../src/cli/print/human.js';
import { JsonWriter } from '../../src/cli/print/json.js';
import { Output } from '../../src/cli/print/output.js';
import { sprintf } from '../../src/cli/print/printf.js';

describe('sprintf, as C formats', () => {
  it.each([
    ['%d: ', '36: ', [36]],
    ['%-16s ', 'veth0@if37       ', ['veth0@if37']],
    ['%-14s ', 'UP             ', ['UP']],
    ['%*s', '   ab', [5, 'ab']],
    ['%*s|', '|', [0, '']],
    ['%*llu ', '12345678901234567890 ', [7, 12345678901234567890n]],
    ['%#llx', '0x8001', [0x8001]],
    ['%#llx', '0', [0]],
    ['%4i.%.2i ', '   3.07 ', [3, 7]],
    ['%02x', '05', [5]],
    ['%x', '80000', [0x80000]],
    ['%u', '4294967295', [-1]],
    ['%llu', '18446744073709551615', [-1n]],
    ['%d', '-1', [0xffffffff]],
    ['%#.2hhx', '0x05', [5]],
    ['100%% %s', '100% done', ['done']],
    ['%s', '(null)', [null]],
  ] as const)('%s -> "%s"', (fmt, want, args) => {
    expect(sprintf(fmt, ...args)).toBe(want);
  });
});

describe('JsonWriter, as lib/json_writer.c writes', () => {
  const sample = (w: JsonWriter) => {
    w.startArray().startObject();
    w.name('ifindex').number(2);
    w.name('flags').startArray().string('BROADCAST').string('MULTICAST').endArray();
    w.name('addr_info').startArray().endArray();
    w.name('linkinfo').startObject().name('hold_timer').raw('0.00').name('label').string('a "q"\tb\\').endObject();
    w.name('big').number(18446744073709551615n);
    w.endObject().endArray();
    return w.finish();
  };

  it('writes one line for -j', () => {
    expect(sample(new JsonWriter())).toBe(
      '[{"ifindex":2,"flags":["BROADCAST","MULTICAST"],"addr_info":[],"linkinfo":{"hold_timer":0.00,"label":"a \\"q\\"\\tb\\\\"},"big":18446744073709551615}]\n',
    );
  });

  it('writes ip\'s pretty form for -j -p', () => {
    expect(sample(new JsonWriter(true))).toBe([
      '[ {',
      '        "ifindex": 2,',
      '        "flags": [ "BROADCAST","MULTICAST" ],',
      '        "addr_info": [ ],',
      '        "linkinfo": {',
      '            "hold_timer": 0.00,',
      '            "label": "a \\"q\\"\\tb\\\\"',
      '        },',
      '        "big": 18446744073709551615',
      '    } ]',
      '',
    ].join('\n'));
  });
});

describe('Output, as lib/json_print.c prints', () => {
  it('sends each value to text, to JSON, or both', () => {
    for (const json of [false, true]) {
      const out = new Output({ json });
      out.openAnonArray();
      out.openObject();
      out.uint('any', 'mtu', 'mtu %u ', 1500);
      out.string('fp', null, '%s ', 'brd');
      out.bool('json', 'dynamic', null, true);
      out.onOff('any', 'learning', 'learning %s ', 0);
      out.hex0x('any', 'id', 'port_id %#llx ', 0x8001);
      out.closeObject();
      out.closeArray('json', null);
      expect(out.finish()).toBe(json
        ? '[{"mtu":1500,"dynamic":true,"learning":false,"id":"0x8001"}]\n'
        : 'mtu 1500 brd learning off port_id 0x8001 ');
    }
  });
});

describe('-h counters, as print_num() writes them', () => {
  it('rounds as printf("%.*f") does: the exact double, ties to even', () => {
    expect(cFixed(1.125, 2)).toBe('1.12');
    expect(cFixed(1.135, 2)).toBe('1.14'); // 1.135 is a little above 1.135 as a double
    expect(cFixed(2.5, 0)).toBe('2');
    expect(cFixed(0.05, 1)).toBe('0.1');
  });

  it('picks the unit and the digits as ip does', () => {
    expect(humanCount(1125n, false)).toBe('1.12k');
    expect(humanCount(12345n, false)).toBe('12.3k');
    expect(humanCount(123456n, false)).toBe('123k');
    expect(humanCount(5_000_000n, false)).toBe('5.00M');
    expect(humanCount(1536n, true)).toBe('1.50ki'); // ip's lower-case k, even with -iec
    expect(humanCount(18446744073709551615n, false)).toBe('18.4E');
  });
});
