// tsip link / tsip tuntap argument handling that needs no kernel: numbers
// and addresses read as iproute2's lib/utils.c reads them, and the errors
// ip gives before it sends anything (its words, its exit statuses). The
// expected texts are iproute2 6.1's, as test/privileged/cli-link.test.ts
// checks against the real ip.

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { groupA2n } from '../../src/cli/commands/link-parse.js';
import { getInteger, getU16, getU32, getU8, llAddrA2n, macText, strtoBig, validIfname } from '../../src/cli/commands/link-util.js';

const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) }, {});
  return { status, out, err };
};

describe('numbers, as strtol/strtoul read them', () => {
  it.each([
    ['10', 10n], ['0x10', 16n], ['010', 8n], [' 5', 5n], ['+7', 7n], ['-3', -3n], ['0', 0n], ['0X1f', 31n],
  ] as const)('strtoBig(%j) = %s', (s, v) => expect(strtoBig(s)).toBe(v));

  it.each(['', 'abc', '5k', '0x', '09', '1 ', '--1'])('strtoBig(%j) is no number', (s) => expect(strtoBig(s)).toBeUndefined());

  it('get_integer: a C int', () => {
    expect(getInteger('2147483647')).toBe(2147483647);
    expect(getInteger('2147483648')).toBeUndefined();
    expect(getInteger('-1')).toBe(-1);
    expect(getInteger('9999999999')).toBeUndefined();
  });

  it('get_u8/u16/u32: strtoul, so "-0" is 0 and "-1" is too big', () => {
    expect(getU8('255')).toBe(255);
    expect(getU8('256')).toBeUndefined();
    expect(getU16('0xffff')).toBe(0xffff);
    expect(getU32('4294967295')).toBe(4294967295);
    expect(getU32('-1')).toBeUndefined();
    expect(getU32('-0')).toBe(0);
  });

  it('rtnl_group_a2n: names from the table, numbers >= 0', () => {
    const names = new Map([[0, 'default'], [9, 'nine']]);
    expect(groupA2n('default', names)).toBe(0);
    expect(groupA2n('nine', names)).toBe(9);
    expect(groupA2n('0x10', names)).toBe(16);
    expect(groupA2n('-1', names)).toBeUndefined();
    expect(groupA2n('foo', names)).toBeUndefined();
  });
});

describe('link-layer addresses, as ll_addr_a2n reads them', () => {
  it('colon-separated hex, each part as sscanf("%x") reads it', () => {
    expect(macText(llAddrA2n('2:0:0:0:0:2'))).toBe('02:00:00:00:00:02');
    expect(macText(llAddrA2n('aa:BB:cc:dd:ee:ff'))).toBe('aa:bb:cc:dd:ee:ff');
    expect(macText(llAddrA2n('00:11'))).toBe('00:11');
    expect([...llAddrA2n('10.0.0.1')]).toEqual([10, 0, 0, 1]);
  });

  it('names the bad part, as ip does', () => {
    expect(() => llAddrA2n('zz')).toThrow('"zz" is invalid lladdr.');
    expect(() => llAddrA2n('00:gg')).toThrow('"gg" is invalid lladdr.');
    expect(() => llAddrA2n('00:100')).toThrow('"100" is invalid lladdr.');
  });

  it('check_ifname', () => {
    expect(validIfname('veth0')).toBe(true);
    expect(validIfname('abcdefghijklmno')).toBe(true);
    expect(validIfname('abcdefghijklmnop')).toBe(false);
    expect(validIfname('a/b')).toBe(false);
    expect(validIfname('a b')).toBe(false);
    expect(validIfname('..')).toBe(false);
    expect(validIfname('')).toBe(false);
  });
});

describe('errors ip gives before it asks the kernel anything', () => {
  it.each([
    [['link', 'foo'], 255, 'Command "foo" is unknown, try "tsip link help".\n'],
    [['link', 'add'], 1, 'Not enough information: "type" argument is required\n'],
    [['link', 'add', 'x', 'mtu', 'abc', 'type', 'ifb'], 255, 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n'],
    [['link', 'add', 'x', 'mtu', '1', 'mtu', '2'], 255, 'Error: duplicate "mtu": "2" is the second value.\n'],
    [['link', 'add', 'x', 'y', 'type', 'ifb'], 255, 'Error: either "dev" is duplicate, or "y" is a garbage.\n'],
    [['link', 'add', 'a', 'type', 'veth'], 1, '"type" is invalid lladdr.\n'], // "a" is address
    [['link', 'add', 'x', 'arp', 'maybe'], 1, 'Error: argument of "arp" must be "on" or "off", not "maybe"\n'],
    [['link', 'add', 'x', 'carrier', 'maybe'], 22, 'Error: argument of "carrier" must be one of "off", "on", not "maybe"\n'],
    [['link', 'add', 'group', '5', 'type', 'ifb'], 255, 'group cannot be used when creating devices.\n'],
    [['link', 'add', 'name', 'x', 'y', 'type', 'ifb'], 255, 'both "name" and "dev" cannot be used when creating devices.\n'],
    [['link', 'add', 'x', 'type'], 255, 'Command line is not complete. Try option "help"\n'],
    [['link', 'add', 'x', 'type', 'bridge', 'stp_state', 'x'], 255, 'Error: argument "x" is wrong: invalid stp_state\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'id', '2'], 255, 'Error: either "id" is duplicate, or "2" is a garbage.\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', '239.1.1.1'], 255, 'Error: argument "239.1.1.1" is wrong: invalid remote address\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', 'foo'], 1, 'Error: any valid address is expected rather than "foo".\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'local', '::1', 'remote', '1.2.3.4'], 1, 'Error: inet6 address is expected rather than "1.2.3.4".\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'nolearning'], 1, 'vxlan: missing virtual network identifier\n'],
    [['link', 'add', 'x', 'type', 'vxlan', 'external', 'id', '5'], 1, "vxlan: both 'external' and vni cannot be specified\n"],
    [['link', 'add', 'x', 'type', 'veth', 'peer', 'type', 'veth'], 255, 'Error: duplicate "type": "veth" is the second value.\n'],
    [['link', 'set'], 255, 'Not enough information: "dev" argument is required.\n'],
    [['link', 'show', 'to', '1.2.3.4'], 1, 'Error: "1.2.3.4" may be inet prefix, but it is not allowed in this context.\n'],
    [['link', 'show', 'a', 'b'], 255, 'Error: either "dev" is duplicate, or "b" is a garbage.\n'],
    [['tuntap', 'add'], 1, 'You failed to specify a tunnel mode\n'],
    [['tuntap', 'add', 'mode', 'foo'], 255, 'Unknown tunnel mode "foo"\n'],
    [['tuntap', 'add', 'mode', 'tun', 'mode', 'tap'], 255, 'You managed to ask for more than one tunnel mode.\n'],
    [['tuntap', 'add', 'mode', 'tun', 'a', 'b'], 255, 'Error: either "name" is duplicate, or "b" is a garbage.\n'],
    [['tuntap', 'foo'], 255, 'Command "foo" is unknown, try "tsip tuntap help".\n'],
  ] as const)('%j', async (argv, status, err) => {
    expect(await run(...argv)).toEqual({ status, out: '', err });
  });

  it('warns about a vxlan without dstport as ip does, before it sends anything', async () => {
    const r = await run('link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', '239.1.1.1');
    expect(r.err).not.toMatch(/destination port/); // the address error comes first
  });

  it('prints the kinds\' own help on stdout, and veth\'s usage there too on a bad peer', async () => {
    expect(await run('link', 'help', 'ifb')).toEqual({ status: 0, out: 'Usage: ... ifb\n', err: '' });
    expect((await run('link', 'add', 'x', 'type', 'veth', 'pear'))).toMatchObject({ status: 1, err: '', out: expect.stringMatching(/^Usage: tsip link <options> type veth/) });
    expect((await run('link', 'add', 'x', 'type', 'bridge', 'help'))).toMatchObject({ status: 1, out: '', err: expect.stringMatching(/^Usage: \.\.\. bridge \[ fdb_flush \]\n/) });
    expect((await run('tuntap', 'help'))).toMatchObject({ status: 255, out: '', err: expect.stringMatching(/^Usage: tsip tuntap \{ add \| del/) });
  });

  it('refuses what the link operations cannot carry, saying so', async () => {
    expect(await run('link', 'add', 'x', 'numtxqueues', '4', 'type', 'ifb')).toEqual({ status: 255, out: '', err: 'Error: tsip does not support "numtxqueues" yet.\n' });
    expect(await run('link', 'add', 'x', 'type', 'bridge', 'mcast_hash_max', '5')).toEqual({ status: 255, out: '', err: 'Error: tsip does not support "mcast_hash_max" yet.\n' });
  });
});
