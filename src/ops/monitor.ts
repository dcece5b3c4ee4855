// Events: a live stream of link, address, route, neighbour, netconf,
// policy rule, nsid and nexthop changes.
//
//   ip monitor [all|link|address|route|neigh|netconf|rule|nsid|nexthop]
//                                                      monitor({ groups })
//   ip -n NS monitor ...                               monitor({ netns: NS })
//   ip monitor all-nsid ...                            monitor({ allNsid: true })
//
// 'all' here is those eight objects; ip's 'all' also joins multicast
// routes and prefixes, which tsip has no tables for.
//
// The kernel multicasts each change as the same message a dump would give
// (RTM_NEWLINK, RTM_DELADDR, ...), so events decode with the dump tables
// (rtnlFamily + decodeBody). A monitor is both an async iterable and an
// EventEmitter:
//
//   const m = monitor({ netns: 'ns1', groups: ['link', 'address'] });
//   for await (const ev of m) {
//     if (ev.kind === 'overflow') view = m.resync();   // events were lost: start again from a dump
//     else apply(view, ev);                             // RTM_NEW* upserts, RTM_DEL* removes
//   }
//
//   m.on('event', (ev) => ...); m.on('RTM_NEWLINK', (ev) => ...); m.on('overflow', () => ...);
//   m.close();                                          // the process can exit at once
//
// Reading is paced by the consumers: with none, or while an iterator has
// `highWaterMark` items unread, nothing is read and the kernel keeps
// queueing, up to SO_RCVBUF; beyond that it drops, and the stream says so.

import { EventEmitter } from 'node:events';
import { NLMSG_MIN_TYPE, NLMSG_OVERRUN } from '../netlink/constants.js';
import { DecodeError, OsError } from '../netlink/errors.js';
import * as libc from '../netlink/libc.js';
import { MulticastSocket, type Datagram } from '../netlink/multicast.js';
import type { NetnsRef } from '../netlink/netns.js';
import { splitMessages, type NlMsgHdr, type RawMessage } from '../netlink/nlmsghdr.js';
import { watch, type Watch } from '../netlink/poller.js';
import { address, link, neigh, netconf, nexthop, nsid, route, rtmName, rule, rtnlFamily, RTM, RTNLGRP } from '../netlink/rtnl/index.js';
import { decodeBody, encodeBody, type Body, type MessageFamily } from '../netlink/schema.js';
import { NetlinkSocket } from '../netlink/socket.js';

/** What `ip monitor` calls its objects. */
export type MonitorObject = 'link' | 'address' | 'route' | 'neigh' | 'netconf' | 'rule' | 'nsid' | 'nexthop';
/** In ip monitor's order (ip/ipmonitor.c accept_msg()). */
export const MONITOR_OBJECTS: readonly MonitorObject[] = ['link', 'address', 'route', 'neigh', 'netconf', 'rule', 'nsid', 'nexthop'];

/** The groups `ip monitor OBJECT` joins (ip/ipmonitor.c). */
export const MONITOR_GROUPS: Record<MonitorObject, readonly number[]> = {
  link: [RTNLGRP.RTNLGRP_LINK],
  address: [RTNLGRP.RTNLGRP_IPV4_IFADDR, RTNLGRP.RTNLGRP_IPV6_IFADDR],
  route: [RTNLGRP.RTNLGRP_IPV4_ROUTE, RTNLGRP.RTNLGRP_IPV6_ROUTE, RTNLGRP.RTNLGRP_MPLS_ROUTE],
  neigh: [RTNLGRP.RTNLGRP_NEIGH],
  netconf: [RTNLGRP.RTNLGRP_IPV4_NETCONF, RTNLGRP.RTNLGRP_IPV6_NETCONF, RTNLGRP.RTNLGRP_MPLS_NETCONF],
  rule: [RTNLGRP.RTNLGRP_IPV4_RULE, RTNLGRP.RTNLGRP_IPV6_RULE],
  nsid: [RTNLGRP.RTNLGRP_NSID],
  nexthop: [RTNLGRP.RTNLGRP_NEXTHOP],
};

/** The dump that gives each object's current state, for resync(). */
const DUMPS: Record<MonitorObject, { type: number; family: MessageFamily }> = {
  link: { type: RTM.RTM_GETLINK, family: link },
  address: { type: RTM.RTM_GETADDR, family: address },
  route: { type: RTM.RTM_GETROUTE, family: route },
  neigh: { type: RTM.RTM_GETNEIGH, family: neigh },
  netconf: { type: RTM.RTM_GETNETCONF, family: netconf },
  rule: { type: RTM.RTM_GETRULE, family: rule },
  nsid: { type: RTM.RTM_GETNSID, family: nsid },
  nexthop: { type: RTM.RTM_GETNEXTHOP, family: nexthop },
};

const OBJECT_OF: ReadonlyMap<MessageFamily, MonitorObject> = new Map(MONITOR_OBJECTS.map((o) => [DUMPS[o].family, o]));

export interface MonitorOptions {
  /** The namespace to listen in (`ip -n NS monitor`); the caller's own when absent. */
  netns?: NetnsRef;
  /** Objects to hear, or 'all' (the default): link, address, route, neigh, netconf, rule, nsid, nexthop. */
  groups?: readonly MonitorObject[] | 'all';
  /** NETLINK_LISTEN_ALL_NSID: also hear the namespaces ours has an nsid for. */
  allNsid?: boolean;
  /** SO_RCVBUF in bytes (the kernel doubles it). Default 1 MiB, as iproute2. */
  rcvbuf?: number;
  /** Items an iterator may hold unread before reading pauses. Default 1024. */
  highWaterMark?: number;
}

/** One change, as the kernel announced it. */
export interface MonitorEvent {
  kind: 'event';
  /** nlmsg_type: 16 */
  type: number;
  /** The kernel's name for it: "RTM_NEWLINK", "RTM_DELADDR", ... */
  name: string;
  /** What it is about; undefined for message types tsip has no table for. */
  object?: MonitorObject;
  /** The decoded message: header fields and attrs, exactly as a dump gives it. */
  body?: Body;
  /** All-nsid mode: the id (in our namespace) of the namespace it happened in; undefined for our own ("[nsid current]"). */
  nsid?: number;
  /** nlmsg_seq and nlmsg_pid name the request that caused it (0 when the kernel acted on its own). */
  hdr: NlMsgHdr;
  /** When tsip read it: ms since the epoch, µs precision (`ip monitor -t`). */
  time: number;
  /** The message bytes, when it has no table or did not decode (then `error` says why). */
  raw?: Buffer;
  error?: DecodeError;
}

/** The kernel dropped events: the socket's buffer was full (ENOBUFS), or one was too large to read. */
export interface MonitorOverflow {
  kind: 'overflow';
  reason: 'ENOBUFS' | 'NLMSG_OVERRUN' | 'truncated';
  /** Overflows since the monitor opened. */
  count: number;
  time: number;
}

export type MonitorItem = MonitorEvent | MonitorOverflow;

/** Current state from fresh dumps, one list per object the monitor hears. */
export type MonitorSnapshot = Partial<Record<MonitorObject, Body[]>>;

interface Consumer {
  items: MonitorItem[];
  waiter?: { resolve: (r: IteratorResult<MonitorItem>) => void; reject: (e: Error) => void };
  error?: Error;
}

/** Reads (of up to 8 datagrams each) per wake-up before the event loop gets a turn. */
const READ_BUDGET = 32;
/** ioctl(2) SIOCGSKNS: an fd for the network namespace a socket lives in (<linux/sockios.h>). */
const SIOCGSKNS = 0x894c;
const now = () => performance.timeOrigin + performance.now();

/**
 * Listen for changes (`ip monitor`). Joins the groups on a socket opened
 * inside `opts.netns`; events arrive through iteration and as emitter
 * events: 'event' (every MonitorEvent), its name ('RTM_NEWLINK', ...),
 * 'overflow', 'error', 'close'.
 */
export function monitor(opts: MonitorOptions = {}): Monitor {
  return new Monitor(opts);
}

export class Monitor extends EventEmitter implements AsyncIterable<MonitorItem> {
  readonly objects: readonly MonitorObject[];
  /** Overflows so far. */
  overflows = 0;
  /** Datagrams from a sender other than the kernel, ignored. */
  foreign = 0;
  private readonly socket: MulticastSocket;
  private readonly watcher: Watch;
  private readonly consumers = new Set<Consumer>();
  private readonly highWaterMark: number;
  private readonly netns?: NetnsRef;
  private reading = false;
  private closed = false;

  constructor(opts: MonitorOptions = {}) {
    super();
    this.objects = opts.groups === undefined || opts.groups === 'all' ? MONITOR_OBJECTS : [...new Set(opts.groups)];
    if (this.objects.length === 0) throw new TypeError('monitor: no objects to listen for');
    for (const o of this.objects) if (!MONITOR_GROUPS[o]) throw new TypeError(`monitor: unknown object "${o}" (one of ${MONITOR_OBJECTS.join(', ')})`);
    this.highWaterMark = opts.highWaterMark ?? 1024;
    this.netns = opts.netns;
    const groups = this.objects.flatMap((o) => MONITOR_GROUPS[o]);
    this.socket = MulticastSocket.open({ netns: opts.netns, groups, allNsid: opts.allNsid, rcvbuf: opts.rcvbuf });
    try {
      this.watcher = watch(this.socket.fd, { ready: () => this.drain(), error: (e) => this.fail(e) });
    } catch (e) {
      this.socket.close();
      throw e;
    }
    this.on('newListener', () => queueMicrotask(() => this.pace()));
    this.on('removeListener', () => this.pace());
  }

  /** Read, or stop reading, as the consumers allow. */
  private pace(): void {
    if (this.closed) return;
    const listening = this.eventNames().some((n) => n !== 'newListener' && n !== 'removeListener' && n !== 'close' && n !== 'error');
    const full = [...this.consumers].some((c) => c.items.length >= this.highWaterMark);
    const want = (listening || this.consumers.size > 0) && !full;
    if (want === this.reading) return;
    this.reading = want;
    if (want) this.watcher.resume();
    else this.watcher.pause();
  }

  /** The socket is readable: read what is queued, up to a budget. */
  private drain(): void {
    for (let i = 0; i < READ_BUDGET && this.reading && !this.closed; i++) {
      try {
        const r = this.socket.read();
        if (r === 'empty') return;
        if (r === 'overflow') this.overflow('ENOBUFS');
        else for (const d of r) this.datagram(d);
      } catch (e) {
        this.fail(e as Error); // the socket failed, or a datagram did not split into messages
        return;
      }
      this.pace();
    }
  }

  private datagram(d: Datagram): void {
    if (d.port !== 0) {
      this.foreign++;
      return;
    }
    if (d.truncated) return this.overflow('truncated');
    const time = now();
    for (const m of splitMessages(d.bytes)) {
      const type = m.hdr.nlmsg_type;
      if (type === NLMSG_OVERRUN) this.overflow('NLMSG_OVERRUN');
      if (type < NLMSG_MIN_TYPE) continue;
      this.deliver(decodeEvent(m, d.nsid, time));
    }
  }

  private overflow(reason: MonitorOverflow['reason']): void {
    this.deliver({ kind: 'overflow', reason, count: ++this.overflows, time: now() });
  }

  private deliver(item: MonitorItem): void {
    for (const c of this.consumers) {
      if (c.waiter) {
        c.waiter.resolve({ value: item, done: false });
        c.waiter = undefined;
      } else c.items.push(item);
    }
    try {
      this.emit(item.kind, item);
      if (item.kind === 'event') this.emit(item.name, item);
    } catch (e) {
      process.nextTick(() => { throw e; }); // a listener's exception is the program's, not the monitor's
    }
  }

  private fail(e: Error): void {
    if (this.closed) return;
    for (const c of this.consumers) {
      if (c.waiter) c.waiter.reject(e);
      else c.error = e;
      c.waiter = undefined;
    }
    const tell = this.listenerCount('error') > 0 || this.consumers.size === 0;
    this.close();
    if (tell) this.emit('error', e); // unheard, it throws: as any emitter's 'error'
  }

  /** Each iterator sees every item from its creation on. Leaving the loop (break) ends it. */
  [Symbol.asyncIterator](): AsyncIterableIterator<MonitorItem> {
    const c: Consumer = { items: [] };
    const end = (): IteratorResult<MonitorItem> => {
      this.consumers.delete(c);
      this.pace();
      return { value: undefined, done: true };
    };
    if (!this.closed) this.consumers.add(c);
    this.pace();
    const it: AsyncIterableIterator<MonitorItem> = {
      next: () => {
        const item = c.items.shift();
        if (item) {
          this.pace();
          return Promise.resolve({ value: item, done: false });
        }
        if (c.error) {
          const e = c.error;
          c.error = undefined;
          this.consumers.delete(c);
          return Promise.reject(e);
        }
        if (this.closed || !this.consumers.has(c)) return Promise.resolve(end());
        return new Promise((resolve, reject) => { c.waiter = { resolve, reject }; });
      },
      return: () => {
        c.waiter?.resolve({ value: undefined, done: true });
        c.waiter = undefined;
        c.items = [];
        return Promise.resolve(end());
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /**
   * Fresh dumps of every object the monitor hears (`ip link show`, `ip addr
   * show`, `ip route show table all`, `ip neigh show`, `ip netconf show`,
   * `ip rule show` of every family, `ip netns list-id`, `ip nexthop show`),
   * on a request socket of its own in the monitor's namespace: the answer to
   * an overflow. Events read after it may already be in it; applying them
   * again (NEW upserts, DEL removes) converges. Synchronous, like every op.
   * In all-nsid mode it covers the monitor's own namespace only.
   */
  resync(): MonitorSnapshot {
    if (this.closed) throw new OsError('monitor resync', 9 /* EBADF */, '(closed)');
    const sock = openBeside(this.socket.fd, this.netns);
    try {
      const out: MonitorSnapshot = {};
      for (const o of this.objects) {
        const { type, family } = DUMPS[o];
        out[o] = sock.dump(type, 0, (w) => encodeBody(family, {}, w), (m) => decodeBody(rtnlFamily(m.hdr.nlmsg_type) ?? family, m.buf, m.start, m.end));
      }
      return out;
    } finally {
      sock.close();
    }
  }

  /** Leave the groups and close the socket; iterators end, the waiting thread is woken. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reading = false;
    const sock = this.socket;
    this.watcher.close(() => sock.close());
    for (const c of this.consumers) {
      c.waiter?.resolve({ value: undefined, done: true });
      c.waiter = undefined;
    }
    this.emit('close');
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** Decode one notification with the dump tables. */
export function decodeEvent(m: RawMessage, nsid: number | undefined, time: number): MonitorEvent {
  const type = m.hdr.nlmsg_type;
  const ev: MonitorEvent = { kind: 'event', type, name: rtmName(type), hdr: m.hdr, time };
  if (nsid !== undefined) ev.nsid = nsid;
  const family = rtnlFamily(type);
  if (family) ev.object = OBJECT_OF.get(family);
  try {
    if (family) ev.body = decodeBody(family, m.buf, m.start, m.end);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    ev.error = e;
  }
  if (!ev.body) ev.raw = Buffer.from(m.buf.subarray(m.offset, m.end));
  return ev;
}

/**
 * A request socket in the namespace of socket `fd`: SIOCGSKNS hands out
 * that namespace, whatever name it had (it needs CAP_NET_ADMIN there; the
 * name given at open is the fallback).
 */
function openBeside(fd: number, netns: NetnsRef | undefined): NetlinkSocket {
  let nsfd: number;
  try {
    nsfd = libc.ioctlInt(fd, SIOCGSKNS, 0);
  } catch {
    return NetlinkSocket.open(undefined, { netns });
  }
  try {
    return NetlinkSocket.open(undefined, { netns: { fd: nsfd } });
  } finally {
    libc.close(nsfd);
  }
}
