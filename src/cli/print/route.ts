// `ip route show` and `ip route get`, printed as iproute2 6.1 prints them
// (ip/iproute.c print_route), from decoded RTM_NEWROUTE messages:
//
//   default via 10.1.1.254 dev veth0 
//   10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1 
//   10.12.0.0/16 
//   	nexthop via 10.1.1.3 dev veth0 weight 2 
//   2001:db8::/64 dev veth0 proto kernel metric 256 pref medium
//
// Every field ends in a space, as in ip, except the IPv6 preference. With
// -j the same calls write [{"dst":"default","gateway":"10.1.1.254",...}].
// Pure: interface names come from the caller's ifindex -> name map.

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { RTM_F_CLONED, RTN, RT_SCOPE, RT_TABLE, RTPROT } from '../../netlink/rtnl/constants.js';
import type { RouteMessage, RtaCacheinfo, RtNexthop, RtVia } from '../../netlink/rtnl/route.js';
import type { Attrs } from '../../netlink/schema.js';
import { printNexthopInfo, type NexthopInfo } from './nexthop-info.js';
import { Output } from './output.js';
import { hostLen, newRouteFilter, routeGetFilter, routeTable, RouteSelector, type RouteFilter } from './route-filter.js';
import {
  addrText, ifName, printCacheFlags, printCacheinfo, printFlow, printGateway, printMetrics, printMultipath,
  printNewdst, printPref, printRtFlags, printVia,
} from './route-parts.js';
import { DEFAULT_RT_NAMES, dsfieldName, rtprotName, rtscopeName, rttableName, rtntypeName, type RtNames } from './rt-names.js';

export interface RoutePrintOptions {
  json?: boolean;
  pretty?: boolean;
  /** -d: the type of unicast routes, "proto boot", "scope global", "table main" */
  details?: number | boolean;
  /** -s: users, used and age of cached routes */
  stats?: number | boolean;
  /** -o: "\" instead of line breaks inside a route */
  oneline?: boolean;
  /** -4/-6: AF_INET, AF_INET6 (AF_UNSPEC for none) */
  family?: number;
  /** ifindex -> name, for "dev veth0" */
  linkNames: ReadonlyMap<number, string>;
  /** shorthand for filter.tb: a table id, "all" (0), or "cache" (cloned routes) */
  table?: number | 'all' | 'cache';
  /** ip's selector; `ip route show` defaults (table main, uncached) where absent */
  filter?: Partial<RouteFilter>;
  /** name tables; iproute2 6.1's defaults on these machines when absent */
  names?: RtNames;
  /** USER_HZ, the unit of cacheinfo times (sysconf(_SC_CLK_TCK)): 100 */
  hz?: number;
  /** nexthop objects by id, for the "nh_info" ip -d prints after a route with "nhid N" */
  nexthops?: ReadonlyMap<number, NexthopInfo>;
}

/** The filter `opts` asks for, from `ip route show`'s defaults. */
export function routeFilterOf(opts: Pick<RoutePrintOptions, 'table' | 'filter'>): RouteFilter {
  const f = newRouteFilter(opts.filter);
  if (opts.table === 'all') f.tb = 0;
  else if (opts.table === 'cache') f.cloned = 1;
  else if (typeof opts.table === 'number') f.tb = opts.table;
  return f;
}

/** The fields one print_route() call needs besides the message. */
interface Ctx {
  out: Output;
  filter: RouteFilter;
  details: boolean;
  stats: boolean;
  linkNames: ReadonlyMap<number, string>;
  names: RtNames;
  hz: number;
  nexthops?: ReadonlyMap<number, NexthopInfo>;
}

/** "10.1.1.0/24", "10.1.1.7", "default", or "0/8 " (sic: ip keeps that space). */
function prefixText(r: RouteMessage, v: unknown, len: number): string {
  const hl = hostLen(r.rtm_family);
  if (v !== undefined) {
    const a = addrText(r.rtm_family, v);
    return len !== hl ? `${a}/${len}` : a;
  }
  return '';
}

/** print_route(): one route, a line of text or an object of JSON. */
function printRoute(c: Ctx, r: RouteMessage, deleted = false): void {
  const { out, filter: f, details } = c;
  const a = r.attrs;
  const hl = hostLen(r.rtm_family);
  const table = routeTable(r);

  out.openObject();
  if (deleted) out.bool('any', 'deleted', 'Deleted ', true);
  if ((r.rtm_type !== RTN.RTN_UNICAST || details) && (!f.typemask || f.typemask & (1 << r.rtm_type))) {
    out.string('any', 'type', '%s ', rtntypeName(r.rtm_type));
  }
  let dst: string;
  if (a.RTA_DST !== undefined) dst = prefixText(r, a.RTA_DST, r.rtm_dst_len);
  else if (r.rtm_dst_len) dst = `0/${r.rtm_dst_len} `;
  else dst = 'default';
  out.string('any', 'dst', '%s ', dst);

  if (a.RTA_SRC !== undefined) out.string('any', 'from', 'from %s ', prefixText(r, a.RTA_SRC, r.rtm_src_len));
  else if (r.rtm_src_len) out.string('any', 'src', 'from %s ', `0/${r.rtm_src_len}`);

  if (typeof a.RTA_NH_ID === 'number') out.uint('any', 'nhid', 'nhid %u ', a.RTA_NH_ID);
  if (a.RTA_NEWDST !== undefined) printNewdst(out, r.rtm_family, a.RTA_NEWDST);
  if (r.rtm_tos && f.tosmask !== -1) out.string('any', 'tos', 'tos %s ', dsfieldName(r.rtm_tos, c.names));
  if (a.RTA_GATEWAY !== undefined && (f.rvia?.bitlen ?? 0) !== hl) printGateway(out, r.rtm_family, a.RTA_GATEWAY);
  if (a.RTA_VIA !== undefined) printVia(out, a.RTA_VIA as RtVia);
  if (typeof a.RTA_OIF === 'number' && f.oifmask !== -1) printIf(c, 'dev', a.RTA_OIF);

  if (table && (table !== RT_TABLE.RT_TABLE_MAIN || details) && !f.tb) {
    out.string('any', 'table', 'table %s ', rttableName(table, c.names));
  }
  if (!(r.rtm_flags & RTM_F_CLONED)) {
    if ((r.rtm_protocol !== RTPROT.RTPROT_BOOT || details) && f.protocolmask !== -1) {
      out.string('any', 'protocol', 'proto %s ', rtprotName(r.rtm_protocol, c.names));
    }
    if ((r.rtm_scope !== RT_SCOPE.RT_SCOPE_UNIVERSE || details) && f.scopemask !== -1) {
      out.string('any', 'scope', 'scope %s ', rtscopeName(r.rtm_scope, c.names));
    }
  }
  if (a.RTA_PREFSRC !== undefined && (f.rprefsrc?.bitlen ?? 0) !== hl) {
    const psrc = addrText(r.rtm_family, a.RTA_PREFSRC);
    if (out.isJson) out.string('json', 'prefsrc', null, psrc);
    else out.fp('src %s ', psrc);
  }
  if (typeof a.RTA_PRIORITY === 'number' && f.metricmask !== -1) out.uint('any', 'metric', 'metric %u ', a.RTA_PRIORITY);
  printRtFlags(out, r.rtm_flags);
  if (typeof a.RTA_MARK === 'number' && a.RTA_MARK) {
    const mark = a.RTA_MARK >>> 0;
    if (out.isJson) out.uint('json', 'mark', null, mark);
    else if (mark >= 16) out.fp('mark 0x%x ', mark);
    else out.fp('mark %u ', mark);
  }
  if (typeof a.RTA_FLOW === 'number' && (f.realmmask >>> 0) !== 0xffffffff) printFlow(out, a.RTA_FLOW, c.names);
  if (typeof a.RTA_UID === 'number') out.uint('any', 'uid', 'uid %u ', a.RTA_UID);
  const ci = a.RTA_CACHEINFO as RtaCacheinfo | undefined;
  if (r.rtm_family === AF_INET) {
    if (r.rtm_flags & RTM_F_CLONED) printCacheFlags(out, r.rtm_flags);
    if (ci) printCacheinfo(out, ci, c.stats, c.hz);
  } else if (r.rtm_family === AF_INET6) {
    if (ci) printCacheinfo(out, ci, c.stats, c.hz);
  }
  if (a.RTA_METRICS && typeof a.RTA_METRICS === 'object' && !Buffer.isBuffer(a.RTA_METRICS)) {
    printMetrics(out, a.RTA_METRICS as Attrs);
  }
  if (typeof a.RTA_IIF === 'number' && f.iifmask !== -1) printIf(c, 'iif', a.RTA_IIF);
  if (typeof a.RTA_PREF === 'number') printPref(out, a.RTA_PREF);
  if (typeof a.RTA_TTL_PROPAGATE === 'number') {
    const on = a.RTA_TTL_PROPAGATE !== 0;
    if (out.isJson) out.bool('json', 'ttl-propogate', null, on);
    else out.fp('ttl-propogate %s', on ? 'enabled' : 'disabled');
  }
  if (typeof a.RTA_NH_ID === 'number' && details) {
    const nh = c.nexthops?.get(a.RTA_NH_ID);
    if (nh) printNexthopInfo(out, nh, c.linkNames, c.names, details);
  }
  if (Array.isArray(a.RTA_MULTIPATH)) printMultipath(out, r, a.RTA_MULTIPATH as RtNexthop[], c.linkNames, c.names);
  out.fp('\n');
  out.closeObject();
}

/** print_rta_if(): "dev veth0 " / "iif lo " */
function printIf(c: Ctx, prefix: string, index: number): void {
  const name = ifName(c.linkNames, index);
  if (c.out.isJson) c.out.string('json', prefix, null, name);
  else c.out.fp('%s %s ', prefix, name);
}

function ctxOf(opts: RoutePrintOptions, filter: RouteFilter): Ctx {
  return {
    out: new Output({ json: opts.json, pretty: opts.pretty, oneline: opts.oneline }),
    filter,
    details: !!opts.details,
    stats: !!opts.stats,
    linkNames: opts.linkNames,
    names: opts.names ?? DEFAULT_RT_NAMES,
    hz: opts.hz ?? 100,
    nexthops: opts.nexthops,
  };
}

/**
 * `ip route show`: the routes of a dump that ip's filter keeps (main table,
 * uncached, unless `opts` says otherwise), in dump order.
 */
export function formatRoutes(routes: readonly RouteMessage[], opts: RoutePrintOptions): string {
  const filter = routeFilterOf(opts);
  const c = ctxOf(opts, filter);
  const sel = new RouteSelector(filter, opts.family ?? AF_UNSPEC);
  c.out.openAnonArray();
  for (const r of routes) if (sel.accepts(r)) printRoute(c, r);
  c.out.closeArray('json', null);
  return c.out.finish();
}

/** `ip route get`: the kernel's answer, printed unfiltered ("    cache " and all). */
export function formatRouteGet(msg: RouteMessage, opts: Omit<RoutePrintOptions, 'table' | 'filter'>): string {
  const c = ctxOf(opts, routeGetFilter());
  c.out.openAnonArray();
  printRoute(c, msg);
  c.out.closeArray('json', null);
  return c.out.finish();
}

/** One route as `ip monitor route` prints it ("Deleted " first for RTM_DELROUTE). */
export function formatRoute(msg: RouteMessage, opts: RoutePrintOptions & { deleted?: boolean }): string {
  const c = ctxOf(opts, routeFilterOf({ filter: { tb: 0, ...opts.filter } }));
  printRoute(c, msg, opts.deleted);
  return c.out.finish();
}
