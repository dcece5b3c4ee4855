// A netlink socket: opened inside a namespace, requests acknowledged and
// matched by sequence number and port id, dumps read to NLMSG_DONE.
// <linux/netlink.h>: struct sockaddr_nl, and the SOL_NETLINK options set on
// every socket (NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK).
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
import { MmsgReader, RecvReader, type DatagramReader } from './mmsg.js';
import { NLMSG_HDRLEN, decodeDone, decodeError, emptyMessage, splitMessages, visitMessages, writeMessage, type RawMessage } from './nlmsghdr.js';
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

/** One request of a pipeline (NetlinkSocket.batch). */
export interface BatchRequest<T = RawMessage> {
  type: number;
  /** NLM_F_* flags besides NLM_F_REQUEST (always set) and NLM_F_ACK (the batch's `ack` option decides). */
  flags?: number;
  /** Writes the message's payload (the family header and attributes); or see `message`. */
  body?: (w: Writer) => void;
  /** Decoder for replies to this request before its answer (NLM_F_ECHO, a GET's reply); without it they are kept raw (copied). */
  decode?: Decode<T>;
  /**
   * Instead of `body`: write the whole message, nlmsghdr included, at the
   * writer's (aligned) offset, with this sequence number and these
   * nlmsg_flags (NLM_F_REQUEST, and NLM_F_ACK when the batch asks, are in
   * them). For encoders that copy prepared bytes (ops/bulk-template.ts).
   */
  message?: (w: Writer, seq: number, flags: number) => void;
}

/** What became of one request of a pipeline. */
export type BatchResult<T = RawMessage> =
  | { ok: true; replies?: T[]; /** an extended-ack message on success (ack: 'each' only): ip prints it as "Warning: …" */ warning?: string }
  | { ok: false; error: NetlinkError };

export interface BatchOptions {
  /**
   * 'errors' (the default): the requests go without NLM_F_ACK and each
   * datagram ends with an NLMSG_NOOP carrying NLM_F_ACK, a barrier. The
   * kernel answers a request without NLM_F_ACK only when it fails, and
   * handles a datagram's messages in order, so every request before the
   * barrier's ack that sent no error succeeded: the results are as exact as
   * with an ack each, for less work on both sides (bench/README.md).
   * 'each': NLM_F_ACK on every request (an ack, and its extended-ack
   * warnings, for each).
   */
  ack?: 'errors' | 'each';
  /** Largest datagram to send, in bytes; never more than the socket's send limit (SO_SNDBUF − 32). */
  maxDatagram?: number;
  /**
   * Most requests per datagram. Every answer queued at once must fit the
   * receive buffer (an ack takes ~0.5–1 KiB of it), else the kernel drops
   * answers and reports ENOBUFS. Default 1024, for the default 1 MiB SO_RCVBUF.
   */
  maxPerDatagram?: number;
}

export interface DumpStreamOptions {
  /**
   * What to do when the kernel flags the dump as interrupted
   * (NLM_F_DUMP_INTR: the table changed during the walk, some entries may be
   * missing or doubled). A stream cannot restart after it has yielded, so
   * by default it throws DumpInterruptedError at the end; 'ignore' ends
   * normally.
   */
  interrupted?: 'throw' | 'ignore';
}

const BATCH_OK: BatchResult<never> = Object.freeze({ ok: true as const });

/** A pipeline's bookkeeping, by request index. */
interface Pending<T> {
  seq0: number;
  types: number[];
  decoders: (Decode<T> | undefined)[];
  replies: (T[] | undefined)[];
  results: (BatchResult<T> | undefined)[];
  eachAck: boolean;
}
const noBody = (): void => {};
/** An NLMSG_NOOP barrier: a bare header. */
const BARRIER_LEN = NLMSG_HDRLEN;

export class NetlinkSocket {
  readonly fd: number;
  /** Our port id (nl_pid), assigned by the kernel at bind(). */
  readonly pid: number;
  readonly protocol: Protocol;
  readonly timeoutMs: number;
  private seq: number;
  private rbuf = Buffer.allocUnsafe(RECV_BUFFER);
  /** The one RawMessage receive() rewrites for each message it visits. */
  private readonly cursor = emptyMessage();
  private readonly w = new Writer(4096);
  private readonly dumpRetries: number;
  private readonly trace?: TraceHook;
  private readonly sys: Syscalls;
  private closed = false;
  /** Replies that matched no pending request (late answers to timed-out requests). */
  stale = 0;
  /** The pipeline's datagram writer and answer reader, made on first use. */
  private bw?: Writer;
  private reader?: DatagramReader;
  private sendLimit?: number;
  /** Set while a dumpStream() owns the socket: nothing else may read or write it. */
  private streaming?: string;

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
   *
   * The message handed to `visit`, and the bytes it points into, are valid
   * only during the call: the socket's one cursor and read buffer are
   * rewritten for the next. Copy what you keep (as request() does).
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
    visitMessages(view, 0, n, this.cursor, visit);
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
            out.push(decode ? decode(m) : (copyMessage(m) as T));
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
    if (this.streaming) throw new OsError('netlink socket', 16 /* EBUSY */, `(a ${this.streaming} dump stream is reading it)`);
  }

  /*
   * ---- pipelines ----
   *
   *   user                                                      kernel
   *   ---- one datagram: req seq=s0, req s0+1, ..., req s0+k, NOOP|ACK seq=b -->
   *        (the kernel runs each message in turn, inside this sendmsg())
   *   <--- NLMSG_ERROR seq=s0+j (-errno, extack)   only for requests that failed
   *   <--- NLMSG_ERROR seq=b (0)                   the barrier: all before it are done
   *
   * Each answer is a datagram of its own; recvmmsg() takes up to 64 per call.
   */

  /** The largest datagram the kernel takes from this socket: sk_sndbuf − 32 (netlink_sendmsg). */
  private datagramLimit(): number {
    if (this.sendLimit === undefined) {
      // SO_SNDBUF reads back doubled (the kernel's bookkeeping share included), as sk_sndbuf.
      const sndbuf = this.sys === libc ? libc.getsockoptInt(this.fd, SOL_SOCKET, SO_SNDBUF) : 65536;
      this.sendLimit = Math.max(sndbuf - 32, 4096);
    }
    return this.sendLimit;
  }

  private answers(): DatagramReader {
    return (this.reader ??= this.sys === libc ? new MmsgReader(this.fd) : new RecvReader((b, f) => this.sys.recv(this.fd, b, f)));
  }

  /**
   * Send many requests as a pipeline: as many whole messages per datagram
   * as fit (one sendmsg() each; the kernel handles them in order inside the
   * call), then the answers read in bulk with recvmmsg() and matched to
   * their request by sequence number. Returns one result per request, in
   * order: ok (with any replies), or the NetlinkError the kernel answered,
   * its `index` set to the request's position. A failure does not stop the
   * requests after it (as `ip -force -batch`); to stop at the first error,
   * send lock-step with request().
   *
   * Not for dumps (NLM_F_DUMP). Throws only when the pipeline itself fails:
   * a timeout, or ENOBUFS (answers were lost, the results are unknown).
   */
  batch<T = RawMessage>(requests: readonly BatchRequest<T>[], opts: BatchOptions = {}): BatchResult<T>[] {
    return this.batchEach(requests.length, (i) => requests[i], opts) as BatchResult<T>[];
  }

  /**
   * batch() over requests made one at a time, as they are encoded:
   * `request(i)` for i = 0 … count−1, so that a large pipeline does not hold
   * every request (and its garbage) at once. `request(i)` may return
   * undefined to skip item i: its result is then left undefined. The object
   * it returns is used at once (encoded, its type and decoder noted), so it
   * may be the same object each time.
   */
  batchEach<T = RawMessage>(count: number, request: (i: number) => BatchRequest<T> | undefined, opts: BatchOptions = {}): (BatchResult<T> | undefined)[] {
    this.checkOpen();
    const n = count;
    const results: (BatchResult<T> | undefined)[] = new Array(n);
    if (n === 0) return results;
    const eachAck = opts.ack === 'each';
    const limit = Math.min(opts.maxDatagram ?? Infinity, this.datagramLimit());
    const perDatagram = Math.max(1, opts.maxPerDatagram ?? 1024);
    // Request i goes with seq0 + i, the barrier of datagram d with seq0 + n + d:
    // one run of 2n numbers, restarted at 1 rather than wrap inside it.
    if (this.seq + 2 * n + 1 > 0xffffffff) this.seq = 0;
    const seq0 = this.seq + 1;
    this.seq += 2 * n;
    const w = (this.bw ??= new Writer(64 * 1024));
    // What the answers need of each request in flight: its type and decoder.
    const p: Pending<T> = { seq0, types: [], decoders: [], replies: [], results, eachAck };
    let first = -1; // the first request in the writer, -1 when it is empty
    let last = -1;
    let inWriter = 0;
    let datagrams = 0;
    w.off = 0;
    for (let i = 0; i < n; i++) {
      const r = request(i);
      if (r === undefined) continue;
      const at = w.off;
      const flags = (r.flags ?? 0) | NLM_F_REQUEST | (eachAck ? NLM_F_ACK : 0);
      if (r.message) {
        r.message(w, seq0 + i, flags);
        w.align();
      } else {
        writeMessage(w, r.type, flags, seq0 + i, 0, r.body ?? noBody);
      }
      if (w.off + BARRIER_LEN > limit && inWriter > 0) {
        // It does not fit: send those before it, then start the next datagram with it.
        const tail = Buffer.from(w.buf.subarray(at, w.off));
        w.off = at;
        this.pipe(p, first, last, seq0 + n + datagrams++);
        w.off = 0;
        w.bytes(tail);
        first = -1;
        inWriter = 0;
      }
      p.types[i] = r.type;
      if (r.decode) p.decoders[i] = r.decode;
      if (first < 0) first = i;
      last = i;
      inWriter++;
      if (inWriter >= perDatagram || w.off + BARRIER_LEN > limit) {
        this.pipe(p, first, last, seq0 + n + datagrams++);
        w.off = 0;
        first = -1;
        inWriter = 0;
      }
    }
    if (inWriter > 0) this.pipe(p, first, last, seq0 + n + datagrams++);
    return results;
  }

  /** Send requests [from, to] (already in the writer), then the barrier; read until its ack. */
  private pipe<T>(p: Pending<T>, from: number, to: number, barrier: number): void {
    const { seq0, types, decoders, replies, results, eachAck } = p;
    const w = this.bw!;
    writeMessage(w, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, barrier, 0, () => {});
    const bytes = w.view();
    try {
      this.sendRaw(bytes);
    } catch (e) {
      if (!(e instanceof OsError) || e.code === 'EBADF') throw e;
      // e.g. EMSGSIZE for one request larger than the send limit: the kernel took none of them
      for (let i = from; i <= to; i++) if (types[i] !== undefined) results[i] = this.failure(types[i]!, e.errno, {}, seq0 + i, i);
      return;
    }
    const reader = this.answers();
    const what = this.protocol.typeName(types[from]!);
    let done = false;
    while (!done) {
      let k: number;
      try {
        k = reader.read();
      } catch (e) {
        if (e instanceof OsError && e.code === 'EINTR') continue;
        if (e instanceof OsError && (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK')) throw new TimeoutError(`${what} pipeline`, this.timeoutMs);
        if (e instanceof OsError && e.code === 'ENOBUFS') {
          throw new OsError('recvmmsg', e.errno, `(the socket's receive buffer overflowed and answers to a ${what} pipeline were lost: send fewer requests per datagram (maxPerDatagram) or raise rcvbuf)`);
        }
        throw e;
      }
      for (let d = 0; d < k; d++) {
        const dgram = reader.datagram(d);
        this.trace?.('reply', dgram, this.protocol);
        if (reader.truncated(d)) {
          // The answer did not fit its slot: its header (and seq) did.
          const seq = dgram.length >= NLMSG_HDRLEN ? dgram.readUInt32LE(8) : 0;
          const i = (seq - seq0) >>> 0;
          if (i >= from && i <= to && types[i] !== undefined) results[i] = this.failure(types[i]!, 90 /* EMSGSIZE */, { msg: `an answer of more than ${reader.slot} bytes was cut` }, seq, i);
          else this.stale++;
          continue;
        }
        for (const m of splitMessages(dgram)) {
          const seq = m.hdr.nlmsg_seq;
          if (m.hdr.nlmsg_pid !== this.pid) {
            this.stale++;
            continue;
          }
          if (seq === barrier) {
            if (m.hdr.nlmsg_type === NLMSG_ERROR || m.hdr.nlmsg_type === NLMSG_DONE) done = true;
            continue;
          }
          const i = (seq - seq0) >>> 0;
          const type = types[i];
          if (i < from || i > to || type === undefined) {
            this.stale++;
            continue;
          }
          switch (m.hdr.nlmsg_type) {
            case NLMSG_ERROR:
            case NLMSG_DONE: {
              const ans = m.hdr.nlmsg_type === NLMSG_ERROR ? decodeError(m) : decodeDone(m);
              if (ans.errno !== 0) results[i] = this.failure(type, ans.errno, ans.extack, seq, i);
              else if (replies[i] || ans.extack.msg) results[i] = { ok: true, ...(replies[i] ? { replies: replies[i] } : {}), ...(ans.extack.msg ? { warning: ans.extack.msg } : {}) };
              else results[i] = BATCH_OK;
              break;
            }
            case NLMSG_NOOP:
              break;
            case NLMSG_OVERRUN:
              results[i] = this.failure(type, 105 /* ENOBUFS */, { msg: 'netlink overrun: data lost' }, seq, i);
              break;
            default: {
              const decode = decoders[i];
              const v = decode ? decode(m) : (copyMessage(m) as T);
              (replies[i] ??= []).push(v);
            }
          }
        }
      }
    }
    for (let i = from; i <= to; i++) {
      if (results[i] !== undefined || types[i] === undefined) continue;
      // Without NLM_F_ACK silence before the barrier is success; with it, every request should have answered.
      results[i] = !eachAck ? (replies[i] ? { ok: true, replies: replies[i] } : BATCH_OK)
        : this.failure(types[i]!, 5 /* EIO */, { msg: 'no acknowledgement before the barrier' }, seq0 + i, i);
    }
    // Done with these: drop what was kept for them.
    for (let i = from; i <= to; i++) {
      decoders[i] = undefined;
      replies[i] = undefined;
    }
  }

  private failure(type: number, errno: number, extack: NetlinkError['extack'], seq: number, index: number): { ok: false; error: NetlinkError } {
    const error = new NetlinkError(errno, this.protocol.typeName(type), extack, seq, this.protocol.errorPrefix);
    error.index = index;
    return { ok: false, error };
  }

  /*
   * ---- streaming dumps ----
   */

  /**
   * A dump read as it arrives: sends the request (NLM_F_REQUEST|NLM_F_ACK|
   * NLM_F_DUMP|`flags`), then yields each decoded reply, reading one
   * datagram (~32 KiB, a few hundred entries) at a time, so the whole dump
   * is never held. The socket serves nothing else until the stream ends;
   * leaving the loop early (break) reads the rest of the dump and drops it,
   * so the socket can be used again.
   */
  async *dumpStream<T>(type: number, flags: number, body: (w: Writer) => void, decode: Decode<T>, opts: DumpStreamOptions = {}): AsyncGenerator<T, void, undefined> {
    for (const chunk of this.dumpChunks(type, flags, body, decode, opts)) yield* chunk;
  }

  /**
   * dumpStream()'s synchronous core: yields the decoded replies of each
   * datagram as one array (no promise per entry). Same rules.
   */
  *dumpChunks<T>(type: number, flags: number, body: (w: Writer) => void, decode: Decode<T>, opts: DumpStreamOptions = {}): Generator<T[], void, undefined> {
    const what = this.protocol.typeName(type);
    const seq = this.send(type, flags | NLM_F_DUMP | NLM_F_ACK, body);
    this.streaming = what;
    let done = false;
    let interrupted = false;
    try {
      while (!done) {
        const out: T[] = [];
        let failure: NetlinkError | undefined;
        this.receiveOwned(what, (m) => {
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
        if (failure) throw failure;
        if (out.length) yield out;
      }
      if (interrupted && opts.interrupted !== 'ignore') throw new DumpInterruptedError(what, 1, []);
    } finally {
      // Stopped early (or a decoder threw): read the rest of the dump, so that
      // no late datagram of it is taken for the answer to a later request.
      try {
        while (!done) {
          this.receiveOwned(what, (m) => {
            if (m.hdr.nlmsg_seq === seq && (m.hdr.nlmsg_type === NLMSG_DONE || m.hdr.nlmsg_type === NLMSG_ERROR)) done = true;
          });
        }
      } finally {
        this.streaming = undefined;
      }
    }
  }

  /** receive(), for the stream that owns the socket. */
  private receiveOwned(what: string, visit: (m: RawMessage) => void): void {
    const owner = this.streaming;
    this.streaming = undefined;
    try {
      this.receive(what, visit);
    } finally {
      this.streaming = owner;
    }
  }

  /** Close the socket. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sys.close(this.fd);
  }
}

/** A reply kept past its datagram: its bytes copied. */
function copyMessage(m: RawMessage): RawMessage {
  const buf = Buffer.from(m.buf.subarray(m.offset, m.end));
  return { hdr: { ...m.hdr }, buf, offset: 0, start: m.start - m.offset, end: m.end - m.offset };
}
