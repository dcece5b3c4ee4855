// Reading many datagrams with one system call: recvmmsg(2). <sys/socket.h>
//
// A netlink socket delivers each kernel answer as its own datagram: a
// pipeline of 1000 acknowledged requests queues 1000 acks, and recv(2)
// returns one datagram per call. recvmmsg(2) returns up to VLEN of them per
// call, each into its own slot. ffi-rs cannot build structs of pointers,
// so, as in multicast.ts, every part lives in one Buffer that points into
// itself (libc.addressOf() tells its address once):
//
//   struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }   64 bytes
//   struct msghdr {                       x86_64 / arm64 (LP64) layout
//     void         *msg_name;        0    NULL: the sender is always the kernel here
//     socklen_t     msg_namelen;     8
//     struct iovec *msg_iov;        16    -> { iov_base -> slot i, iov_len }
//     size_t        msg_iovlen;     24    1
//     void         *msg_control;    32    NULL
//     size_t        msg_controllen; 40    0
//     int           msg_flags;      48    MSG_TRUNC when the datagram was cut
//   };
//
// The pointers are written once. The kernel rewrites only msg_len and
// msg_flags, so nothing needs resetting between calls.
//
// MSG_WAITFORONE: block (up to the socket's SO_RCVTIMEO) for the first
// datagram only, then take what is queued. Without it recvmmsg waits until
// all VLEN slots are full.

import { MSG_DONTWAIT, MSG_TRUNC } from './constants.js';
import { OsError } from './errors.js';
import * as libc from './libc.js';

/** recvmmsg(2) flag: after the first datagram, do not wait for more. <sys/socket.h> */
export const MSG_WAITFORONE = 0x10000;

/** Reads queued datagrams in bulk; `datagram(i)` is valid until the next read. */
export interface DatagramReader {
  /**
   * Receive up to `vlen` datagrams: waits (up to the socket's receive
   * timeout) for the first, then takes what is queued without waiting.
   * `nowait` does not wait for the first either. Returns how many arrived;
   * throws OsError (EAGAIN on a timeout or when nothing is queued).
   */
  read(nowait?: boolean): number;
  /** The bytes of datagram `i` of the last read (a view into the reader's memory). */
  datagram(i: number): Buffer;
  /** Whether datagram `i` was longer than its slot (its bytes are then cut). */
  truncated(i: number): boolean;
  readonly vlen: number;
  readonly slot: number;
}

const MMSG = 64;
const IOVEC = 16;

/** recvmmsg(2) into VLEN slots of SLOT bytes each. */
export class MmsgReader implements DatagramReader {
  readonly vlen: number;
  readonly slot: number;
  private readonly fd: number;
  private readonly mem: Buffer;
  private readonly hdrs: Buffer;
  private readonly lens: number[] = [];
  private readonly flags: number[] = [];
  private readonly dataAt: number;

  constructor(fd: number, vlen = 64, slot = 8192) {
    this.fd = fd;
    this.vlen = vlen;
    this.slot = slot;
    const iovAt = MMSG * vlen;
    this.dataAt = iovAt + IOVEC * vlen;
    // its own backing store (not a pool slice): its address stays valid
    this.mem = Buffer.allocUnsafeSlow(this.dataAt + slot * vlen);
    this.mem.fill(0, 0, this.dataAt);
    const base = libc.addressOf(this.mem);
    for (let i = 0; i < vlen; i++) {
      const h = MMSG * i, iov = iovAt + IOVEC * i;
      this.mem.writeBigUInt64LE(base + BigInt(iov), h + 16); //                      msg_iov
      this.mem.writeBigUInt64LE(1n, h + 24); //                                      msg_iovlen
      this.mem.writeBigUInt64LE(base + BigInt(this.dataAt + slot * i), iov); //      iov_base
      this.mem.writeBigUInt64LE(BigInt(slot), iov + 8); //                           iov_len
    }
    this.hdrs = this.mem.subarray(0, MMSG * vlen);
  }

  read(nowait = false): number {
    const n = libc.recvmmsg(this.fd, this.hdrs, this.vlen, nowait ? MSG_DONTWAIT : MSG_WAITFORONE);
    const mem = this.mem;
    for (let i = 0; i < n; i++) {
      this.lens[i] = mem.readUInt32LE(MMSG * i + 56); // msg_len
      this.flags[i] = mem.readInt32LE(MMSG * i + 48); // msg_flags
    }
    return n;
  }

  datagram(i: number): Buffer {
    const at = this.dataAt + this.slot * i;
    return this.mem.subarray(at, at + Math.min(this.lens[i]!, this.slot));
  }

  truncated(i: number): boolean {
    return (this.flags[i]! & MSG_TRUNC) !== 0;
  }
}

/**
 * The same contract over plain recv(2), one datagram per call: for a
 * Syscalls without recvmmsg (the fake kernel of the unit tests).
 */
export class RecvReader implements DatagramReader {
  readonly vlen: number;
  readonly slot: number;
  private readonly bufs: Buffer[] = [];
  private readonly lens: number[] = [];

  constructor(private readonly recv: (buf: Buffer, flags: number) => number, vlen = 64, slot = 8192) {
    this.vlen = vlen;
    this.slot = slot;
  }

  read(nowait = false): number {
    let n = 0;
    for (; n < this.vlen; n++) {
      const buf = (this.bufs[n] ??= Buffer.alloc(this.slot));
      let len: number;
      try {
        len = this.recv(buf, MSG_TRUNC | (nowait || n > 0 ? MSG_DONTWAIT : 0));
      } catch (e) {
        if (n > 0 && e instanceof OsError && (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK')) break;
        throw e;
      }
      this.lens[n] = len;
    }
    return n;
  }

  datagram(i: number): Buffer {
    return this.bufs[i]!.subarray(0, Math.min(this.lens[i]!, this.slot));
  }

  truncated(i: number): boolean {
    return this.lens[i]! > this.slot;
  }
}
