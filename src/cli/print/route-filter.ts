// Which routes of a dump `ip route show` prints (ip/iproute.c filter_nlmsg),
// and the dump request it sends for them (iproute_dump_filter).
//
// ip asks the kernel for one family (IPv4 unless -6 or "table all") with
// RTA_TABLE = the table wanted (main by default), then filters again itself:
// cached (RTM_F_CLONED) routes only for "table cache"/"cached", and the
// selectors (proto, scope, type, dev, via, src, root/match/exact, ...).
// A field with a *mask of -1 is a selector given on the command line; the
// printer then leaves that field out of each line, as ip does.

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { parseIP } from '../../netlink/inet.js';
import { RTN, RT_TABLE, RTM_F_CLONED } from '../../netlink/rtnl/constants.js';
import type { RouteMessage, RtMsg } from '../../netlink/rtnl/route.js';
import type { Attrs } from '../../netlink/schema.js';

/** An address prefix as ip's inet_prefix holds it. */
export interface Prefix {
  family: number;
  bitlen: number;
  /** network byte order; may be shorter than the family's length (default: none) */
  bytes: Uint8Array;
  /** PREFIXLEN_SPECIFIED: "default"/"any"/"all" or an explicit /N */
  specified?: boolean;
}

/** ip's route filter (the static struct in ip/iproute.c), all zero but tb. */
export interface RouteFilter {
  /** table id; 0 for all tables */
  tb: number;
  /** 0: uncached routes only, 1: cached only, 2: both (ip route get) */
  cloned: number;
  protocol: number; protocolmask: number;
  scope: number; scopemask: number;
  /** bit 1 << RTN_*; 0 for every type */
  typemask: number;
  tos: number; tosmask: number;
  iif: number; iifmask: number;
  oif: number; oifmask: number;
  mark: number; markmask: number;
  realm: number; realmmask: number;
  metric: number; metricmask: number;
  rprefsrc?: Prefix;
  rvia?: Prefix;
  rdst?: Prefix;
  mdst?: Prefix;
  rsrc?: Prefix;
  msrc?: Prefix;
}

/** iproute_reset_filter() then filter.tb = main: what `ip route show` starts from. */
export function newRouteFilter(over: Partial<RouteFilter> = {}): RouteFilter {
  return {
    tb: RT_TABLE.RT_TABLE_MAIN, cloned: 0,
    protocol: 0, protocolmask: 0, scope: 0, scopemask: 0, typemask: 0, tos: 0, tosmask: 0,
    iif: 0, iifmask: 0, oif: 0, oifmask: 0, mark: 0, markmask: 0, realm: 0, realmmask: 0,
    metric: 0, metricmask: 0,
    ...over,
  };
}

/** The filter of `ip route get`: nothing filtered, cached routes too. */
export const routeGetFilter = (): RouteFilter => newRouteFilter({ tb: 0, cloned: 2 });

/** The table a route is in: RTA_TABLE, else rtm_table (rtm_get_table). */
export function routeTable(r: RouteMessage): number {
  const t = r.attrs.RTA_TABLE;
  return typeof t === 'number' ? t : r.rtm_table;
}

/** af_bit_len(): 32 for IPv4, 128 for IPv6, 20 for MPLS, 0 for others. */
export function hostLen(family: number): number {
  return family === AF_INET ? 32 : family === AF_INET6 ? 128 : family === 28 ? 20 : family === 7 ? 16 : 0;
}

/** inet_addr_match(): 0 when the first `bits` bits agree. */
export function addrMatch(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  if (bits <= 0) return true;
  const byte = (x: Uint8Array, i: number) => x[i] ?? 0;
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (byte(a, i) !== byte(b, i)) return false;
  const rest = bits & 7;
  if (!rest) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((byte(a, whole) ^ byte(b, whole)) & mask) === 0;
}

/** Bytes of an address attribute, `len` bytes of it at most (memcpy of (len+7)/8 in ip). */
function addrBytes(v: unknown, nbytes?: number): Uint8Array {
  const b = typeof v === 'string' ? parseIP(v) : Buffer.isBuffer(v) ? v : undefined;
  if (!b) return new Uint8Array(0);
  return nbytes === undefined ? b : b.subarray(0, nbytes);
}

/** The route selector as a predicate over decoded routes, with ip's dump-wide state. */
export class RouteSelector {
  /** ip6_multiple_tables: set once an IPv6 route outside main is seen */
  private ip6MultipleTables = false;

  constructor(readonly filter: RouteFilter, readonly family = AF_UNSPEC) {}

  /** filter_nlmsg(): true when ip would print the route. */
  accepts(r: RouteMessage): boolean {
    const f = this.filter;
    const a = r.attrs;
    const table = routeTable(r);
    const hl = hostLen(r.rtm_family);
    if (this.family !== AF_UNSPEC && r.rtm_family !== this.family) return false;
    if (r.rtm_family === AF_INET6 && table !== RT_TABLE.RT_TABLE_MAIN) this.ip6MultipleTables = true;
    if (f.cloned === (r.rtm_flags & RTM_F_CLONED ? 0 : 1)) return false;
    if (r.rtm_family === AF_INET6 && !this.ip6MultipleTables) {
      if (f.tb) {
        if (f.tb === RT_TABLE.RT_TABLE_LOCAL) {
          if (r.rtm_type !== RTN.RTN_LOCAL) return false;
        } else if (f.tb === RT_TABLE.RT_TABLE_MAIN) {
          if (r.rtm_type === RTN.RTN_LOCAL) return false;
        } else return false;
      }
    } else if (f.tb > 0 && f.tb !== table) return false;
    if ((f.protocol ^ r.rtm_protocol) & f.protocolmask) return false;
    if ((f.scope ^ r.rtm_scope) & f.scopemask) return false;
    if (f.typemask && !(f.typemask & (1 << r.rtm_type))) return false;
    if ((f.tos ^ r.rtm_tos) & f.tosmask) return false;
    if (!lenOk(f.rdst, r.rtm_family, (p) => p.bitlen > r.rtm_dst_len)) return false;
    if (!lenOk(f.mdst, r.rtm_family, (p) => p.bitlen >= 0 && p.bitlen < r.rtm_dst_len)) return false;
    if (!lenOk(f.rsrc, r.rtm_family, (p) => p.bitlen > r.rtm_src_len)) return false;
    if (!lenOk(f.msrc, r.rtm_family, (p) => p.bitlen >= 0 && p.bitlen < r.rtm_src_len)) return false;
    if (f.rvia?.family) {
      const via = a.RTA_VIA as { family: number } | undefined;
      if ((via ? via.family : r.rtm_family) !== f.rvia.family) return false;
    }
    if (f.rprefsrc?.family && r.rtm_family !== f.rprefsrc.family) return false;

    const dst = addrBytes(a.RTA_DST, (r.rtm_dst_len + 7) >> 3);
    const src = addrBytes(a.RTA_SRC, (r.rtm_src_len + 7) >> 3);
    if (used(f.rdst) && !addrMatch(dst, f.rdst!.bytes, f.rdst!.bitlen)) return false;
    if (used(f.mdst) && !addrMatch(dst, f.mdst!.bytes, r.rtm_dst_len)) return false;
    if (used(f.rsrc) && !addrMatch(src, f.rsrc!.bytes, f.rsrc!.bitlen)) return false;
    if (used(f.msrc) && f.msrc!.bitlen >= 0 && !addrMatch(src, f.msrc!.bytes, r.rtm_src_len)) return false;
    if (f.rvia?.family) {
      let via = f.rvia.bitlen > 0 ? addrBytes(a.RTA_GATEWAY, hl >> 3) : new Uint8Array(0);
      const rv = a.RTA_VIA as { addr: string | Buffer } | undefined;
      if (f.rvia.bitlen > 0 && rv) via = addrBytes(rv.addr);
      if (!addrMatch(via, f.rvia.bytes, f.rvia.bitlen)) return false;
    }
    if (f.rprefsrc?.family) {
      const ps = f.rprefsrc.bitlen > 0 ? addrBytes(a.RTA_PREFSRC, hl >> 3) : new Uint8Array(0);
      if (!addrMatch(ps, f.rprefsrc.bytes, f.rprefsrc.bitlen)) return false;
    }
    if (!masked(a.RTA_FLOW, f.realm, f.realmmask)) return false;
    if (!masked(a.RTA_IIF, f.iif, f.iifmask)) return false;
    if (!masked(a.RTA_OIF, f.oif, f.oifmask)) return false;
    if (!masked(a.RTA_MARK, f.mark, f.markmask)) return false;
    if (!masked(a.RTA_PRIORITY, f.metric, f.metricmask)) return false;
    return true;
  }
}

/** A prefix selector takes part when it has a family or an explicit length. */
const used = (p: Prefix | undefined): boolean => !!p && (!!p.family || !!p.specified);

/** The family and length checks of one prefix selector; true when the route passes. */
function lenOk(p: Prefix | undefined, family: number, tooLong: (p: Prefix) => boolean): boolean {
  if (!p) return true;
  if (p.family) return family === p.family && !tooLong(p);
  if (p.specified) return !tooLong(p);
  return true;
}

/** ((value ^ want) & mask) == 0, the attribute counting as 0 when absent. */
function masked(v: unknown, want: number, mask: number): boolean {
  if (!mask) return true;
  const n = typeof v === 'number' ? v : 0;
  return ((n ^ want) & mask) === 0;
}

/**
 * The RTM_GETROUTE dump request ip sends for `filter` (rtnl_routedump_req +
 * iproute_dump_filter): the family (IPv4 when none is given and a table is),
 * rtm_protocol, RTM_F_CLONED for the cache, RTA_TABLE and RTA_OIF.
 */
export function routeDumpRequest(filter: RouteFilter, family = AF_UNSPEC): Partial<RtMsg> & { attrs: Attrs } {
  const attrs: Attrs = {};
  if (filter.tb) attrs.RTA_TABLE = filter.tb;
  if (filter.oif) attrs.RTA_OIF = filter.oif;
  return {
    rtm_family: family === AF_UNSPEC && filter.tb ? AF_INET : family,
    rtm_protocol: filter.protocol,
    rtm_flags: filter.cloned ? RTM_F_CLONED : 0,
    attrs,
  };
}
