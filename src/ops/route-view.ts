// The typed view of a route message (rtmsg + RTA_*), in the words ip -j
// uses: dst "default" or "a.b.c.d/len", protocol/scope/type by name, next
// hops with their weights. The full decoded message is `message`.

import { AF_INET, AF_INET6 } from '../netlink/constants.js';
import { ICMPV6_ROUTER_PREF_HIGH, ICMPV6_ROUTER_PREF_LOW, ICMPV6_ROUTER_PREF_MEDIUM, route, type RouteMessage, type RtNexthop, type RtVia } from '../netlink/rtnl/route.js';
import type { MessageFamily } from '../netlink/schema.js';
import { MessageView } from './message-view.js';
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

/** "/0" .. "/128": a prefix's length as its text ends. */
const SLASH_LEN: readonly string[] = Array.from({ length: 129 }, (_, i) => `/${i}`);
const prefix = (addr: unknown, len: number): string => String(addr) + (SLASH_LEN[len] ?? `/${len}`);

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

/**
 * A route as the ops give it: the view's fields (own, enumerable, only those
 * the route has) and `message`, the whole decoded kernel message. A route of
 * a dump keeps the kernel's bytes instead, and decodes `message` from them
 * when it is first read (message-view.ts).
 */
class RouteEntry extends MessageView<RouteMessage> {
  declare family: Family;
  declare dst: string;
  declare src?: string;
  declare gateway?: string;
  declare via?: Via;
  declare oif?: number;
  declare iif?: number;
  declare prefsrc?: string;
  declare table: number;
  declare protocol: string;
  declare scope: string;
  declare type: string;
  declare metric?: number;
  declare metrics?: RouteMetrics;
  declare nexthops?: Nexthop[];
  declare flags: string[];
  declare pref?: string;

  constructor(m: RouteMessage, keep: boolean, bytes?: Buffer, start = 0, end = 0) {
    super(keep ? m : undefined, bytes, start, end);
    const a = m.attrs;
    this.family = familyName(m.rtm_family);
    this.dst = m.rtm_dst_len === 0 ? 'default' : prefix(a.RTA_DST, m.rtm_dst_len);
    this.table = (a.RTA_TABLE as number | undefined) ?? m.rtm_table;
    this.protocol = protocolName(m.rtm_protocol);
    this.scope = scopeName(m.rtm_scope);
    this.type = routeTypeName(m.rtm_type);
    this.flags = routeFlagNames(m.rtm_flags);
    if (m.rtm_src_len) this.src = prefix(a.RTA_SRC, m.rtm_src_len);
    if (a.RTA_GATEWAY !== undefined) this.gateway = a.RTA_GATEWAY as string;
    const via = viaView(a.RTA_VIA as RtVia | undefined);
    if (via) this.via = via;
    if (a.RTA_OIF !== undefined) this.oif = a.RTA_OIF as number;
    if (a.RTA_IIF !== undefined) this.iif = a.RTA_IIF as number;
    if (a.RTA_PREFSRC !== undefined) this.prefsrc = a.RTA_PREFSRC as string;
    if (a.RTA_PRIORITY !== undefined) this.metric = a.RTA_PRIORITY as number;
    const metrics = metricsView(a.RTA_METRICS as Record<string, unknown> | undefined);
    if (metrics && Object.keys(metrics).length) this.metrics = metrics;
    const mp = a.RTA_MULTIPATH as RtNexthop[] | undefined;
    if (mp) this.nexthops = mp.map(nexthopView);
    if (a.RTA_PREF !== undefined) this.pref = PREF[a.RTA_PREF as number] ?? String(a.RTA_PREF);
  }

  protected get messageFamily(): MessageFamily {
    return route;
  }

  override toJSON(): Route {
    return super.toJSON() as Route;
  }

}

/** The view of one decoded route message (kept as its `message`). */
export function routeView(m: RouteMessage): Route {
  return new RouteEntry(m, true);
}

/**
 * The view of a route message decoded from buf[start, end), a dump's
 * datagram that stays as it is: the route keeps the bytes, not `m`, and
 * decodes its `message` again if asked.
 */
export function dumpedRouteView(m: RouteMessage, buf: Buffer, start: number, end: number): Route {
  return new RouteEntry(m, false, buf, start, end);
}
