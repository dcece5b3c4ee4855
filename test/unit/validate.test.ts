import { describe, expect, it } from 'vitest';
import { checkIfname, checkInt, networkOf, parseInetAddr, parseInetPrefix, parseMac } from '../../src/ops/validate.js';
import { UsageError } from '../../src/netlink/errors.js';

describe('input validation, before the kernel is called', () => {
  it.each(['veth0', 'a', 'br-0.1', 'x'.repeat(15)])('accepts the ifname %s', (n) => expect(checkIfname(n)).toBe(n));
  it.each(['', 'x'.repeat(16), 'a/b', 'a b', 'a:b', '.', '..', 'tab\there'])('refuses the ifname %j, naming it', (n) => {
    expect(() => checkIfname(n)).toThrow(UsageError);
    expect(() => checkIfname(n)).toThrow(`"${n}"`);
  });

  it('parses prefixes of both families and refuses bad ones by name', () => {
    expect(parseInetPrefix('10.1.1.1/24')).toMatchObject({ family: 2, prefixlen: 24, explicitLen: true });
    expect(parseInetPrefix('2001:db8::1')).toMatchObject({ family: 10, prefixlen: 128, explicitLen: false });
    for (const bad of ['10.1.1.300/24', '10.1.1.1/33', '10.1.1.1/', 'fe80::/129', 'abc', '10.1.1.1/2x']) {
      expect(() => parseInetPrefix(bad)).toThrow(`Error: inet prefix is expected rather than "${bad}".`);
    }
    expect(() => parseInetPrefix('10.0.0.1/8', 10)).toThrow('inet6 prefix is expected rather than "10.0.0.1/8"');
  });

  it('parses addresses and MACs, naming the bad value', () => {
    expect(parseInetAddr('fe80::1').family).toBe(10);
    expect(() => parseInetAddr('10.1.1')).toThrow('Error: inet address is expected rather than "10.1.1".');
    expect(parseMac('9a:9b:f7:b2:ca:62').length).toBe(6);
    expect(() => parseMac('9a:9b:f7:b2:ca')).toThrow('"9a:9b:f7:b2:ca" is invalid lladdr.');
  });

  it('checks numeric ranges', () => {
    expect(checkInt('1400', 'mtu', 68, 0xffffffff)).toBe(1400);
    expect(checkInt('0x10', 'table', 0, 0xffffffff)).toBe(16);
    expect(() => checkInt('-1', 'mtu', 0, 10)).toThrow('Error: argument "-1" is wrong: "mtu" value is invalid');
    expect(() => checkInt(70000, 'vni', 0, 0xffffff - 1)).not.toThrow();
    expect(() => checkInt(2 ** 24, 'vni', 0, 0xffffff)).toThrow('"vni" value is invalid');
  });

  it('clears host bits of a prefix', () => {
    expect([...networkOf(Buffer.from([10, 1, 1, 77]), 24)]).toEqual([10, 1, 1, 0]);
    expect([...networkOf(Buffer.from([10, 1, 1, 255]), 25)]).toEqual([10, 1, 1, 128]);
  });
});

describe('firewall rule specs', () => {
  it('refuses an unknown field before anything is sent, naming it', async () => {
    const { appendRule } = await import('../../src/ops/firewall.js');
    // No namespace exists by this name: the check must fire before any socket is opened.
    await expect(appendRule('FORWARD', { in: 'br0', target: 'ACCEPT' } as never, { netns: 'tsip-no-such-ns' })).rejects.toThrow('unknown rule field "in"');
  });
});
