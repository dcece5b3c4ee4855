// One nexthop object as iproute2 6.1 prints it (ip/ipnexthop.c
// __print_nexthop_entry), shared by `ip nexthop show` (./nexthop.ts), `ip
// monitor nexthop`, and the "nh_info" part of `ip -d route show` for a
// route that uses a nexthop object (RTA_NH_ID), where ip looks the object
// up (RTM_GETNEXTHOP) and prints it the same way:
//
//   id 11 group 1/2 type resilient buckets 8 idle_timer 60 unbalanced_timer 120 unbalanced_time 0 
//   unicast 10.23.0.0/16 nhid 1 via 10.1.1.3 dev veth0 proto boot scope global 
//   	nh_info id 1 via 10.1.1.3 dev veth0 scope link proto unspec 
//
// The caller decodes the objects into the fields below (nexthopInfoOf).
// Encapsulations (NHA_ENCAP) are not printed: tsip keeps them as bytes.

import { NEXTHOP_GRP_TYPE, type NexthopGrp, type NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import type { Attrs } from '../../netlink/schema.js';
import type { Output } from './output.js';
import { printGateway, printRtFlags, ifName } from './route-parts.js';
import { rtprotName, rtscopeName, type RtNames } from './rt-names.js';

/** NHA_RES_GROUP, in clock_t ticks (1/100 s) as the kernel sends them. */
export interface ResilientInfo {
  buckets: number;
  idleTimer: number;
  unbalancedTimer: number;
  unbalancedTime: number;
}

/** One nexthop object: struct nhmsg and its NHA_* attributes. */
export interface NexthopInfo {
  id: number;
  /** nh_family */
  family: number;
  /** nh_scope, nh_protocol, nh_flags */
  scope: number;
  protocol: number;
  flags: number;
  /** NHA_GATEWAY, as text */
  gateway?: string;
  /** NHA_OIF */
  oif?: number;
  blackhole?: boolean;
  fdb?: boolean;
  /** NHA_GROUP: member ids and weights as the kernel holds them (weight - 1) */
  group?: ReadonlyArray<{ id: number; weight: number }>;
  /** NHA_GROUP_TYPE: 0 multipath (not printed), 1 resilient */
  groupType?: number;
  /** NHA_RES_GROUP */
  resilient?: ResilientInfo;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/**
 * ipnh_parse_nhmsg(): the fields ip prints, from a decoded message. The
 * weight is nexthop_grp's low byte, as ip 6.1 reads it (weight_high is
 * its "resvd1").
 */
export function nexthopInfoOf(m: NexthopMessage): NexthopInfo {
  const a = m.attrs;
  const nh: NexthopInfo = { id: num(a.NHA_ID), family: m.nh_family, scope: m.nh_scope, protocol: m.nh_protocol, flags: m.nh_flags };
  if (a.NHA_GATEWAY !== undefined) nh.gateway = String(a.NHA_GATEWAY);
  if (a.NHA_OIF !== undefined) nh.oif = num(a.NHA_OIF);
  if (a.NHA_BLACKHOLE) nh.blackhole = true;
  if (a.NHA_FDB) nh.fdb = true;
  if (Array.isArray(a.NHA_GROUP)) nh.group = (a.NHA_GROUP as NexthopGrp[]).map((g) => ({ id: g.id, weight: g.weight }));
  if (a.NHA_GROUP_TYPE !== undefined) nh.groupType = num(a.NHA_GROUP_TYPE);
  const r = a.NHA_RES_GROUP as Attrs | undefined;
  if (r && typeof r === 'object' && !Buffer.isBuffer(r)) {
    nh.resilient = {
      buckets: num(r.NHA_RES_GROUP_BUCKETS), idleTimer: num(r.NHA_RES_GROUP_IDLE_TIMER),
      unbalancedTimer: num(r.NHA_RES_GROUP_UNBALANCED_TIMER), unbalancedTime: num(r.NHA_RES_GROUP_UNBALANCED_TIME),
    };
  }
  return nh;
}

/** __jiffies_to_tv() then print_tv(): clock_t ticks as seconds, "%g". */
export const ticksToSeconds = (ticks: number): number => Math.floor(ticks / 100) + (ticks % 100) * 10_000 / 1_000_000;

export interface NexthopEntryOptions {
  linkNames: ReadonlyMap<number, string>;
  names: RtNames;
  details: boolean;
  deleted?: boolean;
  /** the JSON object's key ("nh_info"); none for a list's entries */
  jsonKey?: string;
}

/** __print_nexthop_entry(): one object, every field ending in a space. */
export function printNexthopEntry(out: Output, nh: NexthopInfo, o: NexthopEntryOptions): void {
  out.openObject(o.jsonKey);
  if (o.deleted) out.bool('any', 'deleted', 'Deleted ', true);
  out.uint('any', 'id', 'id %u ', nh.id);
  if (nh.group?.length) {
    out.openArray('json', 'group');
    out.fp('%s', 'group ');
    nh.group.forEach((g, i) => {
      out.openObject();
      if (i) out.fp('%s', '/');
      out.uint('any', 'id', '%u', g.id);
      if (g.weight) out.uint('any', 'weight', ',%u', g.weight + 1);
      out.closeObject();
    });
    out.fp('%s', ' ');
    out.closeArray('json', null);
  }
  if (nh.groupType) out.string('any', 'type', 'type %s ', nh.groupType === NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_RES ? 'resilient' : '<unknown type>');
  if (nh.resilient) {
    const r = nh.resilient;
    out.openObject('resilient_args');
    out.uint('any', 'buckets', 'buckets %u ', r.buckets);
    out.float('any', 'idle_timer', 'idle_timer %g ', ticksToSeconds(r.idleTimer));
    out.float('any', 'unbalanced_timer', 'unbalanced_timer %g ', ticksToSeconds(r.unbalancedTimer));
    out.float('any', 'unbalanced_time', 'unbalanced_time %g ', ticksToSeconds(r.unbalancedTime));
    out.closeObject();
  }
  if (nh.gateway !== undefined) printGateway(out, nh.family, nh.gateway);
  if (nh.oif) {
    const dev = ifName(o.linkNames, nh.oif);
    if (out.isJson) out.string('json', 'dev', null, dev);
    else out.fp('dev %s ', dev);
  }
  if (nh.scope !== 0 || o.details) out.string('any', 'scope', 'scope %s ', rtscopeName(nh.scope, o.names));
  if (nh.blackhole) out.null('any', 'blackhole', 'blackhole ', null);
  if (nh.protocol !== 0 || o.details) out.string('any', 'protocol', 'proto %s ', rtprotName(nh.protocol, o.names));
  printRtFlags(out, nh.flags);
  if (nh.fdb) out.null('any', 'fdb', 'fdb', null);
  out.closeObject();
}

/** print_cache_nexthop_id() as print_route() calls it: "\n\tnh_info " and the entry. */
export function printNexthopInfo(
  out: Output, nh: NexthopInfo, linkNames: ReadonlyMap<number, string>, names: RtNames, details: boolean,
): void {
  out.fp('%s', '\n\tnh_info ');
  printNexthopEntry(out, nh, { linkNames, names, details, jsonKey: 'nh_info' });
}
