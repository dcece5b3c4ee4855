// A route as people write it (ip route add 10.6.0.0/16 nexthop via 10.1.1.2
// weight 2 ...) turned into the rtmsg + RTA_* that iproute2 6.1 sends
// (ip/iproute.c: iproute_modify, parse_one_nh), and the names iproute2 gives
// protocols, scopes, types and tables (lib/rt_names.c: rt_protos, rt_scopes,
// rtnl_rtntype, rt_tables). Pure: no I/O. Links named by name are resolved
// by the caller's `indexOf`, called only once everything else is checked.
//
// What iproute2 sends, and so what this builds (test/fixtures/rtnl/route.ts):
//   rtm_table   the table when < 256; else RT_TABLE_UNSPEC and RTA_TABLE
//   protocol    boot, type unicast, scope universe on add/replace/append;
//               0, 0 and scope nowhere (wildcards) on delete
//   scope       when not given: host for local, link for broadcast/anycast/
//               multicast and for a unicast route with neither gateway nor
//               next hops; universe otherwise (always universe for IPv6)
//   table       local for a local route when not given; main otherwise
//   gateway     RTA_GATEWAY; of the other family (IPv4 via IPv6): RTA_VIA
//   attributes  RTA_DST RTA_PREFSRC RTA_GATEWAY|RTA_VIA RTA_PRIORITY
//               RTA_TABLE RTA_OIF RTA_METRICS RTA_MULTIPATH

import { AF_INET, AF_INET6 } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { RTN, RTNH_F_DEAD, RTNH_F_LINKDOWN, RTNH_F_OFFLOAD, RTNH_F_ONLINK, RTNH_F_PERVASIVE, RTNH_F_TRAP, RTNH_F_UNRESOLVED, RTM_F_NOTIFY, RTM_F_OFFLOAD, RTM_F_TRAP, RTPROT, RT_SCOPE, RT_TABLE } from '../netlink/rtnl/constants.js';
import { RTAX, type RouteMessage, type RtNexthop } from '../netlink/rtnl/route.js';
import type { Attrs } from '../netlink/schema.js';
import type { LinkRef } from './resolve.js';
import { checkInt, checkLinkRef, networkOf, parseInetAddr, parseInetPrefix, type InetAddr } from './validate.js';

const U32 = 0xffffffff;

/** iproute2's invarg(): `Error: argument "ARG" is wrong: MSG`. */
export function invarg(msg: string, arg: unknown): UsageError {
  return new UsageError(`Error: argument "${String(arg)}" is wrong: ${msg}`);
}

/* ---- families ---- */

/** An address family, as ip -j names it. */
export type Family = 'inet' | 'inet6';

export function familyName(af: number): Family {
  return af === AF_INET6 ? 'inet6' : 'inet';
}

/** AF_INET / AF_INET6 from 'inet' / 'inet6' (also 4, 6, or the AF_* numbers); undefined stays undefined. */
export function familyId(f: unknown): typeof AF_INET | typeof AF_INET6 | undefined {
  if (f === undefined) return undefined;
  if (f === 'inet' || f === 4 || f === AF_INET) return AF_INET;
  if (f === 'inet6' || f === 6 || f === AF_INET6) return AF_INET6;
  throw invarg('invalid address family (inet or inet6)', f);
}

/* ---- names: lib/rt_names.c and /etc/iproute2/{rt_protos,rt_scopes,rt_tables} ---- */

type NameTable = Readonly<Record<number, string>>;

/** rt_protos */
export const PROTOCOL_NAMES: NameTable = {
  [RTPROT.RTPROT_UNSPEC]: 'unspec', [RTPROT.RTPROT_REDIRECT]: 'redirect', [RTPROT.RTPROT_KERNEL]: 'kernel',
  [RTPROT.RTPROT_BOOT]: 'boot', [RTPROT.RTPROT_STATIC]: 'static', [RTPROT.RTPROT_GATED]: 'gated',
  [RTPROT.RTPROT_RA]: 'ra', [RTPROT.RTPROT_MRT]: 'mrt', [RTPROT.RTPROT_ZEBRA]: 'zebra', [RTPROT.RTPROT_BIRD]: 'bird',
  [RTPROT.RTPROT_DNROUTED]: 'dnrouted', [RTPROT.RTPROT_XORP]: 'xorp', [RTPROT.RTPROT_NTK]: 'ntk',
  [RTPROT.RTPROT_DHCP]: 'dhcp', [RTPROT.RTPROT_KEEPALIVED]: 'keepalived', [RTPROT.RTPROT_BABEL]: 'babel',
  [RTPROT.RTPROT_OPENR]: 'openr', [RTPROT.RTPROT_BGP]: 'bgp', [RTPROT.RTPROT_ISIS]: 'isis',
  [RTPROT.RTPROT_OSPF]: 'ospf', [RTPROT.RTPROT_RIP]: 'rip', [RTPROT.RTPROT_EIGRP]: 'eigrp',
};

/** rt_scopes */
export const SCOPE_NAMES: NameTable = {
  [RT_SCOPE.RT_SCOPE_UNIVERSE]: 'global', [RT_SCOPE.RT_SCOPE_SITE]: 'site', [RT_SCOPE.RT_SCOPE_LINK]: 'link',
  [RT_SCOPE.RT_SCOPE_HOST]: 'host', [RT_SCOPE.RT_SCOPE_NOWHERE]: 'nowhere',
};

/** rtnl_rtntype_n2a */
export const TYPE_NAMES: NameTable = {
  [RTN.RTN_UNSPEC]: 'none', [RTN.RTN_UNICAST]: 'unicast', [RTN.RTN_LOCAL]: 'local', [RTN.RTN_BROADCAST]: 'broadcast',
  [RTN.RTN_ANYCAST]: 'anycast', [RTN.RTN_MULTICAST]: 'multicast', [RTN.RTN_BLACKHOLE]: 'blackhole',
  [RTN.RTN_UNREACHABLE]: 'unreachable', [RTN.RTN_PROHIBIT]: 'prohibit', [RTN.RTN_THROW]: 'throw',
  [RTN.RTN_NAT]: 'nat', [RTN.RTN_XRESOLVE]: 'xresolve',
};

/** rt_tables */
export const TABLE_NAMES: NameTable = {
  [RT_TABLE.RT_TABLE_UNSPEC]: 'unspec', [RT_TABLE.RT_TABLE_DEFAULT]: 'default',
  [RT_TABLE.RT_TABLE_MAIN]: 'main', [RT_TABLE.RT_TABLE_LOCAL]: 'local',
};

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';
export type ScopeName = 'global' | 'site' | 'link' | 'host' | 'nowhere';

const nameOf = (t: NameTable, n: number): string => t[n] ?? String(n);

/** A name from the table, or a number in [0, max]; anything else is `invarg(msg)`. */
function idOf(t: NameTable, v: unknown, max: number, msg: string, aliases: Record<string, number> = {}): number {
  if (typeof v === 'string') {
    if (v in aliases) return aliases[v]!;
    for (const [k, name] of Object.entries(t)) if (name === v) return Number(k);
  }
  if ((typeof v === 'number' || (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v))) && Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= max) return Number(v);
  throw invarg(msg, v);
}

export const protocolName = (n: number): string => nameOf(PROTOCOL_NAMES, n);
export const scopeName = (n: number): string => nameOf(SCOPE_NAMES, n);
export const routeTypeName = (n: number): string => nameOf(TYPE_NAMES, n);
export const tableName = (n: number): string => nameOf(TABLE_NAMES, n);

/** "boot" or 3 → 3. */
export const protocolId = (v: unknown): number => idOf(PROTOCOL_NAMES, v, 255, '"protocol" value is invalid');
/** "link" or 253 → 253 ("universe" is accepted for "global"). */
export const scopeId = (v: unknown): number => idOf(SCOPE_NAMES, v, 255, 'invalid "scope" value', { universe: 0 });
/** "blackhole" → 6 (rtnl_rtntype_a2n; "brd" for "broadcast"). "none" is not a type one can ask for. */
export const routeTypeId = (v: unknown): number => {
  const n = idOf(TYPE_NAMES, v, 255, '"type" value is invalid', { brd: RTN.RTN_BROADCAST });
  if (v === 'none') throw invarg('"type" value is invalid', v);
  return n;
};
/** "main" or 1000 → the table id, 0 .. 2^32-1. */
export const tableId = (v: unknown): number => idOf(TABLE_NAMES, v, U32, '"table" value is invalid');

/* ---- flags ---- */

const RTNH_FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [RTNH_F_DEAD, 'dead'], [RTNH_F_ONLINK, 'onlink'], [RTNH_F_PERVASIVE, 'pervasive'], [RTNH_F_OFFLOAD, 'offload'],
  [RTNH_F_TRAP, 'trap'], [RTM_F_NOTIFY, 'notify'], [RTNH_F_LINKDOWN, 'linkdown'], [RTNH_F_UNRESOLVED, 'unresolved'],
  [RTM_F_OFFLOAD, 'rt_offload'], [RTM_F_TRAP, 'rt_trap'], [0x20000 /* RTM_F_OFFLOAD_FAILED */, 'rt_offload_failed'],
];

/** ip's print_rt_flags: the names of rtm_flags / rtnh_flags bits. */
export function routeFlagNames(flags: number): string[] {
  const out: string[] = [];
  if (flags === 0) return out; // most routes: no scan (a dump names the flags of every route)
  for (const [bit, name] of RTNH_FLAG_NAMES) if (flags & bit) out.push(name);
  return out;
}

/* ---- metrics: RTA_METRICS ---- */

/**
 * Route metrics, as `ip route add ... mtu 1400 advmss 1360 rtt 100ms ...`
 * takes them. rtt, rttvar and rtoMin are in milliseconds (the kernel keeps
 * rtt × 8 and rttvar × 4, as iproute2 writes them). `lock` lists metrics
 * the kernel must not change (ip's "mtu lock 1400").
 */
export interface RouteMetrics {
  mtu?: number;
  window?: number;
  rtt?: number;
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  advmss?: number;
  reordering?: number;
  hoplimit?: number;
  initcwnd?: number;
  rtoMin?: number;
  initrwnd?: number;
  quickack?: number;
  /** congestion control algorithm: "reno", "cubic", ... */
  congctl?: string;
  fastopenNoCookie?: number;
  lock?: MetricName[];
}
export type MetricName = Exclude<keyof RouteMetrics, 'lock'>;

/** name, RTAX id, kernel attribute, scale (stored = value × scale), range */
const METRICS: ReadonlyArray<[MetricName, number, string, number, number, number]> = [
  ['mtu', RTAX.RTAX_MTU, 'RTAX_MTU', 1, 1, 65535],
  ['window', RTAX.RTAX_WINDOW, 'RTAX_WINDOW', 1, 0, U32],
  ['rtt', RTAX.RTAX_RTT, 'RTAX_RTT', 8, 0, Math.floor(U32 / 8)],
  ['rttvar', RTAX.RTAX_RTTVAR, 'RTAX_RTTVAR', 4, 0, Math.floor(U32 / 4)],
  ['ssthresh', RTAX.RTAX_SSTHRESH, 'RTAX_SSTHRESH', 1, 0, U32],
  ['cwnd', RTAX.RTAX_CWND, 'RTAX_CWND', 1, 0, U32],
  ['advmss', RTAX.RTAX_ADVMSS, 'RTAX_ADVMSS', 1, 0, U32],
  ['reordering', RTAX.RTAX_REORDERING, 'RTAX_REORDERING', 1, 0, U32],
  ['hoplimit', RTAX.RTAX_HOPLIMIT, 'RTAX_HOPLIMIT', 1, 0, 255],
  ['initcwnd', RTAX.RTAX_INITCWND, 'RTAX_INITCWND', 1, 0, U32],
  ['rtoMin', RTAX.RTAX_RTO_MIN, 'RTAX_RTO_MIN', 1, 0, U32],
  ['initrwnd', RTAX.RTAX_INITRWND, 'RTAX_INITRWND', 1, 0, U32],
  ['quickack', RTAX.RTAX_QUICKACK, 'RTAX_QUICKACK', 1, 0, 1],
  ['congctl', RTAX.RTAX_CC_ALGO, 'RTAX_CC_ALGO', 1, 0, 0],
  ['fastopenNoCookie', RTAX.RTAX_FASTOPEN_NO_COOKIE, 'RTAX_FASTOPEN_NO_COOKIE', 1, 0, 1],
];
/** The option names iproute2 uses where they differ from ours. */
const IP_NAMES: Partial<Record<MetricName, string>> = { rtoMin: 'rto_min', fastopenNoCookie: 'fastopen_no_cookie' };

/** Check metrics and turn them into RTA_METRICS (RTAX_LOCK last, as ip sends it); undefined when empty. */
export function metricsAttrs(m: RouteMetrics | undefined): Attrs | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null) throw invarg('"metrics" must be an object', m);
  const known = new Set<string>([...METRICS.map((x) => x[0]), 'lock']);
  for (const k of Object.keys(m)) if (!known.has(k)) throw invarg('unknown route metric', k);
  const out: Attrs = {};
  for (const [name, , attr, scale, min, max] of METRICS) {
    const v = m[name];
    if (v === undefined) continue;
    if (name === 'congctl') {
      if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,15}$/.test(v)) throw invarg('"congctl" value is invalid', v);
      out[attr] = v;
    } else {
      out[attr] = checkInt(v, IP_NAMES[name] ?? name, min, max) * scale;
    }
  }
  if (m.lock !== undefined) {
    if (!Array.isArray(m.lock)) throw invarg('"lock" must list metric names', m.lock);
    let mask = 0;
    for (const name of m.lock) {
      const row = METRICS.find((x) => x[0] === name);
      if (!row) throw invarg('unknown route metric to lock', name);
      mask |= 1 << row[1];
    }
    if (mask) out.RTAX_LOCK = mask >>> 0;
  }
  return Object.keys(out).length ? out : undefined;
}

/** RTA_METRICS back to RouteMetrics (rtt in ms, locked metrics named). */
export function metricsView(a: Attrs | undefined): RouteMetrics | undefined {
  if (!a) return undefined;
  const out: RouteMetrics = {};
  for (const [name, , attr, scale] of METRICS) {
    const v = a[attr];
    if (v !== undefined) (out as Record<string, unknown>)[name] = typeof v === 'number' ? v / scale : v;
  }
  const lock = a.RTAX_LOCK as number | undefined;
  if (lock) out.lock = METRICS.filter(([, id]) => lock & (1 << id)).map(([name]) => name);
  return out;
}

/* ---- the spec ---- */

/** One next hop of a multipath route: ip route add ... nexthop via GW dev DEV weight W onlink */
export interface NexthopSpec {
  /** gateway; of the other family than the route's, it travels in RTA_VIA */
  via?: string;
  dev?: LinkRef;
  /** 1 .. 256 (rtnh_hops = weight - 1); 1 when absent */
  weight?: number;
  onlink?: boolean;
}

/** A route as `ip route add|replace|append|del` takes it. */
export interface RouteSpec {
  /** "default" or a prefix: "10.1.0.0/16", "2001:db8::/48", "10.1.1.7" (a host) */
  dst: string;
  /** needed only for "default" without a gateway (IPv4 then) */
  family?: Family;
  type?: RouteType | number;
  /** gateway */
  via?: string;
  dev?: LinkRef;
  /** preferred source address (RTA_PREFSRC): ip's "src" */
  src?: string;
  /** RTA_PRIORITY */
  metric?: number;
  /** "main", "local", "default" or 0 .. 2^32-1 */
  table?: string | number;
  scope?: ScopeName | number;
  protocol?: string | number;
  onlink?: boolean;
  metrics?: RouteMetrics;
  nexthops?: NexthopSpec[];
}

const SPEC_KEYS = new Set(['dst', 'family', 'type', 'via', 'dev', 'src', 'metric', 'table', 'scope', 'protocol', 'onlink', 'metrics', 'nexthops']);
const NH_KEYS = new Set(['via', 'dev', 'weight', 'onlink']);

/** A route's dst: default (length 0), or a prefix whose host bits are zero. */
export interface RouteDst {
  family?: typeof AF_INET | typeof AF_INET6;
  bytes?: Buffer;
  prefixlen: number;
}

/**
 * Parse a dst: "default" (also "any", "all", as ip takes them) or a prefix.
 * An IPv4 prefix with host bits set is refused, as the kernel refuses it
 * (fib_table_insert: "Invalid prefix for given prefix length"); an IPv6 one
 * is masked by the kernel, as with ip.
 */
export function parseRouteDst(dst: unknown, family?: number): RouteDst {
  if (dst === 'default' || dst === 'any' || dst === 'all') return { family: family as RouteDst['family'], prefixlen: 0 };
  const p = parseInetPrefix(dst as string, family);
  if (p.family === AF_INET && hostBitsSet(p.bytes, p.prefixlen)) {
    const net = networkOf(p.bytes, p.prefixlen);
    throw new UsageError(`Error: Invalid prefix for given prefix length: "${String(dst)}" (the network is ${[...net].join('.')}/${p.prefixlen}).`);
  }
  return { family: p.family, bytes: p.bytes, prefixlen: p.prefixlen };
}

/** Whether an IPv4 prefix has bits set past its length (computed in place: one per route in a bulk add). */
function hostBitsSet(bytes: Buffer, prefixlen: number): boolean {
  const v = bytes.readUInt32BE(0);
  const host = prefixlen >= 32 ? 0 : prefixlen === 0 ? 0xffffffff : 0xffffffff >>> prefixlen;
  return (v & host) !== 0;
}

/** An add request (add, replace, append) or a delete: they default differently. */
export type RouteCmd = 'new' | 'delete';

interface CheckedNexthop { via?: InetAddr; dev?: LinkRef; hops: number; flags: number }

/** Everything checked, links still by name: what `routeMessage` needs. */
export interface CheckedRoute {
  cmd: RouteCmd;
  family: typeof AF_INET | typeof AF_INET6;
  dst: RouteDst;
  type?: number;
  via?: InetAddr;
  dev?: LinkRef;
  prefsrc?: InetAddr;
  metric?: number;
  table?: number;
  scope?: number;
  protocol?: number;
  flags: number;
  metrics?: Attrs;
  nexthops?: CheckedNexthop[];
}

/** Check a whole route spec; nothing here reaches the kernel. */
export function checkRoute(spec: RouteSpec, cmd: RouteCmd): CheckedRoute {
  if (typeof spec !== 'object' || spec === null) throw new UsageError('Error: a route needs a spec object with "dst".');
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw invarg('unknown route option', k);
  if (spec.dst === undefined) throw new UsageError('Error: a route needs "dst" ("default" or a prefix).');
  let family: number | undefined = familyId(spec.family);
  const dst = parseRouteDst(spec.dst, family);
  family ??= dst.family;
  const via = spec.via === undefined ? undefined : parseInetAddr(spec.via);
  family ??= via?.family;
  const nexthops = spec.nexthops === undefined ? undefined : checkNexthops(spec.nexthops);
  family ??= nexthops?.find((n) => n.via)?.via?.family;
  family ??= AF_INET;
  const out: CheckedRoute = { cmd, family: family as CheckedRoute['family'], dst, flags: 0 };
  if (spec.type !== undefined) out.type = routeTypeId(spec.type);
  if (via) out.via = via;
  if (spec.dev !== undefined) out.dev = checkLinkRef(spec.dev, 'dev');
  if (spec.src !== undefined) out.prefsrc = parseInetAddr(spec.src, family);
  if (spec.metric !== undefined) out.metric = checkInt(spec.metric, 'metric', 0, U32);
  if (spec.table !== undefined) out.table = tableId(spec.table);
  if (spec.scope !== undefined) out.scope = scopeId(spec.scope);
  if (spec.protocol !== undefined) out.protocol = protocolId(spec.protocol);
  if (spec.onlink) out.flags |= RTNH_F_ONLINK;
  const metrics = metricsAttrs(spec.metrics);
  if (metrics) out.metrics = metrics;
  if (nexthops) out.nexthops = nexthops;
  return out;
}

function checkNexthops(list: unknown): CheckedNexthop[] {
  if (!Array.isArray(list) || list.length === 0) throw invarg('"nexthops" needs at least one next hop', list);
  return list.map((nh: NexthopSpec) => {
    if (typeof nh !== 'object' || nh === null) throw invarg('a next hop must be an object', nh);
    for (const k of Object.keys(nh)) if (!NH_KEYS.has(k)) throw invarg('unknown nexthop option', k);
    let hops = 0;
    if (nh.weight !== undefined) {
      const w = nh.weight as unknown;
      if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > 256) throw invarg('"weight" is invalid', w);
      hops = w - 1;
    }
    const out: CheckedNexthop = { hops, flags: nh.onlink ? RTNH_F_ONLINK : 0 };
    if (nh.via !== undefined) out.via = parseInetAddr(nh.via);
    if (nh.dev !== undefined) out.dev = checkLinkRef(nh.dev, 'dev');
    return out;
  });
}

/** A gateway: RTA_GATEWAY in the route's family, RTA_VIA in the other. */
function gatewayAttrs(via: InetAddr, family: number, into: Attrs): void {
  if (via.family === family) into.RTA_GATEWAY = via.text;
  else into.RTA_VIA = { family: via.family, addr: via.bytes };
}

/**
 * The request body (rtmsg + RTA_*) for a checked route, as iproute2 builds
 * it. `indexOf` turns a link name into its index (one RTM_GETLINK).
 */
export function routeMessage(r: CheckedRoute, indexOf: (ref: LinkRef) => number): Partial<RouteMessage> {
  const isNew = r.cmd === 'new';
  const type = r.type ?? (isNew ? RTN.RTN_UNICAST : RTN.RTN_UNSPEC);
  let table = r.table ?? RT_TABLE.RT_TABLE_MAIN;
  if (r.table === undefined && (type === RTN.RTN_LOCAL || type === RTN.RTN_NAT)) table = RT_TABLE.RT_TABLE_LOCAL;
  let scope = r.scope;
  if (scope === undefined) {
    scope = isNew ? RT_SCOPE.RT_SCOPE_UNIVERSE : RT_SCOPE.RT_SCOPE_NOWHERE;
    if (r.family === AF_INET6) scope = RT_SCOPE.RT_SCOPE_UNIVERSE;
    else if (type === RTN.RTN_LOCAL || type === RTN.RTN_NAT) scope = RT_SCOPE.RT_SCOPE_HOST;
    else if (type === RTN.RTN_BROADCAST || type === RTN.RTN_MULTICAST || type === RTN.RTN_ANYCAST) scope = RT_SCOPE.RT_SCOPE_LINK;
    else if (type === RTN.RTN_UNICAST || type === RTN.RTN_UNSPEC) {
      if (!isNew) scope = RT_SCOPE.RT_SCOPE_NOWHERE;
      else if (!r.via && !r.nexthops) scope = RT_SCOPE.RT_SCOPE_LINK;
    }
  }
  const attrs: Attrs = {};
  if (r.dst.bytes) attrs.RTA_DST = r.dst.bytes;
  if (r.prefsrc) attrs.RTA_PREFSRC = r.prefsrc.text;
  if (r.via) gatewayAttrs(r.via, r.family, attrs);
  if (r.metric !== undefined) attrs.RTA_PRIORITY = r.metric;
  if (table > 255) attrs.RTA_TABLE = table;
  if (r.dev !== undefined) attrs.RTA_OIF = indexOf(r.dev);
  if (r.metrics) attrs.RTA_METRICS = r.metrics;
  if (r.nexthops) {
    attrs.RTA_MULTIPATH = r.nexthops.map((nh): RtNexthop => {
      const a: Attrs = {};
      if (nh.via) gatewayAttrs(nh.via, r.family, a);
      return { rtnh_flags: nh.flags, rtnh_hops: nh.hops, rtnh_ifindex: nh.dev === undefined ? 0 : indexOf(nh.dev), attrs: a };
    });
  }
  return {
    rtm_family: r.family,
    rtm_dst_len: r.dst.prefixlen,
    rtm_table: table > 255 ? RT_TABLE.RT_TABLE_UNSPEC : table,
    rtm_protocol: r.protocol ?? (isNew ? RTPROT.RTPROT_BOOT : RTPROT.RTPROT_UNSPEC),
    rtm_scope: scope,
    rtm_type: type,
    rtm_flags: r.flags,
    attrs,
  };
}
