// struct nlmsghdr, message framing, and the kernel's answers (NLMSG_ERROR,
// NLMSG_DONE) with their extended acks. <linux/netlink.h>
//
// A datagram holds one or more messages, each aligned to NLMSG_ALIGNTO (4):
//
// <--- nlmsg_len ------------------------------------->
// +----------+- - -+-------------------------------+- - -+---------- ...
// | nlmsghdr | Pad |  family header + attributes   | Pad | nlmsghdr
// +----------+- - -+-------------------------------+- - -+---------- ...

import { DecodeError, type ExtAck } from './errors.js';
import {
  NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS,
  NLM_F_ACK_TLVS, NLM_F_CAPPED,
} from './constants.js';
import { defineStruct, struct, u16, u32 } from './struct.js';
import { Writer, nlaAlign, walkAttrs } from './nlattr.js';

/*
 * struct nlmsghdr {
 *         __u32           nlmsg_len;      // Length of message including header
 *         __u16           nlmsg_type;     // Message content
 *         __u16           nlmsg_flags;    // Additional flags
 *         __u32           nlmsg_seq;      // Sequence number
 *         __u32           nlmsg_pid;      // Sending process port ID
 * };
 */
export interface NlMsgHdr {
  nlmsg_len: number;
  nlmsg_type: number;
  nlmsg_flags: number;
  nlmsg_seq: number;
  nlmsg_pid: number;
}
export const nlmsghdr = defineStruct<NlMsgHdr>('nlmsghdr', struct([
  u32('nlmsg_len'), u16('nlmsg_type'), u16('nlmsg_flags'), u32('nlmsg_seq'), u32('nlmsg_pid'),
]));
export const NLMSG_HDRLEN = 16;
/** NLMSG_ALIGN(len) */
export const nlmsgAlign = nlaAlign;

/*
 * struct nlmsgerr {
 *         int             error;          // negative errno or 0 for acknowledgements
 *         struct nlmsghdr msg;            // message header that caused the error
 *         // followed by the request's payload unless NETLINK_CAP_ACK (NLM_F_CAPPED),
 *         // then NLMSGERR_ATTR_* TLVs when NLM_F_ACK_TLVS is set
 * };
 */
export interface NlMsgErr {
  error: number;
  msg: NlMsgHdr;
}
export const nlmsgerr = {
  size: 4 + NLMSG_HDRLEN,
};

/** One message found in a datagram: its header and where its payload lies. */
export interface RawMessage {
  hdr: NlMsgHdr;
  /** the datagram (or message) buffer the payload lies in */
  buf: Buffer;
  /** offset of the nlmsghdr in buf */
  offset: number;
  /** offset of the payload (after nlmsghdr) */
  start: number;
  /** end of the message (offset + nlmsg_len) */
  end: number;
}

/**
 * Split a datagram into its messages (NLMSG_OK / NLMSG_NEXT). A message whose
 * nlmsg_len is shorter than a header or runs past the datagram is an error.
 * Each message is an object of its own: for callers that keep them.
 */
export function splitMessages(buf: Buffer, start = 0, end = buf.length): RawMessage[] {
  const out: RawMessage[] = [];
  visitMessages(buf, start, end, emptyMessage(), (m) => {
    out.push({ hdr: { ...m.hdr }, buf, offset: m.offset, start: m.start, end: m.end });
  });
  return out;
}

/** A RawMessage to be filled in by visitMessages(). */
export function emptyMessage(): RawMessage {
  return { hdr: { nlmsg_len: 0, nlmsg_type: 0, nlmsg_flags: 0, nlmsg_seq: 0, nlmsg_pid: 0 }, buf: Buffer.alloc(0), offset: 0, start: 0, end: 0 };
}

/**
 * Walk a datagram's messages (NLMSG_OK / NLMSG_NEXT) through one cursor:
 * `cursor` and its `hdr` are rewritten for each message and handed to
 * `visit`, which must copy whatever it keeps. A dump's datagrams hold
 * hundreds of messages each, mostly read before V8 optimizes anything:
 * two objects made per message were a measurable part of a cold dump
 * (bench/README.md, W3). A bad nlmsg_len is a DecodeError, as in
 * splitMessages().
 */
export function visitMessages(buf: Buffer, start: number, end: number, cursor: RawMessage, visit: (m: RawMessage) => void): void {
  const hdr = cursor.hdr;
  cursor.buf = buf;
  let off = start;
  while (off + NLMSG_HDRLEN <= end) {
    // Bytes read in place, not through Buffer's read methods (see above).
    const len = (buf[off]! | buf[off + 1]! << 8 | buf[off + 2]! << 16) + buf[off + 3]! * 16777216;
    if (len < NLMSG_HDRLEN || off + len > end) {
      throw new DecodeError(['nlmsghdr'], `nlmsg_len ${len} at offset ${off}, ${end - off} bytes left`);
    }
    hdr.nlmsg_len = len;
    hdr.nlmsg_type = buf[off + 4]! | buf[off + 5]! << 8;
    hdr.nlmsg_flags = buf[off + 6]! | buf[off + 7]! << 8;
    hdr.nlmsg_seq = (buf[off + 8]! | buf[off + 9]! << 8 | buf[off + 10]! << 16) + buf[off + 11]! * 16777216;
    hdr.nlmsg_pid = (buf[off + 12]! | buf[off + 13]! << 8 | buf[off + 14]! << 16) + buf[off + 15]! * 16777216;
    cursor.offset = off;
    cursor.start = off + NLMSG_HDRLEN;
    cursor.end = off + len;
    visit(cursor);
    off += nlmsgAlign(len);
  }
}

/**
 * Write a whole message into `w`: the nlmsghdr, then what `body` writes;
 * nlmsg_len is filled in afterwards. Returns the message's offset in `w`.
 */
export function writeMessage(w: Writer, type: number, flags: number, seq: number, pid: number, body: (w: Writer) => void): number {
  w.align();
  const at = w.reserve(NLMSG_HDRLEN);
  body(w);
  const b = w.buf;
  b.writeUInt32LE(w.off - at, at);
  b.writeUInt16LE(type, at + 4);
  b.writeUInt16LE(flags, at + 6);
  b.writeUInt32LE(seq, at + 8);
  b.writeUInt32LE(pid, at + 12);
  w.align();
  return at;
}

/** What an NLMSG_ERROR (or an NLMSG_DONE carrying an error) says. */
export interface KernelAnswer {
  /** 0 for an acknowledgement, else a positive errno */
  errno: number;
  /** the header of the request it answers (from NLMSG_ERROR only) */
  request?: NlMsgHdr;
  extack: ExtAck;
}

function decodeExtAck(buf: Buffer, start: number, end: number): ExtAck {
  const ack: ExtAck = {};
  walkAttrs(buf, start, end, ['nlmsgerr', 'extack'], (type, _raw, ps, pe) => {
    switch (type) {
      case NLMSGERR_ATTR_MSG: ack.msg = buf.toString('utf8', ps, buf[pe - 1] === 0 ? pe - 1 : pe); break;
      case NLMSGERR_ATTR_OFFS: if (pe - ps >= 4) ack.offset = buf.readUInt32LE(ps); break;
      case NLMSGERR_ATTR_MISS_TYPE: if (pe - ps >= 4) ack.missType = buf.readUInt32LE(ps); break;
      case NLMSGERR_ATTR_COOKIE: ack.cookie = Buffer.from(buf.subarray(ps, pe)); break;
    }
  });
  return ack;
}

/**
 * Decode the payload of NLMSG_ERROR: struct nlmsgerr, the echoed request
 * (absent with NLM_F_CAPPED), then the extended-ack TLVs (NLM_F_ACK_TLVS).
 */
export function decodeError(m: RawMessage): KernelAnswer {
  const { buf, start, end, hdr } = m;
  if (end - start < 4) throw new DecodeError(['nlmsgerr'], `needs 4 bytes, got ${end - start}`);
  const error = buf.readInt32LE(start);
  let request: NlMsgHdr | undefined;
  let tlvs = end;
  if (end - start >= nlmsgerr.size) {
    request = nlmsghdr.decode(buf, start + 4, NLMSG_HDRLEN, ['nlmsgerr', 'msg']);
    const echoed = hdr.nlmsg_flags & NLM_F_CAPPED ? NLMSG_HDRLEN : request.nlmsg_len;
    // The echoed nlmsg_len is a u32 from the wire: past the end, there is no
    // room for TLVs (and nlmsgAlign of a length >= 2^31 would be negative).
    tlvs = echoed > end - start - 4 ? end : start + 4 + nlmsgAlign(echoed);
  }
  const extack = hdr.nlmsg_flags & NLM_F_ACK_TLVS && tlvs < end ? decodeExtAck(buf, tlvs, end) : {};
  return { errno: error === 0 ? 0 : -error, request, extack };
}

/**
 * Decode the payload of NLMSG_DONE: an int (0, or a negative errno when the
 * dump failed), then extended-ack TLVs when NLM_F_ACK_TLVS is set. The
 * layout differs from NLMSG_ERROR's: there is no echoed header.
 */
export function decodeDone(m: RawMessage): KernelAnswer {
  const { buf, start, end, hdr } = m;
  const error = end - start >= 4 ? buf.readInt32LE(start) : 0;
  const extack = hdr.nlmsg_flags & NLM_F_ACK_TLVS && start + 4 < end ? decodeExtAck(buf, start + 4, end) : {};
  return { errno: error === 0 ? 0 : -error, extack };
}

