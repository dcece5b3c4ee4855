// Packed arrays of a fixed struct (type 'array' with `struct`, no `elem`),
// as NHA_GROUP holds struct nexthop_grp[]: whole entries only, errors that
// name the attribute, the compiled decoder falling back to decodeAttrValue,
// and the encoder writing each entry with the struct's encodeInto.

import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { nexthopAttrs } from '../../src/netlink/rtnl/nexthop.js';
import { rtnlFamily, rtmName } from '../../src/netlink/rtnl/index.js';
import { traceDatagram, type TraceProtocol } from '../../src/netlink/trace.js';
import { attrSet, decodeAttrs, decodeAttrsWalk, encodeAttrs, type Attrs } from '../../src/netlink/schema.js';
import { defineStruct, struct, u8, u16, u32 } from '../../src/netlink/struct.js';
import { attr } from '../helpers/attr-bytes.js';

/** What decoding throws, or the value: the compiled decoder and the table walk must agree. */
function both(set: typeof nexthopAttrs, bytes: Buffer): { compiled: unknown; walk: unknown } {
  const run = (f: () => unknown) => {
    try {
      return f();
    } catch (e) {
      return e;
    }
  };
  return { compiled: run(() => decodeAttrs(set, bytes, 0, bytes.length)), walk: run(() => decodeAttrsWalk(set, bytes, 0, bytes.length)) };
}

const RTNL: TraceProtocol = { typeName: rtmName, family: rtnlFamily };

// struct nexthop_grp entries: { id 1, weight 0 }, { id 2, weight 2 }
const TWO = Buffer.from('0100000000000000' + '0200000002000000', 'hex');

describe('packed arrays of a struct (NHA_GROUP: struct nexthop_grp[])', () => {
  it('decode entry by entry, in the compiled decoder as in the table walk', () => {
    const bytes = attr(2, TWO);
    const { compiled, walk } = both(nexthopAttrs, bytes);
    expect(compiled).toEqual({ NHA_GROUP: [{ id: 1, weight: 0, weight_high: 0 }, { id: 2, weight: 2, weight_high: 0 }] });
    expect(walk).toEqual(compiled);
  });

  it('are not inlined by the compiled decoder: it calls decodeAttrValue for them', () => {
    decodeAttrs(nexthopAttrs, Buffer.alloc(0), 0, 0);
    const src = String(nexthopAttrs.decoder);
    const group = src.slice(src.indexOf('case 2:'), src.indexOf('case 3:'));
    expect(group).toContain('decodeAttrValue(specs[');
    const id = src.slice(src.indexOf('case 1:'), src.indexOf('case 2:'));
    expect(id).not.toContain('decodeAttrValue'); // a u32, read in place
  });

  it('decode an empty payload to no entries', () => {
    expect(decodeAttrs(nexthopAttrs, attr(2, Buffer.alloc(0)), 0, 4)).toEqual({ NHA_GROUP: [] });
  });

  it.each([1, 7, 9, 15, 17])('refuse a payload of %i bytes (not a whole number of 8-byte entries), naming the attribute', (n) => {
    const bytes = attr(2, Buffer.alloc(n, 1));
    const { compiled, walk } = both(nexthopAttrs, bytes);
    expect(compiled).toBeInstanceOf(DecodeError);
    expect((compiled as DecodeError).path).toEqual(['nexthop-attrs', 'NHA_GROUP']);
    expect((compiled as DecodeError).reason).toBe(`struct nexthop_grp[] needs a multiple of 8 bytes, got ${n}`);
    expect(String(walk)).toBe(String(compiled));
  });

  it('name the whole path when nested: outer > IN_LIST', () => {
    const entry = defineStruct<{ a: number; b: number }>('pair', struct([u16('a'), u16('b')]));
    const inner = attrSet('inner', 'IN_', [{ id: 1, name: 'IN_LIST', type: 'array', struct: entry }]);
    const outer = attrSet('outer', 'OUT_', [{ id: 1, name: 'OUT_NEST', type: 'nested', nested: inner }]);
    const bytes = attr(1, attr(1, Buffer.alloc(6)));
    expect(() => decodeAttrs(outer, bytes, 0, bytes.length)).toThrow(DecodeError);
    try {
      decodeAttrs(outer, bytes, 0, bytes.length);
    } catch (e) {
      expect((e as DecodeError).path).toEqual(['outer', 'OUT_NEST', 'IN_LIST']);
    }
    expect(decodeAttrs(outer, attr(1, attr(1, Buffer.from('0100020003000400', 'hex'))), 0, 16)).toEqual({
      OUT_NEST: { IN_LIST: [{ a: 1, b: 2 }, { a: 3, b: 4 }] },
    });
  });

  it('encode each entry with the struct, the reserved bytes zero, and read back the same', () => {
    const attrs: Attrs = { NHA_GROUP: [{ id: 1, weight: 0, weight_high: 0 }, { id: 2, weight: 2, weight_high: 0 }] };
    const w = new Writer(4);
    encodeAttrs(nexthopAttrs, attrs, w);
    expect(w.view().toString('hex')).toBe(attr(2, TWO).toString('hex'));
    // fields left out are zero, like any struct
    const w2 = new Writer(4);
    encodeAttrs(nexthopAttrs, { NHA_GROUP: [{ id: 7 }] }, w2);
    expect(w2.view().toString('hex')).toBe('0c000200' + '0700000000000000');
    // a 16-bit weight: weight_high holds bits 8..15 of weight - 1
    const w3 = new Writer(4);
    encodeAttrs(nexthopAttrs, { NHA_GROUP: [{ id: 3, weight: 0xff, weight_high: 1 }] }, w3);
    expect(decodeAttrs(nexthopAttrs, w3.view(), 0, w3.off)).toEqual({ NHA_GROUP: [{ id: 3, weight: 255, weight_high: 1 }] });
  });

  it('refuse to encode what is not an array of whole entries, naming the attribute', () => {
    const enc = (v: unknown) => () => encodeAttrs(nexthopAttrs, { NHA_GROUP: v }, new Writer(4));
    expect(enc({ id: 1 })).toThrow(/^nexthop-attrs > NHA_GROUP: struct nexthop_grp\[\] needs an array$/);
    expect(enc([{ id: 1 }, 5])).toThrow(/^nexthop-attrs > NHA_GROUP: entry 1 is not a struct nexthop_grp$/);
    // a decoded struct that was longer or shorter than its declaration cannot sit in a packed array
    expect(enc([{ id: 1, _trailing: Buffer.alloc(4) }])).toThrow(/entry 0 is not 8 bytes long/);
    expect(enc([{ id: 1, _size: 4 }])).toThrow(/entry 0 is not 8 bytes long/);
  });

  it('are declared with a scalar elem or a struct, not both or neither', () => {
    const st = defineStruct<{ x: number }>('one', struct([u32('x')]));
    expect(() => attrSet('bad', 'B_', [{ id: 1, name: 'B_BOTH', type: 'array', elem: 'u32', struct: st }])).toThrow(/not both or neither/);
    expect(() => attrSet('bad', 'B_', [{ id: 1, name: 'B_NONE', type: 'array' }])).toThrow(/not both or neither/);
    expect(() => attrSet('ok', 'B_', [{ id: 1, name: 'B_U8', type: 'array', elem: 'u8' }, { id: 2, name: 'B_ST', type: 'array', struct: st }])).not.toThrow();
  });

  it('print in the trace entry by entry, and a bad length as the DecodeError', () => {
    const msg = (payload: Buffer) => {
      const body = Buffer.concat([Buffer.alloc(8), attr(2, payload)]); // struct nhmsg, NHA_GROUP
      const h = Buffer.alloc(16);
      h.writeUInt32LE(16 + body.length, 0);
      h.writeUInt16LE(104, 4); // RTM_NEWNEXTHOP
      return Buffer.concat([h, body]);
    };
    expect(traceDatagram('reply', msg(TWO), RTNL)).toContain('NHA_GROUP [{ id=1 weight=0 weight_high=0 }, { id=2 weight=2 weight_high=0 }]');
    expect(traceDatagram('reply', msg(Buffer.alloc(12)), RTNL)).toContain('NHA_GROUP !! cannot decode NHA_GROUP: struct nexthop_grp[] needs a multiple of 8 bytes, got 12');
  });

  it('keep a struct of u8 entries exact at odd sizes (3-byte entries, padding after the last)', () => {
    const rgb = defineStruct<{ r: number; g: number; b: number }>('rgb', struct([u8('r'), u8('g'), u8('b')]));
    const set = attrSet('colours', 'C_', [{ id: 1, name: 'C_LIST', type: 'array', struct: rgb }]);
    const bytes = attr(1, Buffer.from('010203040506', 'hex'));
    expect(decodeAttrs(set, bytes, 0, bytes.length)).toEqual({ C_LIST: [{ r: 1, g: 2, b: 3 }, { r: 4, g: 5, b: 6 }] });
    const w = new Writer(4);
    encodeAttrs(set, decodeAttrs(set, bytes, 0, bytes.length), w);
    expect(w.view().toString('hex')).toBe(bytes.toString('hex'));
  });
});
