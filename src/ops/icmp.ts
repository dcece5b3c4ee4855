// ICMP echo messages as they travel: encode, decode, checksum. Pure: no I/O.
//
// References: RFC 792 (ICMP), RFC 4443 (ICMPv6), RFC 1071 (the checksum),
// <netinet/ip_icmp.h>, <netinet/icmp6.h>, <linux/ip.h>.
//
//   0      1      2      3      4      5      6      7      8 ...
//   type   code   checksum     identifier    sequence      data
//
// All multi-byte fields are big-endian (network order).

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_SOURCE_QUENCH = 4;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_PARAMETERPROB = 12;

export const ICMP6_DST_UNREACH = 1;
export const ICMP6_PACKET_TOO_BIG = 2;
export const ICMP6_TIME_EXCEEDED = 3;
export const ICMP6_PARAM_PROB = 4;
export const ICMP6_ECHO_REQUEST = 128;
export const ICMP6_ECHO_REPLY = 129;

/** Length of the echo header (type, code, checksum, id, sequence). */
export const ICMP_HEADER_LEN = 8;
/** iputils puts a struct timeval (16 bytes on 64-bit Linux) first in the data; times are shown only when the data can hold it. */
export const TIMEVAL_LEN = 16;

export type IpFamily = 4 | 6;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of the big-endian 16-bit words; an odd last byte is
 * padded with a zero byte. A message with a correct checksum field sums to 0.
 */
export function internetChecksum(b: Uint8Array, start = 0, end = b.length): number {
  let sum = 0;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface IcmpEcho {
  type: number;
  code: number;
  checksum: number;
  id: number;
  seq: number;
  data: Buffer;
}

/**
 * The data iputils sends: byte i is i & 0xff, with the first 16 bytes
 * (when there is room) overwritten by the send time as a struct timeval
 * (tv_sec, tv_usec: 64-bit little-endian each, as x86-64 lays it out).
 */
export function echoData(size: number, sentUs?: bigint): Buffer {
  const data = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) data[i] = i & 0xff;
  if (sentUs !== undefined && size >= TIMEVAL_LEN) {
    data.writeBigInt64LE(sentUs / 1_000_000n, 0);
    data.writeBigInt64LE(sentUs % 1_000_000n, 8);
  }
  return data;
}

/**
 * An echo request. IPv4 carries its checksum (a raw socket sends what it
 * is given); for IPv6 the checksum covers a pseudo-header with addresses the
 * kernel picks, so it is left 0 and the kernel fills it in (as it does for
 * ICMP datagram sockets of either family).
 */
export function encodeEchoRequest(family: IpFamily, id: number, seq: number, data: Uint8Array): Buffer {
  const b = Buffer.alloc(ICMP_HEADER_LEN + data.length);
  b[0] = family === 4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
  b[1] = 0;
  b.writeUInt16BE(id & 0xffff, 4);
  b.writeUInt16BE(seq & 0xffff, 6);
  b.set(data, ICMP_HEADER_LEN);
  if (family === 4) b.writeUInt16BE(internetChecksum(b), 2);
  return b;
}

/** The ICMP header and data at the start of `b`; undefined when shorter than a header. */
export function decodeIcmp(b: Buffer): IcmpEcho | undefined {
  if (b.length < ICMP_HEADER_LEN) return undefined;
  return {
    type: b[0]!,
    code: b[1]!,
    checksum: b.readUInt16BE(2),
    id: b.readUInt16BE(4),
    seq: b.readUInt16BE(6),
    data: b.subarray(ICMP_HEADER_LEN),
  };
}

export interface Ipv4Header {
  /** header length in bytes (ihl × 4) */
  headerLength: number;
  totalLength: number;
  ttl: number;
  protocol: number;
  src: Buffer;
  dst: Buffer;
}

/** The IPv4 header a raw socket delivers before the ICMP message; undefined when malformed. */
export function decodeIpv4Header(b: Buffer): Ipv4Header | undefined {
  if (b.length < 20 || b[0]! >> 4 !== 4) return undefined;
  const headerLength = (b[0]! & 0x0f) * 4;
  if (headerLength < 20 || b.length < headerLength) return undefined;
  return {
    headerLength,
    totalLength: b.readUInt16BE(2),
    ttl: b[8]!,
    protocol: b[9]!,
    src: b.subarray(12, 16),
    dst: b.subarray(16, 20),
  };
}

/**
 * Whether a reply's data is ours (iputils: contains_pattern_in_payload):
 * everything after the timeval matches what was sent.
 */
export function dataMatches(sent: Uint8Array, got: Uint8Array): boolean {
  const n = Math.min(sent.length, got.length);
  for (let i = TIMEVAL_LEN; i < n; i++) if (sent[i] !== got[i]) return false;
  return true;
}
