// A netlink socket: opened inside a namespace, requests acknowledged and
// matched by sequence number and port id, dumps read to NLMSG_DONE.
//
//   user                                   kernel
//   ---- nlmsghdr{RTM_NEWLINK, REQUEST|ACK|CREATE|EXCL, seq=7} + body --->
//   <--- nlmsghdr{NLMSG_ERROR, seq=7} + nlmsgerr{error=0 | -errno} + extack
//
//   ---- nlmsghdr{RTM_GETLINK, REQUEST|DUMP, seq=8} + ifinfomsg -------->
//   <--- RTM_NEWLINK (NLM_F_MULTI) ... RTM_NEWLINK ... NLMSG_DONE -------
//
// The kernel handles a request synchronously inside sendmsg(): by the time
// send() returns, the answer is already queued on the socket. So a request
// is send() then recv() with no wait in between, and tsip's calls block the
// event loop for microseconds, not for round trips. SO_RCVTIMEO bounds every
// read, so a lost reply can never hang the caller.

import {
  AF_NETLINK, MSG_TRUNC, NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NETLINK_ADD_MEMBERSHIP,
  NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR,
  NLM_F_REQUEST, SOCK_CLOEXEC, SOCK_RAW, SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVTIMEO, SO_SNDBUF,
} from './constants.js';
import { DumpInterruptedError, NetlinkError, OsError, TimeoutError } from './errors.js';
import * as libc from './libc.js';
import { withNetns, type NetnsRef } from './netns.js';
import { Writer } from './nlattr.js';
import { decodeDone, decodeError, splitMessages, writeMessage, type RawMessage } from './nlmsghdr.js';
import { rtmName } from './rtnl/constants.js';

/** What a socket needs to know of its netlink protocol. */
export interface Protocol {
  /** NETLINK_ROUTE, NETLINK_NETFILTER, ... */
  readonly id: number;
  readonly name: string;
  /** iproute2's prefix for errors without an extended ack: "RTNETLINK answers" */
  readonly errorPrefix: string;
  /** The kernel name of a message type: 16 -> "RTM_NEWLINK". */
  typeName(type: number): string;
}

/** rtnetlink: links, addresses, routes, neighbours, netns ids. */
export const NETLINK_ROUTE_PROTOCOL: Protocol = {
  id: NETLINK_ROUTE, name: 'rtnetlink', errorPrefix: 'RTNETLINK answers', typeName: rtmName,
};

/**
 * The system calls a socket makes. libc's by default; tests pass a fake
 * kernel that answers in memory.
 */
export interface Syscalls {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Buffer): void;
  getsockname(fd: number, addr: Buffer): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer): void;
  send(fd: number, buf: Buffer, flags?: number): number;
  recv(fd: number, buf: Buffer, flags?: number): number;
  close(fd: number): void;
}

/** Hook that sees every datagram sent and received (the trace mode). */
export type TraceHook = (direction: 'request' | 'reply', bytes: Buffer, protocol: Protocol) => void;

export interface SocketOptions {
  /** Namespace to open the socket in; the caller's own when absent. */
  netns?: NetnsRef;
  /** Receive timeout in ms for every read (SO_RCVTIMEO). Default 5000. */
  timeoutMs?: number;
  /** SO_RCVBUF in bytes. Default 1 MiB (SO_RCVBUFFORCE when permitted). */
  rcvbuf?: number;
  /** NETLINK_EXT_ACK: the kernel explains errors. Default on. */
  extAck?: boolean;
  /** NETLINK_GET_STRICT_CHK: dump requests are checked strictly. Default on. */
  strictCheck?: boolean;
  /** Multicast groups to join (RTNLGRP_*), for event sockets. */
  groups?: readonly number[];
  /** How often a dump interrupted by NLM_F_DUMP_INTR is retried. Default 5. */
  dumpRetries?: number;
  trace?: TraceHook;
  /** The system calls to use: libc's unless a test passes a fake kernel. */
  sys?: Syscalls;
}

/** sizeof(struct sockaddr_nl): nl_family u16, pad u16, nl_pid u32, nl_groups u32 */
const SOCKADDR_NL_SIZE = 12;
/** Read buffer: at least 32 KiB, the size the kernel sizes dump datagrams to. */
const RECV_BUFFER = 64 * 1024;

/** Decoder for one reply message, run while its bytes are valid. */
export type Decode<T> = (m: RawMessage) => T;

export class NetlinkSocket {
  readonly fd: number;
  /** Our port id (nl_pid), assigned by the kernel at bind(). */
  readonly pid: number;
  readonly protocol: Protocol;
  readonly timeoutMs: number;
  private seq: number;
  private rbuf = Buffer.allocUnsafe(RECV_BUFFER);
  private readonly w = new Writer(4096);
  private readonly dumpRetries: number;
  private readonly trace?: TraceHook;
  private readonly sys: Syscalls;
  private closed = false;
  /** Replies that matched no pending request (late answers to timed-out requests). */
  stale = 0;

  private constructor(fd: number, pid: number, protocol: Protocol, opts: SocketOptions) {
    this.fd = fd;
    this.pid = pid;
    this.protocol = protocol;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.dumpRetries = opts.dumpRetries ?? 5;
    this.trace = opts.trace;
    this.sys = opts.sys ?? libc;
    this.seq = 0;
  }

  /**
   * Open a socket of `protocol`, inside `opts.netns` when given: the thread
   * enters the namespace only for the socket() call. Options are then set,
   * the socket bound, and its port id read back.
   */
  static open(protocol: Protocol = NETLINK_ROUTE_PROTOCOL, opts: SocketOptions = {}): NetlinkSocket {
    const sys = opts.sys ?? libc;
    const fd = withNetns(opts.netns, () => sys.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol.id));
    const setInt = (level: number, name: number, value: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32LE(value, 0);
      sys.setsockopt(fd, level, name, b);
    };
    try {
      const timeout = opts.timeoutMs ?? 5000;
      const tv = Buffer.alloc(16); // struct timeval { time_t tv_sec; suseconds_t tv_usec; }
      tv.writeBigInt64LE(BigInt(Math.floor(timeout / 1000)), 0);
      tv.writeBigInt64LE(BigInt((timeout % 1000) * 1000), 8);
      sys.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv);
      setInt(SOL_SOCKET, SO_SNDBUF, 32 * 1024);
      const rcvbuf = opts.rcvbuf ?? 1024 * 1024;
      try {
        setInt(SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf);
      } catch {
        setInt(SOL_SOCKET, SO_RCVBUF, rcvbuf); // capped by net.core.rmem_max without CAP_NET_ADMIN
      }
      if (opts.extAck !== false) setInt(SOL_NETLINK, NETLINK_EXT_ACK, 1);
      if (opts.strictCheck !== false) setInt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
      // Errors need not echo our whole request back: we match them by seq.
      setInt(SOL_NETLINK, NETLINK_CAP_ACK, 1);
      const addr = Buffer.alloc(SOCKADDR_NL_SIZE);
      addr.writeUInt16LE(AF_NETLINK, 0);
      sys.bind(fd, addr);
      for (const g of opts.groups ?? []) setInt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g);
      sys.getsockname(fd, addr);
      return new NetlinkSocket(fd, addr.readUInt32LE(4), protocol, opts);
    } catch (e) {
      sys.close(fd);
      throw e;
    }
  }

  /** The next sequence number (never 0: the kernel uses 0 for notifications). */
  nextSeq(): number {
    this.seq = this.seq >= 0xffffffff ? 1 : this.seq + 1;
    return this.seq;
  }

  /** Send the bytes of one or more whole messages in one datagram. */
  sendRaw(bytes: Buffer): void {
    this.checkOpen();
    this.trace?.('request', bytes, this.protocol);
    this.sys.send(this.fd, bytes);
  }

  /**
   * Build one message with `body`, send it, return its sequence number.
   * NLM_F_REQUEST is always set; pass NLM_F_ACK and the rest in `flags`.
   */
  send(type: number, flags: number, body: (w: Writer) => void): number {
    const seq = this.nextSeq();
    this.w.off = 0;
    writeMessage(this.w, type, flags | NLM_F_REQUEST, seq, 0, body);
    this.sendRaw(this.w.view());
    return seq;
  }

  /**
   * Receive one datagram and hand each of its messages to `visit`. Reads
   * time out after `timeoutMs` (TimeoutError). A datagram larger than the
   * buffer is never silently cut: the buffer grows and the read fails.
   */
  receive(what: string, visit: (m: RawMessage) => void): void {
    this.checkOpen();
    let n: number;
    for (;;) {
      try {
        n = this.sys.recv(this.fd, this.rbuf, MSG_TRUNC);
        break;
      } catch (e) {
        if (e instanceof OsError && e.code === 'EINTR') continue;
        if (e instanceof OsError && (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK')) throw new TimeoutError(what, this.timeoutMs);
        throw e;
      }
    }
    if (n > this.rbuf.length) {
      this.rbuf = Buffer.allocUnsafe(n * 2);
      throw new OsError('recv', 90 /* EMSGSIZE */, `(a ${n}-byte datagram did not fit the read buffer)`);
    }
    const view = this.rbuf.subarray(0, n);
    this.trace?.('reply', view, this.protocol);
    for (const m of splitMessages(view)) visit(m);
  }

  private matches(m: RawMessage, seq: number): boolean {
    if (m.hdr.nlmsg_seq === seq && m.hdr.nlmsg_pid === this.pid) return true;
    this.stale++;
    return false;
  }

  /**
   * One request, acknowledged: sends `type` with NLM_F_REQUEST|NLM_F_ACK|`flags`
   * and reads until the kernel's ack. Replies before the ack (a GET's answer,
   * or NLM_F_ECHO) are decoded with `decode` and returned. A refusal throws
   * NetlinkError with the errno and the kernel's extended-ack message.
   */
  request<T = RawMessage>(type: number, flags: number, body: (w: Writer) => void, decode?: Decode<T>): T[] {
    const seq = this.send(type, flags | NLM_F_ACK, body);
    const out: T[] = [];
    let done = false;
    let failure: NetlinkError | undefined;
    const what = this.protocol.typeName(type);
    while (!done) {
      this.receive(what, (m) => {
        if (done || !this.matches(m, seq)) return;
        switch (m.hdr.nlmsg_type) {
          case NLMSG_ERROR: {
            const ans = decodeError(m);
            if (ans.errno !== 0) failure = new NetlinkError(ans.errno, what, ans.extack, seq, this.protocol.errorPrefix);
            done = true;
            return;
          }
          case NLMSG_DONE:
            done = true;
            return;
          case NLMSG_NOOP:
            return;
          case NLMSG_OVERRUN:
            failure = new NetlinkError(105 /* ENOBUFS */, what, { msg: 'netlink overrun: data lost' }, seq, this.protocol.errorPrefix);
            done = true;
            return;
          default:
            out.push(decode ? decode(m) : (m as T));
        }
      });
    }
    if (failure) throw failure;
    return out;
  }

  /**
   * A dump: sends `type` with NLM_F_REQUEST|NLM_F_ACK|NLM_F_DUMP|`flags` and decodes
   * every reply until NLMSG_DONE. When the kernel flags the dump as
   * interrupted (NLM_F_DUMP_INTR: its table changed during the walk), the
   * whole dump is retried, up to `dumpRetries` times; then a
   * DumpInterruptedError carries the last, partial result.
   */
  dump<T>(type: number, flags: number, body: (w: Writer) => void, decode: Decode<T>): T[] {
    const what = this.protocol.typeName(type);
    let out: T[] = [];
    for (let attempt = 1; ; attempt++) {
      out = [];
      let interrupted = false;
      let done = false;
      let failure: NetlinkError | undefined;
      // NLM_F_ACK too: a dump that fails to start then answers with an
      // error; one that starts ends with NLMSG_DONE and no extra ack.
      const seq = this.send(type, flags | NLM_F_DUMP | NLM_F_ACK, body);
      while (!done) {
        this.receive(what, (m) => {
          if (done || !this.matches(m, seq)) return;
          if (m.hdr.nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;
          switch (m.hdr.nlmsg_type) {
            case NLMSG_DONE: {
              const ans = decodeDone(m);
              if (ans.errno !== 0) failure = new NetlinkError(ans.errno, what, ans.extack, seq, this.protocol.errorPrefix);
              done = true;
              return;
            }
            case NLMSG_ERROR: {
              const ans = decodeError(m);
              if (ans.errno !== 0) {
                failure = new NetlinkError(ans.errno, what, ans.extack, seq, this.protocol.errorPrefix);
                done = true;
              }
              return;
            }
            case NLMSG_NOOP:
              return;
            default:
              out.push(decode(m));
          }
        });
      }
      if (failure) throw failure;
      if (!interrupted) return out;
      if (attempt > this.dumpRetries) throw new DumpInterruptedError(what, attempt, out);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new OsError('netlink socket', 9 /* EBADF */, '(closed)');
  }

  /** Close the socket. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sys.close(this.fd);
  }
}
