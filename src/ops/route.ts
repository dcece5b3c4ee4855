// Route operations: add, replace, append, delete, list, get. Each is a thin
// function over the codec: the spec is checked whole first (route-spec.ts;
// nothing reaches the kernel when it is bad), then one RTM_*ROUTE request
// goes out on the op's socket (opts: a namespace or a reused socket).
//
//   add      RTM_NEWROUTE  NLM_F_CREATE|NLM_F_EXCL
//   replace  RTM_NEWROUTE  NLM_F_CREATE|NLM_F_REPLACE
//   append   RTM_NEWROUTE  NLM_F_CREATE|NLM_F_APPEND
//   delete   RTM_DELROUTE  0
//   list     RTM_GETROUTE  NLM_F_DUMP, filtered by the kernel (strict
//                          checking: table, oif, protocol, type) and again here
//   get      RTM_GETROUTE  0: the kernel's route lookup for one destination
// NLM_F_ACK is always set, so every request is answered.

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/constants.js';
import { NetlinkError, UsageError } from '../netlink/errors.js';
import { RTM, RTM_F_FIB_MATCH, RTM_F_LOOKUP_TABLE, RT_TABLE } from '../netlink/rtnl/constants.js';
import { route, type RouteMessage, type RtMsg } from '../netlink/rtnl/route.js';
import type { RawMessage } from '../netlink/nlmsghdr.js';
import { decodeBody, decodeBodyInto, encodeBody, type Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { linkIndex, type LinkRef } from './resolve.js';
import { checkRoute, familyId, invarg, protocolId, routeMessage, routeTypeId, tableId, type Family, type RouteCmd, type RouteSpec, type RouteType } from './route-spec.js';
import { dumpedRouteView, routeView, type Route } from './route-view.js';
import { checkInt, parseInetPrefix } from './validate.js';

export type { Route, Nexthop, Via } from './route-view.js';
export type { RouteSpec, NexthopSpec, RouteMetrics, RouteType, Family } from './route-spec.js';

const decodeRoute = (m: { buf: Buffer; start: number; end: number }): RouteMessage => decodeBody(route, m.buf, m.start, m.end);
const ROUTE_PATH = [route.name];

/**
 * A dump's decoder into route views, undefined for a route `keep` refuses.
 * The views keep their bytes (dumpedRouteView): each datagram, which the
 * socket overwrites with the next, is copied once for all of its routes.
 */
export function routeViews(keep: (m: RouteMessage) => boolean): (m: RawMessage) => Route | undefined {
  let datagram: Buffer | undefined;
  let copy: Buffer | undefined;
  // One header object for the whole dump: the filter and the view read it
  // before the next message is decoded into it; the view keeps the bytes.
  const msg = {} as RouteMessage;
  return (m) => {
    decodeBodyInto<RtMsg>(route, m.buf, m.start, m.end, msg, ROUTE_PATH);
    if (!keep(msg)) return undefined;
    if (m.buf !== datagram) {
      datagram = m.buf;
      copy = Buffer.from(m.buf);
    }
    return dumpedRouteView(msg, copy!, m.start, m.end);
  };
}

const defined = <T>(v: T | undefined): v is T => v !== undefined;

function modify(spec: RouteSpec, cmd: RouteCmd, type: number, flags: number, opts: OpOptions): void {
  const checked = checkRoute(spec, cmd);
  withRtnl(opts, (sock) => {
    const body = routeMessage(checked, (ref) => linkIndex(sock, ref));
    sock.request(type, flags, (w) => encodeBody(route, body, w));
  });
}

/**
 * ip route add [TYPE] DST [via GW] [dev DEV] [src ADDR] [metric N] [table T]
 *              [scope S] [proto P] [onlink] [mtu [lock] N] [advmss N] ...
 *              [nexthop via GW [dev DEV] [weight W] [onlink]]...
 *
 * RTM_NEWROUTE with NLM_F_CREATE|NLM_F_EXCL: fails with EEXIST when the
 * route is there. Defaults as ip's: protocol boot, type unicast, table main
 * (local for a local route), scope as route-spec.ts says.
 */
export async function addRoute(spec: RouteSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, 'new', RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, opts);
}

/** ip route replace ROUTE: RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE (creates or overwrites). */
export async function replaceRoute(spec: RouteSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, 'new', RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, opts);
}

/**
 * ip route append ROUTE: RTM_NEWROUTE with NLM_F_CREATE|NLM_F_APPEND. IPv4
 * keeps another route to the same dst after the existing ones; IPv6 adds
 * the route's next hops to the existing multipath route.
 */
export async function appendRoute(spec: RouteSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, 'new', RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, opts);
}

/**
 * ip route del [TYPE] DST [via GW] [dev DEV] [metric N] [table T] [proto P] ...
 *
 * RTM_DELROUTE, flags 0. What is not given is a wildcard (protocol 0,
 * type 0, scope nowhere), as ip sends it: the first matching route goes.
 */
export async function deleteRoute(spec: RouteSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, 'delete', RTM.RTM_DELROUTE, 0, opts);
}

export interface ListRoutesOptions extends OpOptions {
  /** inet or inet6; both when absent */
  family?: Family;
  /** a table by name or id, or "all"; "main" when absent, as ip route show */
  table?: string | number;
  /** only routes out of this link (RTA_OIF or a next hop's) */
  dev?: LinkRef;
  /** only routes of this protocol ("kernel", "boot", "static", 4, ...) */
  protocol?: string | number;
  /** only routes of this type ("unicast", "blackhole", ...) */
  type?: RouteType | number;
}

/**
 * ip route show [table T|all] [dev DEV] [proto P] [type T]   (ip -4 / -6 for family)
 *
 * One RTM_GETROUTE dump. The filters go to the kernel (strict checking:
 * RTA_TABLE, RTA_OIF, rtm_protocol, rtm_type) and are applied again here.
 * Unlike `ip route show`, which shows IPv4 alone unless told, both families
 * come back when `family` is absent. A table that does not exist (yet) is
 * empty, where ip prints "FIB table does not exist".
 */
export async function listRoutes(opts: ListRoutesOptions = {}): Promise<Route[]> {
  const q = routeQuery(opts);
  return withRtnl(opts, (sock) => {
    const { body, keep } = q(sock);
    let views: (Route | undefined)[];
    try {
      views = sock.dump(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, body, w), routeViews(keep));
    } catch (e) {
      if (isMissingTable(e, body)) return [];
      throw e;
    }
    return views.every(defined) ? views : views.filter(defined);
  });
}

/**
 * A route dump as listRoutes sends it: the request body (the filters the
 * kernel applies) and the same filters applied again to each answer. The
 * options are checked at once; the link named by `dev` is looked up on the
 * socket given. Shared with the streaming dump (bulk.ts).
 */
export function routeQuery(opts: ListRoutesOptions): (sock: NetlinkSocket) => { body: Partial<RouteMessage>; keep: (m: RouteMessage) => boolean } {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  const table = opts.table === 'all' ? 0 : opts.table === undefined ? RT_TABLE.RT_TABLE_MAIN : tableId(opts.table);
  if (opts.table !== undefined && opts.table !== 'all' && table === 0) throw invarg('"table" value is invalid (use "all")', opts.table);
  const protocol = opts.protocol === undefined ? 0 : protocolId(opts.protocol);
  const type = opts.type === undefined ? 0 : routeTypeId(opts.type);
  if (opts.dev !== undefined && typeof opts.dev !== 'string' && typeof opts.dev !== 'number') throw invarg('"dev" not a valid ifname or ifindex', opts.dev);
  return (sock) => {
    const oif = opts.dev === undefined ? 0 : linkIndex(sock, opts.dev);
    const attrs: Attrs = {};
    if (table) attrs.RTA_TABLE = table;
    if (oif) attrs.RTA_OIF = oif;
    const keep = (m: RouteMessage): boolean => {
      if (m.rtm_family !== AF_INET && m.rtm_family !== AF_INET6) return false;
      if (af && m.rtm_family !== af) return false;
      if (table && ((m.attrs.RTA_TABLE as number | undefined) ?? m.rtm_table) !== table) return false;
      if (protocol && m.rtm_protocol !== protocol) return false;
      if (type && m.rtm_type !== type) return false;
      if (oif) {
        const hops = (m.attrs.RTA_MULTIPATH as { rtnh_ifindex: number }[] | undefined) ?? [];
        if (m.attrs.RTA_OIF !== oif && !hops.some((h) => h.rtnh_ifindex === oif)) return false;
      }
      return true;
    };
    return { body: { rtm_family: af, rtm_protocol: protocol, rtm_type: type, attrs }, keep };
  };
}

/** A dump of one table that does not exist (yet) fails with ENOENT: it is empty. */
export function isMissingTable(e: unknown, body: Partial<RouteMessage>): boolean {
  return body.attrs?.RTA_TABLE !== undefined && e instanceof NetlinkError && e.code === 'ENOENT';
}

export interface GetRouteOptions extends OpOptions {
  /** source address of the packet looked up (RTA_SRC) */
  from?: string;
  /** as if the packet came in on this link (RTA_IIF); needs `from` */
  iif?: LinkRef;
  /** as if it went out of this link (RTA_OIF) */
  oif?: LinkRef;
  /** firewall mark (RTA_MARK) */
  mark?: number;
  /** the FIB entry that matched, not the resulting route (RTM_F_FIB_MATCH) */
  fibmatch?: boolean;
}

/**
 * ip route get ADDR [from ADDR] [iif DEV] [oif DEV] [mark N] [fibmatch]
 *
 * The kernel's route lookup for one destination: RTM_GETROUTE without
 * NLM_F_DUMP (RTM_F_LOOKUP_TABLE for IPv4, as ip sends it); the answer is
 * one route, usually with RTM_F_CLONED set.
 */
export async function getRoute(dst: string, opts: GetRouteOptions = {}): Promise<Route> {
  const to = parseInetPrefix(dst);
  const full = to.family === AF_INET ? 32 : 128;
  if (to.prefixlen !== full) throw new UsageError(`Error: /${to.prefixlen} as prefix is invalid, only /${full} (or none) is supported: "${dst}".`);
  const attrs: Attrs = { RTA_DST: to.bytes };
  let srcLen = 0;
  if (opts.from !== undefined) {
    const from = parseInetPrefix(opts.from, to.family);
    attrs.RTA_SRC = from.bytes;
    srcLen = from.prefixlen;
  }
  if (opts.mark !== undefined) attrs.RTA_MARK = checkInt(opts.mark, 'mark', 0, 0xffffffff);
  let flags = to.family === AF_INET ? RTM_F_LOOKUP_TABLE : 0;
  if (opts.fibmatch) flags |= RTM_F_FIB_MATCH;
  return withRtnl(opts, (sock: NetlinkSocket) => {
    if (opts.iif !== undefined) attrs.RTA_IIF = linkIndex(sock, opts.iif);
    if (opts.oif !== undefined) attrs.RTA_OIF = linkIndex(sock, opts.oif);
    const [msg] = sock.request(RTM.RTM_GETROUTE, 0,
      (w) => encodeBody(route, { rtm_family: to.family, rtm_dst_len: full, rtm_src_len: srcLen, rtm_flags: flags, attrs }, w),
      decodeRoute);
    if (!msg) throw new UsageError(`no route to ${dst} in the answer`);
    return routeView(msg);
  });
}
