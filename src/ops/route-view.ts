// The typed view of a route message (rtmsg + RTA_*), in the words ip -j
// uses: dst "default" or "a.b.c.d/len", protocol/scope/type by name, next
// hops with their weights. The full decoded message stays in `message`.

import { AF_INET, AF_INET6 } from '../netlink/constants.js';
import { ICMPV6_ROUTER_PREF_HIGH, ICMPV6_ROUTER_PREF_LOW, ICMPV6_ROUTER_PREF_MEDIUM, type RouteMessage, type RtNexthop, type RtVia } from '../netlink/rtnl/route.js';
import { familyName, metricsView, protocolName, routeFlagNames, routeTypeName, scopeName, type Family, type RouteMetrics } from './route-spec.js';

/** A gateway of another family than the route's (RTA_VIA). */
export interface Via {
  family: Family;
  address: string;
}

export interface Nexthop {
  gateway?: string;
  via?: Via;
  /** the link's index (rtnh_ifindex) */
  oif: number;
  /** rtnh_hops + 1 */
  weight: number;
  /** rtnh_flags by name: onlink, linkdown, dead, ... */
  flags: string[];
}

export interface Route {
  family: Family;
  /** "default", or "10.1.0.0/16" */
  dst: string;
  /** source prefix (RTA_SRC, ip's "from"), when the route has one */
  src?: string;
  gateway?: string;
  via?: Via;
  /** the output link's index (RTA_OIF) */
  oif?: number;
  /** the input link's index (RTA_IIF): route lookups with iif */
  iif?: number;
  prefsrc?: string;
  /** table id: RTA_TABLE, or rtm_table */
  table: number;
  /** by name ("boot", "kernel", ...), the number as text when it has none */
  protocol: string;
  scope: string;
  type: string;
  /** RTA_PRIORITY */
  metric?: number;
  metrics?: RouteMetrics;
  nexthops?: Nexthop[];
  /** rtm_flags by name */
  flags: string[];
  /** IPv6 router preference (RTA_PREF): low, medium, high */
  pref?: string;
  /** the whole decoded kernel message */
  message: RouteMessage;
}

const PREF: Record<number, string> = { [ICMPV6_ROUTER_PREF_LOW]: 'low', [ICMPV6_ROUTER_PREF_MEDIUM]: 'medium', [ICMPV6_ROUTER_PREF_HIGH]: 'high' };

function viaView(v: RtVia | undefined): Via | undefined {
  if (!v || typeof v.addr !== 'string' || (v.family !== AF_INET && v.family !== AF_INET6)) return undefined;
  return { family: familyName(v.family), address: v.addr };
}

function nexthopView(nh: RtNexthop): Nexthop {
  const out: Nexthop = { oif: nh.rtnh_ifindex, weight: nh.rtnh_hops + 1, flags: routeFlagNames(nh.rtnh_flags) };
  const gw = nh.attrs.RTA_GATEWAY as string | undefined;
  if (gw !== undefined) out.gateway = gw;
  const via = viaView(nh.attrs.RTA_VIA as RtVia | undefined);
  if (via) out.via = via;
  return out;
}

/** The view of one decoded route message. */
export function routeView(m: RouteMessage): Route {
  const a = m.attrs;
  const out: Route = {
    family: familyName(m.rtm_family),
    dst: m.rtm_dst_len === 0 ? 'default' : `${String(a.RTA_DST)}/${m.rtm_dst_len}`,
    table: (a.RTA_TABLE as number | undefined) ?? m.rtm_table,
    protocol: protocolName(m.rtm_protocol),
    scope: scopeName(m.rtm_scope),
    type: routeTypeName(m.rtm_type),
    flags: routeFlagNames(m.rtm_flags),
    message: m,
  };
  if (m.rtm_src_len) out.src = `${String(a.RTA_SRC)}/${m.rtm_src_len}`;
  if (a.RTA_GATEWAY !== undefined) out.gateway = a.RTA_GATEWAY as string;
  const via = viaView(a.RTA_VIA as RtVia | undefined);
  if (via) out.via = via;
  if (a.RTA_OIF !== undefined) out.oif = a.RTA_OIF as number;
  if (a.RTA_IIF !== undefined) out.iif = a.RTA_IIF as number;
  if (a.RTA_PREFSRC !== undefined) out.prefsrc = a.RTA_PREFSRC as string;
  if (a.RTA_PRIORITY !== undefined) out.metric = a.RTA_PRIORITY as number;
  const metrics = metricsView(a.RTA_METRICS as Record<string, unknown> | undefined);
  if (metrics && Object.keys(metrics).length) out.metrics = metrics;
  const mp = a.RTA_MULTIPATH as RtNexthop[] | undefined;
  if (mp) out.nexthops = mp.map(nexthopView);
  if (a.RTA_PREF !== undefined) out.pref = PREF[a.RTA_PREF as number] ?? String(a.RTA_PREF);
  return out;
}
