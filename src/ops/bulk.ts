// Bulk operations: many routes, addresses or links in one pipeline, and
// dumps read as a stream.
//
// Each bulk op checks every item first, exactly as the single op does
// (route-spec.ts, address.ts, link.ts), then sends all the valid ones with
// NetlinkSocket.batch(): many requests per datagram, the kernel's answers
// read in bulk and matched by sequence number. The result has one entry per
// item, in order:
//
//   { ok: true }                      done
//   { ok: false, error: UsageError }  refused by the checks, never sent
//   { ok: false, error: NetlinkError} refused by the kernel (errno, extack, index)
//
// A failure does not stop the items after it (as `ip -force -batch`).
//
//   const results = await addRoutes(specs, { netns: 'ns1' });
//   results.forEach((r, i) => { if (!r.ok) console.log(i, r.error.message); });
//
// Links named by name are looked up once per call (one RTM_GETLINK each),
// as `ip -batch` caches them: a bulk op must not rename the links its own
// items name.

import { closeSync } from 'node:fs';
import { AF_INET, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/constants.js';
import { UsageError, type NetlinkError } from '../netlink/errors.js';
import { RTM, RT_SCOPE } from '../netlink/rtnl/constants.js';
import { address } from '../netlink/rtnl/address.js';
import { link } from '../netlink/rtnl/link.js';
import { route } from '../netlink/rtnl/route.js';
import { encodeBody } from '../netlink/schema.js';
import type { BatchOptions, BatchRequest, NetlinkSocket } from '../netlink/socket.js';
import { checkAddress, checkDeleteAddress, type AddressSpec, type DeleteAddressSpec } from './address.js';
import { openRtnl, withRtnl, type OpOptions } from './context.js';
import { addLinkBody, checkAddSpec, linkNetnsAttrs, type AddLinkSpec } from './link.js';
import type { KindContext } from './link-kinds.js';
import { linkIndex, type LinkRef } from './resolve.js';
import { checkRoute, routeMessage, type RouteCmd, type RouteSpec } from './route-spec.js';
import { NameTemplateEncoder, TemplateEncoder, ipv4HostBitsClear, type TemplateRules } from './bulk-template.js';
import { checkIfname } from './validate.js';
import type { Writer } from '../netlink/nlattr.js';
import type { Route } from './route-view.js';
import { isMissingTable, routeQuery, routeViews, type ListRoutesOptions } from './route.js';

export interface BulkOptions extends OpOptions {
  /**
   * How the kernel answers (NetlinkSocket.batch): 'errors' (default), only
   * failures answer and a barrier closes each datagram; 'each', an ack per
   * request (and the kernel's success warnings in `warning`).
   */
  ack?: BatchOptions['ack'];
  /** Most requests per datagram (default 1024). */
  maxPerDatagram?: number;
}

/** What became of one item of a bulk op. */
export type BulkResult =
  | { ok: true; /** the kernel's warning on success (ack: 'each' only) */ warning?: string }
  | { ok: false; error: NetlinkError | UsageError };

const OK: BulkResult = Object.freeze({ ok: true as const });

/** Link names resolved once per bulk op; a failed lookup fails each item naming it. */
function linkCache(sock: NetlinkSocket): (ref: LinkRef) => number {
  const known = new Map<string, number | Error>();
  return (ref) => {
    if (typeof ref === 'number') return ref;
    let v = known.get(ref);
    if (v === undefined) {
      try {
        v = linkIndex(sock, ref);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        v = e;
      }
      known.set(ref, v);
    }
    if (v instanceof Error) throw v;
    return v;
  };
}

/**
 * Build a request per item (`build` throws UsageError for a bad item: that
 * item's result), send them all as one pipeline, and map the answers back.
 */
function runBulk<S>(items: readonly S[], sock: NetlinkSocket, opts: BulkOptions, index: (ref: LinkRef) => number,
  build: (item: S, index: (ref: LinkRef) => number) => BatchRequest): BulkResult[] {
  if (!Array.isArray(items)) throw new UsageError('Error: a bulk operation takes an array of items.');
  const refused: (UsageError | undefined)[] = [];
  // Each request is made as the pipeline encodes it: its garbage dies young.
  const answers = sock.batchEach(items.length, (i) => {
    try {
      return build(items[i]!, index);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      refused[i] = e;
      return undefined;
    }
  }, { ack: opts.ack, maxPerDatagram: opts.maxPerDatagram });
  const results = answers as BulkResult[];
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i];
    if (a === undefined) results[i] = { ok: false, error: refused[i]! };
    else if (a.ok) results[i] = a.warning ? { ok: true, warning: a.warning } : OK;
  }
  return results;
}

/* ---- routes ---- */

function routes(specs: readonly RouteSpec[], cmd: RouteCmd, type: number, flags: number, opts: BulkOptions): BulkResult[] {
  return withRtnl(opts, (sock) => {
    const index = linkCache(sock);
    const enc = new TemplateEncoder<RouteSpec>(routeRules(cmd, index), type, flags);
    return runBulk(specs, sock, opts, index, (spec) => enc.request(spec));
  });
}

/** Route specs as templates: the dst varies (RTA_DST, rtm_dst_len); nothing else depends on it. */
function routeRules(cmd: RouteCmd, index: (ref: LinkRef) => number): TemplateRules<RouteSpec> {
  return {
    key: 'dst',
    eligible: (spec) => spec.dst !== 'default' && spec.dst !== 'any' && spec.dst !== 'all',
    prepare: (spec) => {
      const body = routeMessage(checkRoute(spec, cmd), index);
      return (w) => encodeBody(route, body, w);
    },
    attrTypes: [1 /* RTA_DST */],
    headerSize: 12, // struct rtmsg
    lenOffset: 1, // rtm_dst_len
    check: ipv4HostBitsClear,
  };
}

/** Address specs as templates: the address varies (IFA_LOCAL, IFA_ADDRESS, ifa_prefixlen; ifa_scope by default). */
function addressRules(make: (spec: AddressSpec) => (w: Writer) => void): TemplateRules<AddressSpec> {
  return {
    key: 'address',
    // a peer, a computed broadcast or a multicast check depend on more than the address bytes
    eligible: (spec) => spec.peer === undefined && spec.broadcast !== '+' && spec.broadcast !== '-' && !spec.autojoin,
    prepare: make,
    attrTypes: [2 /* IFA_LOCAL */, 1 /* IFA_ADDRESS */],
    headerSize: 8, // struct ifaddrmsg
    lenOffset: 1, // ifa_prefixlen
    // ifa_scope: host for 127.0.0.0/8 unless the spec names one (then it is in the spec, compared whole)
    derived: {
      offset: 3,
      value: (p) => (p.family === AF_INET && p.bytes[0] === 127 ? RT_SCOPE.RT_SCOPE_HOST : RT_SCOPE.RT_SCOPE_UNIVERSE),
      v4: (addr) => (addr >>> 24 === 127 ? RT_SCOPE.RT_SCOPE_HOST : RT_SCOPE.RT_SCOPE_UNIVERSE),
    },
  };
}

/**
 * Many `ip route add ROUTE` in one pipeline: RTM_NEWROUTE with
 * NLM_F_CREATE|NLM_F_EXCL each (EEXIST for a route already there). Each
 * spec is what addRoute() takes.
 */
export async function addRoutes(specs: readonly RouteSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return routes(specs, 'new', RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, opts);
}

/** Many `ip route replace ROUTE`: RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE each. */
export async function replaceRoutes(specs: readonly RouteSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return routes(specs, 'new', RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, opts);
}

/** Many `ip route del ROUTE`: RTM_DELROUTE each (what is not given is a wildcard, as deleteRoute). */
export async function deleteRoutes(specs: readonly RouteSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return routes(specs, 'delete', RTM.RTM_DELROUTE, 0, opts);
}

/* ---- addresses ---- */

/**
 * Many `ip addr add PREFIX dev DEV ...` in one pipeline: RTM_NEWADDR with
 * NLM_F_CREATE|NLM_F_EXCL each. Each spec is what addAddress() takes.
 * (The kernel walks a link's address list for every add: the per-address
 * cost grows with the number of addresses on the link.)
 */
export async function addAddresses(specs: readonly AddressSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return withRtnl(opts, (sock) => {
    const index = linkCache(sock);
    const enc = new TemplateEncoder<AddressSpec>(addressRules((spec) => {
      const c = checkAddress(spec);
      const body = { ...c.header, ifa_index: index(c.dev), attrs: c.attrs };
      return (w) => encodeBody(address, body, w);
    }), RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    return runBulk(specs, sock, opts, index, (spec) => enc.request(spec));
  });
}

/** Many `ip addr del PREFIX dev DEV`: RTM_DELADDR each. */
export async function deleteAddresses(specs: readonly DeleteAddressSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return withRtnl(opts, (sock) => {
    const index = linkCache(sock);
    return runBulk(specs, sock, opts, index, (spec) => {
      const c = checkDeleteAddress(spec);
      const body = { ...c.header, ifa_index: index(c.dev), attrs: c.attrs };
      return { type: RTM.RTM_DELADDR, flags: 0, body: (w) => encodeBody(address, body, w) };
    });
  });
}

/* ---- links ---- */

/**
 * Many `ip link add ...` in one pipeline: RTM_NEWLINK with
 * NLM_F_CREATE|NLM_F_EXCL each, as addLink() builds it but without
 * NLM_F_ECHO: the results say only whether each link was made (list them
 * afterwards for their indexes). tun/tap links are made by ioctl: use
 * addTuntap(). Give them a `group` to delete them all at once with
 * deleteLinkGroup(): one RTM_DELLINK and one RCU grace period for all,
 * where a delete each waits one each.
 */
export async function addLinks(specs: readonly AddLinkSpec[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return withRtnl(opts, (sock) => {
    const opened: number[] = [];
    try {
      const index = linkCache(sock);
      const enc = new NameTemplateEncoder<AddLinkSpec>((spec) => {
        checkAddSpec(spec);
        if (spec.kind === 'tun' || spec.kind === 'tap') throw new UsageError(`Error: ${spec.kind} links are made by ioctl: use addTuntap().`);
        const ctx: KindContext = { linkIndex: index, netnsAttrs: (ref) => linkNetnsAttrs(ref, opened) };
        const body = addLinkBody(spec, ctx);
        return (w) => encodeBody(link, body, w);
      }, (name) => checkIfname(name), RTM.RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
      return runBulk(specs, sock, opts, index, (spec) => enc.request(spec));
    } finally {
      for (const fd of opened) closeSync(fd);
    }
  });
}

/**
 * Many `ip link del DEV` in one pipeline. Each delete still costs the kernel
 * an RCU grace period (about 16 ms on a kernel without expedited RCU):
 * prefer a group and deleteLinkGroup() for many links.
 */
export async function deleteLinks(refs: readonly LinkRef[], opts: BulkOptions = {}): Promise<BulkResult[]> {
  return withRtnl(opts, (sock) => runBulk(refs, sock, opts, linkCache(sock), (ref) => {
    if (typeof ref === 'string' ? ref === '' : !(Number.isInteger(ref) && ref > 0)) throw new UsageError(`Cannot find device "${String(ref)}"`);
    const body = typeof ref === 'number' ? { ifi_index: ref } : { attrs: { IFLA_IFNAME: ref } };
    return { type: RTM.RTM_DELLINK, flags: 0, body: (w) => encodeBody(link, body, w) };
  }));
}

/* ---- streaming dumps ---- */

/**
 * ip route show [table T|all] [dev DEV] [proto P] [type T]   (streamed)
 *
 * listRoutes() as a stream: the same request and filters, each route
 * yielded as its datagram is read (NetlinkSocket.dumpStream), so a table of
 * any size is never held whole. With `opts.socket`, that socket serves
 * nothing else until the stream ends; otherwise one is opened for the
 * stream and closed when it ends (or the loop is left).
 *
 *   for await (const r of streamRoutes({ table: 100, netns: 'ns1' })) count++;
 */
export async function* streamRoutes(opts: ListRoutesOptions = {}): AsyncGenerator<Route, void, undefined> {
  for await (const chunk of streamRouteChunks(opts)) yield* chunk;
}

/**
 * ip route show ...   (streamed a datagram at a time)
 *
 * streamRoutes() yielding arrays of routes (a few hundred each), no promise
 * per route.
 */
export async function* streamRouteChunks(opts: ListRoutesOptions = {}): AsyncGenerator<Route[], void, undefined> {
  const q = routeQuery(opts);
  const own = opts.socket === undefined;
  const sock = opts.socket ?? openRtnl({ ...opts.socketOptions, netns: opts.netns });
  try {
    const { body, keep } = q(sock);
    try {
      for (const views of sock.dumpChunks(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, body, w), routeViews(keep))) {
        const out = views.filter((r): r is Route => r !== undefined);
        if (out.length) yield out;
      }
    } catch (e) {
      if (!isMissingTable(e, body)) throw e;
    }
  } finally {
    if (own) sock.close();
  }
}

