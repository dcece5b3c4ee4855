import { describe, expect, it } from 'vitest';
import { formatIPv6, parseIP, parseIPv4, parseIPv6, formatLladdr, parseLladdr } from '../../src/netlink/inet.js';

describe('addresses', () => {
  // Expected texts are glibc inet_ntop(3)'s, which iproute2 prints.
  it.each([
    ['::', '::'], ['::1', '::1'], ['fe80::9c8c:83ff:fe42:72a7', 'fe80::9c8c:83ff:fe42:72a7'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'], ['::ffff:10.1.1.1', '::ffff:10.1.1.1'], ['::10.1.1.1', '::10.1.1.1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'], ['1::', '1::'], ['0:0:1::', '0:0:1::'],
  ])('formats %s as %s', (input, out) => {
    expect(formatIPv6(parseIPv6(input)!)).toBe(out);
  });

  it.each(['1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4:5:6:7', '::ffff:1.2.3', ':'])('refuses IPv6 %s', (s) => {
    expect(parseIPv6(s)).toBeUndefined();
  });

  it.each(['10.1.1', '10.1.1.256', '10.1.1.1.1', '1e1.1.1.1', '', '10..1.1'])('refuses IPv4 %s', (s) => {
    expect(parseIPv4(s)).toBeUndefined();
  });

  it('parses either family by its shape', () => {
    expect(parseIP('10.1.1.2')).toEqual(Buffer.from([10, 1, 1, 2]));
    expect(parseIP('fe80::1')!.length).toBe(16);
  });

  it('formats and parses link-layer addresses of any length', () => {
    expect(formatLladdr(Buffer.from([0x9a, 0x9b, 0xf7, 0xb2, 0xca, 0x02]))).toBe('9a:9b:f7:b2:ca:02');
    expect(parseLladdr('9a:9b:f7:b2:ca:2')).toEqual(Buffer.from([0x9a, 0x9b, 0xf7, 0xb2, 0xca, 0x02]));
    expect(formatLladdr(Buffer.alloc(0))).toBe('');
    expect(parseLladdr('zz:00')).toBeUndefined();
  });
});
