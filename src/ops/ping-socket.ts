// An ICMP socket for ping, opened inside a network namespace (the thread is
// inside only for socket(); the socket then works from anywhere), with the
// receive side ping needs: recvmsg(2) with control messages (TTL, hop
// limit, kernel receive time) and the error queue (ICMP errors the kernel
// matched to our requests, kernel send times), and a wait that never
// blocks the event loop. struct msghdr holds pointers: they point into one
// Buffer of the socket's own (libc.addressOf), alive as long as the socket.
//
// Socket type, as iputils chooses it: an ICMP datagram socket ("ping
// socket": SOCK_DGRAM + IPPROTO_ICMP / IPPROTO_ICMPV6) when
// net.ipv4.ping_group_range admits our group, else a raw socket (root or
// CAP_NET_RAW). A fresh namespace has ping_group_range "1 0": nobody is
// admitted, so as root there it is raw.
//
// Waiting: in the process's one shared poll(2) (src/netlink/poller.ts), as
// monitors wait. A poll per socket would take a thread of libuv's pool (4
// by default, shared with fs, dns and crypto) for each ping in flight: four
// pings at once would starve every file read of the program. A wait's
// timeout is a timer on the event loop; close() leaves the poller, which
// closes the fd once no poll() uses it (fd numbers are reused at once).

import { AF_INET, AF_INET6, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_RAW, SOL_SOCKET } from '../netlink/constants.js';
import { OsError } from '../netlink/errors.js';
import * as libc from '../netlink/libc.js';
import { withNetns, type NetnsRef } from '../netlink/netns.js';
import { watch, type Watch } from '../netlink/poller.js';
import { ICMP6_ECHO_REPLY, ICMP_ECHOREPLY, type IpFamily } from './icmp.js';

// <linux/in.h>, <linux/in6.h>, <linux/icmp.h>, <linux/icmpv6.h>,
// <asm-generic/socket.h>, <linux/errqueue.h>, <linux/socket.h>, <poll.h>
const IPPROTO_ICMP = 1;
const IPPROTO_ICMPV6 = 58;
const SOL_IP = 0;
const SOL_IPV6 = 41;
const SOL_RAW = 255;
const IP_TTL = 2;
const IP_RECVERR = 11;
const IP_RECVTTL = 12;
const IPV6_RECVERR = 25;
const IPV6_RECVHOPLIMIT = 51;
const IPV6_HOPLIMIT = 52;
const ICMP_FILTER = 1; // SOL_RAW, struct icmp_filter { u32 data } (a set bit blocks that type)
const ICMP6_FILTER = 1; // IPPROTO_ICMPV6, struct icmp6_filter { u32 data[8] }
const SO_TIMESTAMP = 29; // SO_TIMESTAMP_OLD: struct timeval (64-bit fields on x86-64)
const SO_TIMESTAMPING = 37; // SO_TIMESTAMPING_OLD; <linux/net_tstamp.h>
const SCM_TIMESTAMPING = SO_TIMESTAMPING; // struct scm_timestamping { struct timespec ts[3] }
const SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
const SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
const SOF_TIMESTAMPING_OPT_ID = 1 << 7;
const SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
const MSG_DONTWAIT = 0x40;
const MSG_ERRQUEUE = 0x2000;
const POLLIN = 0x1;
const POLLERR = 0x8;
export const SO_EE_ORIGIN_LOCAL = 1;
export const SO_EE_ORIGIN_ICMP = 2;
export const SO_EE_ORIGIN_ICMP6 = 3;
export const SO_EE_ORIGIN_TIMESTAMPING = 4;

export type IcmpSocketType = 'dgram' | 'raw';

/** A datagram read with recvmsg(2). `bytes` is valid until the next receive. */
export interface Datagram {
  bytes: Buffer;
  /** the sender's address bytes (4 or 16) */
  from: Buffer;
  /** IP_TTL or IPV6_HOPLIMIT control message, when the kernel sent one */
  ttl?: number;
  /** SO_TIMESTAMP: when the kernel received it, µs since the epoch */
  rxUs?: bigint;
}

/** An entry of the socket's error queue (struct sock_extended_err and what came with it). */
export interface QueuedError {
  errno: number;
  /** SO_EE_ORIGIN_LOCAL, _ICMP or _ICMP6 */
  origin: number;
  type: number;
  code: number;
  info: number;
  /** who reported it (SO_EE_OFFENDER), address bytes; absent for local errors */
  offender?: Buffer;
  /** the destination of the request it is about */
  target: Buffer;
  /** the start of the request it is about (its ICMP header) */
  request: Buffer;
  /** ee_data: for a send timestamp, the send's number on this socket (from 0) */
  data: number;
  /** SO_EE_ORIGIN_TIMESTAMPING: when the device took the request, µs since the epoch */
  txUs?: bigint;
}

/** struct sockaddr_in / sockaddr_in6 for `addr` (4 or 16 bytes). */
export function sockaddr(addr: Buffer, port = 0): Buffer {
  if (addr.length === 4) {
    const sa = Buffer.alloc(16);
    sa.writeUInt16LE(AF_INET, 0);
    sa.writeUInt16BE(port, 2);
    addr.copy(sa, 4);
    return sa;
  }
  const sa = Buffer.alloc(28);
  sa.writeUInt16LE(AF_INET6, 0);
  sa.writeUInt16BE(port, 2);
  addr.copy(sa, 8);
  return sa;
}

/** The address bytes of a sockaddr_in / sockaddr_in6 at `off`. */
function sockaddrAddress(b: Buffer, off = 0): Buffer {
  const family = b.readUInt16LE(off);
  if (family === AF_INET) return Buffer.from(b.subarray(off + 4, off + 8));
  if (family === AF_INET6) return Buffer.from(b.subarray(off + 8, off + 24));
  return Buffer.alloc(0);
}

// One buffer for recvmsg: struct msghdr, struct iovec, the name, the
// control messages and the data, with pointers to its own parts.
const MSGHDR = 0, IOV = 64, NAME = 80, NAME_LEN = 128, CTRL = 208, CTRL_LEN = 512, DATA = 720;

export interface OpenOptions {
  netns?: NetnsRef;
  /** 'auto' (default) tries a datagram socket, then raw, as iputils does */
  type?: 'auto' | IcmpSocketType;
}

export class IcmpSocket {
  readonly family: IpFamily;
  readonly type: IcmpSocketType;
  readonly fd: number;
  private readonly rx: Buffer;
  private readonly rxAddr: bigint;
  private readonly pollfd = Buffer.alloc(8);
  private readonly watcher: Watch;
  /** The wait in progress: how to end it. */
  private pending: ((r: WaitResult) => void) | undefined;
  private failed: ((e: Error) => void) | undefined;
  private woken = false;
  private closed = false;

  private constructor(family: IpFamily, type: IcmpSocketType, fd: number, maxData: number) {
    this.family = family;
    this.type = type;
    this.fd = fd;
    // Its own backing store (allocUnsafeSlow), referenced as long as the socket: its address stays valid.
    this.rx = Buffer.allocUnsafeSlow(DATA + maxData);
    this.rxAddr = libc.addressOf(this.rx);
    this.watcher = watch(fd, {
      ready: (revents) => this.settle({ readable: (revents & POLLIN) !== 0, error: (revents & POLLERR) !== 0, woken: false }),
      error: (e) => this.settle({ readable: false, error: false, woken: false }, e),
    });
  }

  /**
   * Open an ICMP socket for pinging `dest` (4 or 16 address bytes) inside
   * `opts.netns`. Like ping, first checks there is a route, by connecting a
   * UDP socket to the destination: an OsError('connect', ENETUNREACH) when not.
   * `maxData` is the largest datagram to receive.
   */
  static open(dest: Buffer, maxData: number, opts: OpenOptions = {}): IcmpSocket {
    const family: IpFamily = dest.length === 4 ? 4 : 6;
    const af = family === 4 ? AF_INET : AF_INET6;
    const proto = family === 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6;
    const want = opts.type ?? 'auto';
    const { fd, type } = withNetns(opts.netns, () => {
      const opened = openIcmp(af, proto, want);
      try {
        const probe = libc.socket(af, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try {
          libc.connect(probe, sockaddr(dest, 1025));
        } finally {
          libc.close(probe);
        }
      } catch (e) {
        libc.close(opened.fd);
        throw e;
      }
      return opened;
    });
    try {
      configure(fd, family, type);
      return new IcmpSocket(family, type, fd, maxData);
    } catch (e) {
      libc.close(fd);
      throw e;
    }
  }

  /** sendto(2) `packet` to `dest` (address bytes). */
  send(packet: Buffer, dest: Buffer): void {
    libc.sendto(this.fd, packet, 0, sockaddr(dest));
  }

  private recvmsg(flags: number, dataLen: number): number | undefined {
    const b = this.rx, base = this.rxAddr;
    b.fill(0, MSGHDR, DATA);
    b.writeBigUInt64LE(base + BigInt(NAME), MSGHDR); // msg_name
    b.writeUInt32LE(NAME_LEN, MSGHDR + 8); // msg_namelen
    b.writeBigUInt64LE(base + BigInt(IOV), MSGHDR + 16); // msg_iov
    b.writeBigUInt64LE(1n, MSGHDR + 24); // msg_iovlen
    b.writeBigUInt64LE(base + BigInt(CTRL), MSGHDR + 32); // msg_control
    b.writeBigUInt64LE(BigInt(CTRL_LEN), MSGHDR + 40); // msg_controllen
    b.writeBigUInt64LE(base + BigInt(DATA), IOV); // iov_base
    b.writeBigUInt64LE(BigInt(dataLen), IOV + 8); // iov_len
    try {
      return libc.recvmsg(this.fd, b.subarray(MSGHDR, MSGHDR + 56), flags | MSG_DONTWAIT);
    } catch (e) {
      if (e instanceof OsError && (e.code === 'EAGAIN' || e.code === 'EINTR')) return undefined;
      throw e;
    }
  }

  /** Control messages of the last recvmsg: [level, type, data]. */
  private *cmsgs(): Generator<[number, number, Buffer]> {
    const b = this.rx;
    const end = CTRL + Number(b.readBigUInt64LE(MSGHDR + 40));
    for (let off = CTRL; off + 16 <= end;) {
      const len = Number(b.readBigUInt64LE(off));
      if (len < 16 || off + len > end) break;
      yield [b.readInt32LE(off + 8), b.readInt32LE(off + 12), b.subarray(off + 16, off + len)];
      off += (len + 7) & ~7;
    }
  }

  /**
   * The next datagram, without waiting; undefined when none is queued.
   * Throws an OsError when the socket reports an error (then read the
   * error queue).
   */
  receive(): Datagram | undefined {
    const n = this.recvmsg(0, this.rx.length - DATA);
    if (n === undefined) return undefined;
    const d: Datagram = { bytes: this.rx.subarray(DATA, DATA + Math.min(n, this.rx.length - DATA)), from: sockaddrAddress(this.rx, NAME) };
    for (const [level, type, data] of this.cmsgs()) {
      if (level === SOL_SOCKET && type === SO_TIMESTAMP && data.length >= 16) {
        d.rxUs = data.readBigInt64LE(0) * 1_000_000n + data.readBigInt64LE(8);
      } else if ((level === SOL_IP && type === IP_TTL) || (level === SOL_IPV6 && type === IPV6_HOPLIMIT)) {
        if (data.length >= 4) d.ttl = data.readInt32LE(0);
      }
    }
    return d;
  }

  /** The next entry of the error queue (MSG_ERRQUEUE), without waiting; undefined when empty. */
  receiveError(): QueuedError | undefined {
    const n = this.recvmsg(MSG_ERRQUEUE, 8);
    if (n === undefined) return undefined;
    const wantLevel = this.family === 4 ? SOL_IP : SOL_IPV6;
    const wantType = this.family === 4 ? IP_RECVERR : IPV6_RECVERR;
    const q: QueuedError = { errno: 0, origin: 0, type: 0, code: 0, info: 0, data: 0, target: Buffer.alloc(0), request: Buffer.alloc(0) };
    for (const [level, type, data] of this.cmsgs()) {
      if (level === SOL_SOCKET && type === SCM_TIMESTAMPING && data.length >= 16) {
        q.txUs = data.readBigInt64LE(0) * 1_000_000n + data.readBigInt64LE(8) / 1000n;
      }
      if (level !== wantLevel || type !== wantType || data.length < 16) continue;
      q.errno = data.readUInt32LE(0);
      q.origin = data[4]!;
      q.type = data[5]!;
      q.code = data[6]!;
      q.info = data.readUInt32LE(8);
      q.data = data.readUInt32LE(12);
      const hasOffender = q.origin === SO_EE_ORIGIN_ICMP || q.origin === SO_EE_ORIGIN_ICMP6;
      if (hasOffender && data.length >= 18) q.offender = sockaddrAddress(data, 16);
      q.target = sockaddrAddress(this.rx, NAME);
      q.request = Buffer.from(this.rx.subarray(DATA, DATA + Math.min(n, 8)));
    }
    return q;
  }

  /**
   * Wait up to `timeoutMs` for the socket to have something to read
   * (readable) or an error queued (error), off the event loop. `woken` is
   * true when wake() (or close()) ended the wait. What is already queued is
   * seen at once, by a poll(2) that does not wait; a wait of 0 ms still
   * yields to the event loop once.
   */
  async wait(timeoutMs: number): Promise<WaitResult> {
    if (this.closed || this.woken) return { readable: false, error: false, woken: true };
    if (this.pending) throw new Error('IcmpSocket.wait(): already waiting');
    const p = this.pollfd;
    p.writeInt32LE(this.fd, 0);
    p.writeInt16LE(POLLIN, 4);
    p.writeInt16LE(0, 6);
    if (libc.poll(p, 0) > 0) {
      const re = p.readInt16LE(6);
      return { readable: (re & POLLIN) !== 0, error: (re & POLLERR) !== 0, woken: false };
    }
    return new Promise<WaitResult>((resolve, reject) => {
      const timer = setTimeout(() => this.settle({ readable: false, error: false, woken: false }), Math.max(0, Math.ceil(timeoutMs)));
      this.pending = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.failed = reject;
      this.watcher.resume();
    });
  }

  /** End the wait in progress with `r` (or the poller's failure `e`). */
  private settle(r: WaitResult, e?: Error): void {
    const done = this.pending, fail = this.failed;
    this.pending = this.failed = undefined;
    this.watcher.pause();
    if (e && fail) fail(e);
    else done?.(r);
  }

  /** End the current wait (and every later one). */
  wake(): void {
    if (this.closed) return;
    this.woken = true;
    this.settle({ readable: false, error: false, woken: true });
  }

  /** End any wait, then leave the poller, which closes the fd once no poll() uses it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.wake();
    this.closed = true;
    const fd = this.fd;
    this.watcher.close(() => libc.close(fd));
  }
}

/** What ended a wait. */
export interface WaitResult {
  readable: boolean;
  error: boolean;
  woken: boolean;
}

/** socket(2) as iputils' create_socket: a ping socket, else (when refused) raw. */
function openIcmp(af: number, proto: number, want: 'auto' | IcmpSocketType): { fd: number; type: IcmpSocketType } {
  if (want !== 'raw') {
    try {
      return { fd: libc.socket(af, SOCK_DGRAM | SOCK_CLOEXEC, proto), type: 'dgram' };
    } catch (e) {
      const fallback = e instanceof OsError && (e.code === 'EACCES' || e.code === 'EPROTONOSUPPORT' || (e.code === 'EAFNOSUPPORT' && af === AF_INET));
      if (want === 'dgram' || !fallback) throw e;
    }
  }
  return { fd: libc.socket(af, SOCK_RAW | SOCK_CLOEXEC, proto), type: 'raw' };
}

/**
 * Socket options as ping sets them: the error queue on; TTL / hop limit as
 * control messages (a raw IPv4 socket reads the TTL from the IP header);
 * kernel receive timestamps, and send timestamps on the error queue
 * numbered by send (OPT_ID, timestamps only); on raw sockets, a filter that
 * passes echo replies only (errors come through the error queue).
 */
function configure(fd: number, family: IpFamily, type: IcmpSocketType): void {
  libc.setsockoptInt(fd, SOL_SOCKET, SO_TIMESTAMP, 1);
  const tx = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY;
  libc.setsockoptInt(fd, SOL_SOCKET, SO_TIMESTAMPING, tx);
  if (family === 4) {
    libc.setsockoptInt(fd, SOL_IP, IP_RECVERR, 1);
    if (type === 'dgram') libc.setsockoptInt(fd, SOL_IP, IP_RECVTTL, 1);
    else libc.setsockoptInt(fd, SOL_RAW, ICMP_FILTER, ~(1 << ICMP_ECHOREPLY));
  } else {
    libc.setsockoptInt(fd, SOL_IPV6, IPV6_RECVERR, 1);
    libc.setsockoptInt(fd, SOL_IPV6, IPV6_RECVHOPLIMIT, 1);
    if (type === 'raw') {
      const filter = Buffer.alloc(32, 0xff);
      filter.writeUInt32LE(~(1 << (ICMP6_ECHO_REPLY & 31)) >>> 0, 4 * (ICMP6_ECHO_REPLY >> 5));
      libc.setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, filter);
    }
  }
}
