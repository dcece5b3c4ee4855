// struct nlattr: netlink's type-length-value attributes. <linux/netlink.h>
//
//  <------- NLA_HDRLEN ------> <-- NLA_ALIGN(payload)-->
// +---------------------+- - -+- - - - - - - - - -+- - -+
// |        Header       | Pad |     Payload       | Pad |
// |   (struct nlattr)   | ing |                   | ing |
// +---------------------+- - -+- - - - - - - - - -+- - -+
//  <-------------- nlattr->nla_len -------------->
//
// struct nlattr {
//         __u16           nla_len;     /* header + payload, without the tail padding */
//         __u16           nla_type;    /* NLA_F_NESTED | NLA_F_NET_BYTEORDER | type */
// };
//
// Attributes follow each other at 4-byte alignment (NLA_ALIGNTO); a nested
// attribute's payload is itself a run of attributes. Padding is zero.
// This file holds only the walk and the emit; what a type means lives in the
// attribute-set tables (schema.ts).

import { DecodeError } from './errors.js';
import { NLA_TYPE_MASK } from './constants.js';

export const NLA_ALIGNTO = 4;
export const NLA_HDRLEN = 4;
/** NLA_ALIGN(len) */
export const nlaAlign = (len: number): number => (len + 3) & ~3;

/** One attribute as found in a buffer: where it is and what it says. */
export interface RawAttr {
  /** nla_type without the NLA_F_* flag bits */
  type: number;
  /** nla_type as sent, flags included */
  rawType: number;
  /** offset of the nlattr header in `buf` */
  offset: number;
  /** payload: a view into the message, not a copy */
  payload: Buffer;
}

/**
 * Walks the attributes in buf[start, end). Calls `visit` for each, in order.
 * A header that overruns the region is a DecodeError naming `path`; trailing
 * bytes shorter than a header are tolerated, as the kernel's nla_for_each_attr.
 */
export function walkAttrs(buf: Buffer, start: number, end: number, path: readonly string[], visit: (type: number, rawType: number, payloadStart: number, payloadEnd: number, offset: number) => void): void {
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = buf.readUInt16LE(off);
    const rawType = buf.readUInt16LE(off + 2);
    if (len < NLA_HDRLEN || off + len > end) {
      throw new DecodeError(path, `attribute type ${rawType & NLA_TYPE_MASK} at offset ${off} has nla_len ${len}, ${end - off} bytes left`);
    }
    visit(rawType & NLA_TYPE_MASK, rawType, off + NLA_HDRLEN, off + len, off);
    off += nlaAlign(len);
  }
}

/** The attributes in buf[start, end) as a list (for tests, traces and tools). */
export function listAttrs(buf: Buffer, start = 0, end = buf.length, path: readonly string[] = ['attributes']): RawAttr[] {
  const out: RawAttr[] = [];
  walkAttrs(buf, start, end, path, (type, rawType, ps, pe, offset) => out.push({ type, rawType, offset, payload: buf.subarray(ps, pe) }));
  return out;
}

/**
 * A growable byte writer for building messages: fixed structs, attributes,
 * nests, and many whole messages back to back for one sendmsg().
 */
export class Writer {
  buf: Buffer;
  off = 0;

  constructor(size = 4096) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    if (this.off + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.off + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.off);
    this.buf = b;
  }

  /** Zero bytes up to the next 4-byte boundary. */
  align(): void {
    const pad = ((this.off + 3) & ~3) - this.off;
    if (pad) {
      this.ensure(pad);
      const b = this.buf;
      for (let i = this.off, end = this.off + pad; i < end; i++) b[i] = 0;
      this.off += pad;
    }
  }

  /** Reserve `n` zeroed bytes; returns their offset. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.off;
    // A loop for the few bytes of headers: Buffer.fill is a native call, dearer than the loop up to ~64 bytes.
    if (n <= 64) {
      const b = this.buf;
      for (let i = at, end = at + n; i < end; i++) b[i] = 0;
    } else {
      this.buf.fill(0, at, at + n);
    }
    this.off += n;
    return at;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    if (n <= 16) {
      const d = this.buf;
      for (let i = 0, o = this.off; i < n; i++) d[o + i] = b[i]!;
    } else {
      this.buf.set(b, this.off);
    }
    this.off += n;
  }

  /** Open an attribute of `rawType`; returns the offset to pass to endAttr(). */
  beginAttr(rawType: number): number {
    this.align();
    const at = this.reserve(NLA_HDRLEN);
    this.buf.writeUInt16LE(rawType, at + 2);
    return at;
  }

  /** Close the attribute opened at `at`: write its nla_len, then pad. */
  endAttr(at: number): void {
    const len = this.off - at;
    if (len > 0xffff) throw new RangeError(`attribute at offset ${at} is ${len} bytes; nla_len holds at most 65535`);
    this.buf.writeUInt16LE(len, at);
    this.align();
  }

  /** A whole attribute whose payload is `payload`. */
  attr(rawType: number, payload: Uint8Array): void {
    const at = this.beginAttr(rawType);
    this.bytes(payload);
    this.endAttr(at);
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.off);
  }

  /** A copy of the bytes written so far. */
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.off));
  }
}
