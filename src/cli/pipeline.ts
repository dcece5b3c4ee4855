// `tsip -force -batch FILE`, pipelined.
//
// The commands of the batch run as they always do, line by line, but their
// sockets are virtual: they all share one real socket, opened once in the
// -n namespace, and the requests that only change state (route, address,
// neighbour and link adds, changes and deletes, without NLM_F_ECHO) are
// not sent when the command sends them. The command gets an ack at once,
// made here, and goes on; the requests pile up, and are sent as one
// pipeline (NetlinkSocket.batchEach: many per datagram, an ack each) when
//
//   - a command sends anything else (a GET, a dump, an echoed add, a
//     request naming a namespace by fd): reads see every earlier write, as
//     they would line by line;
//   - a line is not of those objects (netns, ping, iptables, ...: they run
//     on their own sockets, as usual);
//   - a line fails before sending (a usage error), or the batch ends.
//
// The kernel's answers are then matched to their lines: a refused request
// prints what it prints in a lock-step run ("RTNETLINK answers: File
// exists", "Error: ..." from the extended ack, "Warning: ..." for a success
// with a message) and "Command failed FILE:N", in line order: whatever a
// line writes while requests before it are pending is held back until
// their answers are out.
//
// Link lookups by name (RTM_GETLINK with IFLA_IFNAME, which every "dev X"
// does) are answered from a cache while no link was added, changed or
// deleted since, as ip's ll_map cache answers them in a batch.
//
// Without -force a batch stops at its first failure, which a pipeline
// cannot know in time: that path stays lock-step (main.ts).

import { MSG_DONTWAIT, NLMSG_DONE, NLMSG_ERROR, NLM_F_ACK, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_ECHO, NLM_F_REQUEST } from '../netlink/constants.js';
import { OsError, type NetlinkError } from '../netlink/errors.js';
import * as libc from '../netlink/libc.js';
import { readlinkSync } from 'node:fs';
import { RTM } from '../netlink/rtnl/constants.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket, type Syscalls } from '../netlink/socket.js';
import type { Io } from './context.js';

/** Requests that only change state, and may wait in the pipeline. */
const DEFERRABLE = new Set<number>([
  RTM.RTM_NEWROUTE, RTM.RTM_DELROUTE, RTM.RTM_NEWADDR, RTM.RTM_DELADDR, RTM.RTM_NEWNEIGH, RTM.RTM_DELNEIGH,
  RTM.RTM_NEWLINK, RTM.RTM_DELLINK, RTM.RTM_SETLINK,
]);
const LINK_CHANGES = new Set<number>([RTM.RTM_NEWLINK, RTM.RTM_DELLINK, RTM.RTM_SETLINK]);
/** IFLA_NET_NS_FD, IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER (<linux/if_link.h>, <linux/veth.h>) */
const IFLA_NET_NS_FD = 28, IFLA_LINKINFO = 18, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1;
const IFINFOMSG = 16;
const THREAD_NETNS = '/proc/thread-self/ns/net';

const u16 = (b: Buffer, o: number) => b[o]! | b[o + 1]! << 8;
const u32 = (b: Buffer, o: number) => (b[o]! | b[o + 1]! << 8 | b[o + 2]! << 16) + b[o + 3]! * 16777216;

/** Whether link attributes in b[start, end) name a namespace by fd (the fd may be closed before a deferred send). */
function namesNetnsFd(b: Buffer, start: number, end: number, depth = 0): boolean {
  for (let off = start; off + 4 <= end;) {
    const len = u16(b, off), type = u16(b, off + 2) & 0x3fff;
    if (len < 4 || off + len > end) return true; // malformed: let the kernel say so, lock-step
    if (type === IFLA_NET_NS_FD && depth !== 1) return true;
    if (depth === 0 && type === IFLA_LINKINFO && namesNetnsFd(b, off + 4, off + len, 1)) return true;
    if (depth === 1 && type === IFLA_INFO_DATA && namesNetnsFd(b, off + 4, off + len, 2)) return true;
    if (depth === 2 && type === VETH_INFO_PEER && namesNetnsFd(b, off + 4 + IFINFOMSG, off + len, 0)) return true;
    off += (len + 3) & ~3;
  }
  return false;
}

/** One message of a datagram a command sent, if the whole datagram is one deferrable request. */
function deferrable(buf: Buffer): boolean {
  if (buf.length < 16 || u32(buf, 0) !== buf.length) return false; // one message per datagram only
  const type = u16(buf, 4), flags = u16(buf, 6);
  if (!DEFERRABLE.has(type) || !(flags & NLM_F_REQUEST) || flags & NLM_F_ECHO) return false;
  if (LINK_CHANGES.has(type) && namesNetnsFd(buf, 16 + IFINFOMSG, buf.length)) return false;
  return true;
}

/** A cacheable lookup: RTM_GETLINK of one link (not a dump). */
function isLinkLookup(buf: Buffer): boolean {
  return buf.length >= 16 && u32(buf, 0) === buf.length && u16(buf, 4) === RTM.RTM_GETLINK && !(u16(buf, 6) & NLM_F_DUMP);
}

/** An ack (NLMSG_ERROR 0, capped) for a request, as the kernel makes it. */
function synthAck(req: Buffer, port: number): Buffer {
  const b = Buffer.alloc(36);
  b.writeUInt32LE(36, 0);
  b.writeUInt16LE(NLMSG_ERROR, 4);
  b.writeUInt16LE(NLM_F_CAPPED, 6);
  b.writeUInt32LE(u32(req, 8), 8);
  b.writeUInt32LE(port, 12);
  req.copy(b, 20, 0, 16); // the request's header; error 0 before it
  b.writeUInt32LE(16, 20);
  return b;
}

interface Pending {
  msg: Buffer;
  line: number;
}

type LogEntry = { err: boolean; text: string } | { pending: number };

export interface PipelineOptions {
  /** the -n namespace, where the shared socket is opened */
  netns?: string;
  rcvbuf?: number;
  /** the batch file's name, for "Command failed FILE:N" */
  file: string;
  /** how main.ts reports an error (report()): prints it, returns the status */
  report: (e: unknown, io: Io) => number;
}

/**
 * The shared socket and the Syscalls the commands' sockets are opened with
 * (SocketOptions.sys), the pending requests, and the ordered output.
 */
export class Pipeline implements Syscalls {
  readonly io: Io;
  /** 1 once any line failed (at dispatch or in the kernel) */
  status = 0;
  /** the line the running command came from */
  line = 0;
  private readonly real: NetlinkSocket;
  private readonly home: string;
  private socketsLine = -1;
  private readonly realFds = new Set<number>();
  private pending: Pending[] = [];
  private log: LogEntry[] = [];
  /** answers made here for the current command, read before the real socket */
  private local: Buffer[] = [];
  private cache = new Map<string, Buffer[]>();
  private capture?: { key: string; seq: number; got: Buffer[] };

  constructor(private readonly out: Io, private readonly opts: PipelineOptions) {
    this.real = NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, { netns: opts.netns, ...(opts.rcvbuf ? { rcvbuf: opts.rcvbuf } : {}) });
    this.home = readlinkSync(THREAD_NETNS);
    this.io = {
      out: (text) => (this.log.length ? this.log.push({ err: false, text }) : out.out(text)),
      err: (text) => (this.log.length ? this.log.push({ err: true, text }) : out.err(text)),
    };
  }

  /* ---- Syscalls of the commands' sockets ---- */

  socket(domain: number, type: number, protocol: number): number {
    // A command's socket in the batch's namespace is the shared one; one opened in
    // another namespace (withNetns around socket(): e.g. reading a link back
    // where it was moved) is real, and so is everything done on it. A line's
    // first socket is its session's, opened at home (its context names no
    // namespace); later ones are checked (readlink of the thread's namespace:
    // ~7 µs, a stat would be ~25).
    const first = this.socketsLine !== this.line;
    this.socketsLine = this.line;
    if (protocol === NETLINK_ROUTE_PROTOCOL.id && (first || readlinkSync(THREAD_NETNS) === this.home)) return this.real.fd;
    this.flush();
    const fd = libc.socket(domain, type, protocol);
    this.realFds.add(fd);
    return fd;
  }

  bind(fd: number, addr: Buffer): void {
    if (this.realFds.has(fd)) libc.bind(fd, addr);
  }

  getsockname(fd: number, addr: Buffer): number {
    if (this.realFds.has(fd)) return libc.getsockname(fd, addr);
    addr.fill(0);
    addr.writeUInt16LE(16 /* AF_NETLINK */, 0);
    addr.writeUInt32LE(this.real.pid, 4);
    return 12;
  }

  setsockopt(fd: number, level: number, name: number, value: Buffer): void {
    // the shared socket keeps its own options (timeout, buffers, extended acks, strict checks)
    if (this.realFds.has(fd)) libc.setsockopt(fd, level, name, value);
  }

  send(fd: number, buf: Buffer, flags = 0): number {
    if (this.realFds.has(fd)) return libc.send(fd, buf, flags);
    if (deferrable(buf)) {
      const type = u16(buf, 4);
      if (LINK_CHANGES.has(type)) this.cache.clear();
      this.pending.push({ msg: Buffer.from(buf), line: this.line });
      this.log.push({ pending: this.pending.length - 1 });
      if (u16(buf, 6) & NLM_F_ACK) this.local.push(synthAck(buf, this.real.pid));
      return buf.length;
    }
    if (isLinkLookup(buf)) {
      const key = buf.toString('latin1', 16);
      const hit = this.cache.get(key);
      if (hit) {
        // the same answer, under this request's sequence number
        const seq = u32(buf, 8);
        for (const d of hit) {
          const c = Buffer.from(d);
          for (let off = 0; off + 16 <= c.length; off += (u32(c, off) + 3) & ~3) {
            c.writeUInt32LE(seq, off + 8);
            if (u32(c, off) < 16) break;
          }
          this.local.push(c);
        }
        return buf.length;
      }
      this.flush();
      this.drain();
      this.capture = { key, seq: u32(buf, 8), got: [] };
      return libc.send(fd, buf, flags);
    }
    if (LINK_CHANGES.has(u16(buf, 4))) this.cache.clear();
    this.flush();
    this.drain();
    this.capture = undefined;
    return libc.send(fd, buf, flags);
  }

  recv(fd: number, buf: Buffer, flags = 0): number {
    if (this.realFds.has(fd)) return libc.recv(fd, buf, flags);
    const mine = this.local.shift();
    if (mine) {
      mine.copy(buf, 0, 0, Math.min(mine.length, buf.length));
      return mine.length;
    }
    const n = libc.recv(fd, buf, flags);
    const c = this.capture;
    if (c && n <= buf.length) {
      const d = Buffer.from(buf.subarray(0, n));
      c.got.push(d);
      // the lookup's answer ends with its ack or error: then it is kept
      for (let off = 0; off + 16 <= d.length;) {
        const len = u32(d, off);
        if (len < 16) break;
        if (u32(d, off + 8) === c.seq && (u16(d, off + 4) === NLMSG_ERROR || u16(d, off + 4) === NLMSG_DONE)) {
          this.cache.set(c.key, c.got);
          this.capture = undefined;
          break;
        }
        off += (len + 3) & ~3;
      }
    }
    return n;
  }

  close(fd: number): void {
    if (this.realFds.delete(fd)) libc.close(fd);
  }

  /* ---- the pipeline ---- */

  /** Drop what a command left unread on the shared socket (an aborted dump), before the next request. */
  private drain(): void {
    const scratch = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      try {
        libc.recv(this.real.fd, scratch, MSG_DONTWAIT);
      } catch (e) {
        if (e instanceof OsError && e.code === 'EINTR') continue;
        return; // EAGAIN: empty
      }
    }
  }

  /**
   * Send the pending requests (an ack each: warnings and errors both), then
   * write the held-back output in line order, each failed request as ip
   * words it followed by "Command failed FILE:N".
   */
  flush(): void {
    if (this.pending.length === 0 && this.log.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    const results = pending.length
      ? this.real.batchEach(pending.length, (i) => {
        const msg = pending[i]!.msg;
        return {
          type: u16(msg, 4), flags: u16(msg, 6) & ~NLM_F_ACK,
          message: (w, seq, fl) => {
            const at = w.off;
            w.bytes(msg);
            w.buf.writeUInt16LE(fl, at + 6);
            w.buf.writeUInt32LE(seq, at + 8);
            w.buf.writeUInt32LE(0, at + 12);
          },
        };
      }, { ack: 'each', maxPerDatagram: 512 })
      : [];
    const log = this.log;
    this.log = [];
    for (const e of log) {
      if ('text' in e) {
        if (e.err) this.out.err(e.text);
        else this.out.out(e.text);
        continue;
      }
      const r = results[e.pending];
      if (!r) continue;
      if (r.ok) {
        if (r.warning) this.out.err(`Warning: ${r.warning}\n`);
        continue;
      }
      this.fail(r.error, pending[e.pending]!.line);
    }
  }

  private fail(error: NetlinkError, line: number): void {
    this.opts.report(error, this.out);
    this.out.err(`Command failed ${this.opts.file}:${line}\n`);
    this.status = 1;
  }

  /** A line failed at dispatch (status != 0): its messages are already in the log, in place. */
  lineFailed(line: number): void {
    this.io.err(`Command failed ${this.opts.file}:${line}\n`);
    this.status = 1;
  }

  /** Flush, and close the shared socket. */
  finish(): void {
    try {
      this.flush();
    } finally {
      this.real.close();
    }
  }
}
