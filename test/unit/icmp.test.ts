import { describe, expect, it } from 'vitest';
import {
  dataMatches, decodeIcmp, decodeIpv4Header, echoData, encodeEchoRequest, internetChecksum,
} from '../../src/ops/icmp.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('internetChecksum', () => {
  it('folds the carries as RFC 1071 section 3 does', () => {
    // 0001 + f203 + f4f5 + f6f7 = 2ddf0 -> ddf0 + 2 = ddf2; complement 220d
    expect(internetChecksum(hex('0001 f203 f4f5 f6f7'))).toBe(0x220d);
  });
  it('pads an odd last byte with zero', () => {
    // 0800 + 0000 + 0001 + 0001 + 0100 = 0902 -> f6fd
    expect(internetChecksum(hex('0800 0000 0001 0001 01'))).toBe(0xf6fd);
  });
  it('sums a correct IPv4 header to zero (the header from the Wikipedia example, checksum b861)', () => {
    expect(internetChecksum(hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'))).toBe(0);
  });
});

describe('echo requests', () => {
  it('encodes an IPv4 request with its checksum', () => {
    // type 8, code 0, id 1, seq 1, no data: ~(0800 + 0001 + 0001) = f7fd
    expect(encodeEchoRequest(4, 1, 1, Buffer.alloc(0))).toEqual(hex('0800 f7fd 0001 0001'));
    // id 0x1234, seq 0x0102, data "ab": ~(0800 + 1234 + 0102 + 6162) = ~7c98 = 8367
    expect(encodeEchoRequest(4, 0x1234, 0x0102, Buffer.from('ab'))).toEqual(hex('0800 8367 1234 0102 6162'));
  });
  it('leaves the IPv6 checksum to the kernel (it covers a pseudo-header)', () => {
    expect(encodeEchoRequest(6, 0xbeef, 7, Buffer.from([1, 2]))).toEqual(hex('8000 0000 beef 0007 0102'));
  });
  it('wraps sequence and id to 16 bits', () => {
    const b = encodeEchoRequest(4, 0x1_0002, 0x1_0001, Buffer.alloc(0));
    expect(b.readUInt16BE(4)).toBe(2);
    expect(b.readUInt16BE(6)).toBe(1);
  });
  it('decodes what it encodes, and verifies to a zero checksum', () => {
    const b = encodeEchoRequest(4, 77, 3, echoData(56, 1n));
    expect(internetChecksum(b)).toBe(0);
    const m = decodeIcmp(b)!;
    expect([m.type, m.code, m.id, m.seq, m.data.length]).toEqual([8, 0, 77, 3, 56]);
    expect(decodeIcmp(b.subarray(0, 7))).toBeUndefined();
  });
});

describe('echoData', () => {
  it('is iputils\' pattern with the send time as a struct timeval in front', () => {
    // 1700000000 s = 0x6553f100, 123456 µs = 0x1e240, little-endian 64-bit each
    const d = echoData(56, 1_700_000_000_123_456n);
    expect(d.subarray(0, 16)).toEqual(hex('00f1536500000000 40e2010000000000'));
    expect([...d.subarray(16)]).toEqual(Array.from({ length: 40 }, (_, i) => i + 16));
  });
  it('has no room for a time below 16 bytes', () => {
    expect([...echoData(8, 5n)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('matches replies on the bytes after the timeval', () => {
    const sent = echoData(56, 1n);
    const got = Buffer.from(echoData(56, 999n));
    expect(dataMatches(sent, got)).toBe(true);
    got[20] = 0xff;
    expect(dataMatches(sent, got)).toBe(false);
  });
});

describe('decodeIpv4Header', () => {
  it('reads TTL, protocol, addresses and the header length', () => {
    const h = decodeIpv4Header(hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'))!;
    expect(h.headerLength).toBe(20);
    expect(h.totalLength).toBe(0x73);
    expect(h.ttl).toBe(64);
    expect(h.protocol).toBe(17);
    expect([...h.src]).toEqual([192, 168, 0, 1]);
    expect([...h.dst]).toEqual([192, 168, 0, 199]);
  });
  it('refuses a non-IPv4 or short header', () => {
    expect(decodeIpv4Header(hex('6000 0000'))).toBeUndefined();
    expect(decodeIpv4Header(hex('4600 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'))).toBeUndefined();
  });
});
