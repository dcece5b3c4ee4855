// Dumps for the printer tests: routes, neighbours and link names of a
// namespace, read with tsip's own socket, requested as iproute2 requests
// them (checked with scripts/capture.ts).

import { NetlinkSocket } from '../../src/netlink/socket.js';
import { RTEXT_FILTER_SKIP_STATS, RTM } from '../../src/netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../src/netlink/rtnl/link.js';
import { neigh, type NeighMessage } from '../../src/netlink/rtnl/neigh.js';
import { route, type RouteMessage } from '../../src/netlink/rtnl/route.js';
import { attrSet, decodeBody, encodeBody, type Body, type MessageFamily } from '../../src/netlink/schema.js';
import { defineStruct, struct, u8, u32 } from '../../src/netlink/struct.js';
import type { NexthopInfo } from '../../src/cli/print/nexthop-info.js';
import { routeDumpRequest, type RouteFilter } from '../../src/cli/print/route-filter.js';

export function withSock<T>(ns: string, fn: (s: NetlinkSocket) => T): T {
  const sock = NetlinkSocket.open(undefined, { netns: ns });
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}

/** ifindex -> name of every link in the namespace. */
export function linkNames(ns: string): Map<number, string> {
  const links = withSock(ns, (s) => s.dump(RTM.RTM_GETLINK, 0,
    (w) => encodeBody(link, { ifi_family: 0, attrs: { IFLA_EXT_MASK: RTEXT_FILTER_SKIP_STATS } }, w),
    (m) => decodeBody<LinkMessage>(link, m.buf, m.start, m.end) as unknown as LinkMessage));
  return new Map(links.map((l) => [l.ifi_index, String(l.attrs.IFLA_IFNAME)]));
}

/** The RTM_GETROUTE dump ip sends for `filter` in `family`. */
export function dumpRoutes(ns: string, filter: RouteFilter, family = 0): RouteMessage[] {
  const req = routeDumpRequest(filter, family);
  return withSock(ns, (s) => s.dump(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, req as Partial<Body>, w),
    (m) => decodeBody(route, m.buf, m.start, m.end) as RouteMessage));
}

/** The RTM_GETNEIGH dump ip sends: ndmsg with the family and NTF_PROXY for "proxy". */
export function dumpNeighbours(ns: string, req: { ndm_family: number; ndm_flags: number; attrs?: Record<string, unknown> }): NeighMessage[] {
  return withSock(ns, (s) => s.dump(RTM.RTM_GETNEIGH, 0,
    (w) => encodeBody(neigh, req as Partial<Body>, w),
    (m) => decodeBody(neigh, m.buf, m.start, m.end) as NeighMessage));
}

/** `ip route get` as ip asks it: RTM_GETROUTE for one address, RTM_F_LOOKUP_TABLE for IPv4. */
export function routeGet(ns: string, dst: string, extra: Record<string, unknown> = {}, header: Record<string, number> = {}): RouteMessage {
  const v6 = dst.includes(':');
  const body = {
    rtm_family: v6 ? 10 : 2, rtm_dst_len: v6 ? 128 : 32, rtm_flags: v6 ? 0 : 0x1000, ...header,
    attrs: { ...extra, RTA_DST: dst },
  };
  const out = withSock(ns, (s) => s.request(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, body, w),
    (m) => decodeBody(route, m.buf, m.start, m.end) as RouteMessage));
  return out[0]!;
}

/*
 * struct nhmsg { u8 nh_family, nh_scope, nh_protocol, resvd; u32 nh_flags; } + NHA_*
 * (<linux/nexthop.h>): tsip has no nexthop family yet, so the tests read the
 * few fields "nh_info" needs with a table of their own.
 */
const nhmsg = defineStruct<{ nh_family: number; nh_scope: number; nh_protocol: number; nh_flags: number }>('nhmsg',
  struct([u8('nh_family'), u8('nh_scope'), u8('nh_protocol'), u8(), u32('nh_flags')]));
const nexthopFamily: MessageFamily = {
  name: 'nhmsg', header: nhmsg, attrs: attrSet('nexthop-attrs', 'NHA_', [
    { id: 1, name: 'NHA_ID', type: 'u32' }, { id: 2, name: 'NHA_GROUP', type: 'binary' },
    { id: 3, name: 'NHA_GROUP_TYPE', type: 'u16' }, { id: 4, name: 'NHA_BLACKHOLE', type: 'flag' },
    { id: 5, name: 'NHA_OIF', type: 'u32' }, { id: 6, name: 'NHA_GATEWAY', type: 'ipaddr' },
    { id: 11, name: 'NHA_FDB', type: 'flag' },
  ]),
};

/** Every nexthop object of the namespace (RTM_GETNEXTHOP dump), as the route printer takes them. */
export function dumpNexthops(ns: string): Map<number, NexthopInfo> {
  const msgs = withSock(ns, (s) => s.dump(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthopFamily, { nh_family: 0 }, w),
    (m) => decodeBody<any>(nexthopFamily, m.buf, m.start, m.end)));
  const out = new Map<number, NexthopInfo>();
  for (const m of msgs) {
    const a = m.attrs;
    const grp = a.NHA_GROUP as Buffer | undefined;
    const group = grp ? Array.from({ length: grp.length / 8 }, (_, i) => ({ id: grp.readUInt32LE(i * 8), weight: grp[i * 8 + 4]! })) : undefined;
    out.set(a.NHA_ID, {
      id: a.NHA_ID, family: m.nh_family, scope: m.nh_scope, protocol: m.nh_protocol, flags: m.nh_flags,
      ...(a.NHA_GATEWAY !== undefined ? { gateway: a.NHA_GATEWAY } : {}), ...(a.NHA_OIF ? { oif: a.NHA_OIF } : {}),
      ...(a.NHA_BLACKHOLE ? { blackhole: true } : {}), ...(a.NHA_FDB ? { fdb: true } : {}),
      ...(group ? { group } : {}), ...(a.NHA_GROUP_TYPE ? { groupType: a.NHA_GROUP_TYPE } : {}),
    });
  }
  return out;
}
