// A nexthop object as people write it (ip nexthop add id 1 via 10.1.1.2
// dev va; ip nexthop add id 10 group 1/2,3 type resilient buckets 8) turned
// into the nhmsg + NHA_* that iproute2 6.1 sends (ip/ipnexthop.c
// ipnh_modify). Pure: no I/O. Links named by name are resolved by the
// caller's `indexOf`, called only once everything else is checked.
//
// What iproute2 sends, and so what this builds (test/fixtures/rtnl/nexthop.ts):
//   nh_family   a group's: AF_UNSPEC (or the family given); else the
//               gateway's, else the family given, else AF_INET
//   nh_protocol the protocol given, else 0; nh_flags RTNH_F_ONLINK for onlink
//   attributes  NHA_ID NHA_GROUP NHA_RES_GROUP NHA_GROUP_TYPE NHA_BLACKHOLE
//               NHA_GATEWAY NHA_OIF NHA_FDB; NHA_GROUP_TYPE only when a type
//               is given; timers in clock_t (1/100 s)
// Lightweight tunnel encapsulation (ip's "encap") is not supported.

import { AF_INET, AF_UNSPEC } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { RTNH_F_ONLINK } from '../netlink/rtnl/constants.js';
import { NEXTHOP_GRP_TYPE, type NexthopGrp, type NexthopMessage } from '../netlink/rtnl/nexthop.js';
import type { Attrs } from '../netlink/schema.js';
import type { LinkRef } from './resolve.js';
import { familyId, invarg, protocolId, type Family } from './route-spec.js';
import { checkInt, checkLinkRef, parseInetAddr } from './validate.js';

const U32 = 0xffffffff;
/** USER_HZ: the kernel's clock_t ticks per second. */
export const USER_HZ = 100;

/** A member of a group: a nexthop id and its weight, 1 .. 65536 (1 when absent). */
export interface NexthopGroupMemberSpec {
  id: number;
  weight?: number;
}

/** A nexthop object as `ip nexthop add|replace` takes it: one hop, a blackhole, or a group. */
export interface NexthopObjectSpec {
  /** 1 .. 2^32-1; the kernel picks one when absent */
  id?: number;
  family?: Family;
  /** gateway */
  via?: string;
  dev?: LinkRef;
  /** the gateway is on the link even if no prefix says so */
  onlink?: boolean;
  /** drop the packets */
  blackhole?: boolean;
  /** a nexthop for the bridge FDB (vxlan): a gateway and no device, or a group of such */
  fdb?: boolean;
  /** who made it ("boot", "static", 4, ...) */
  protocol?: string | number;
  group?: NexthopGroupMemberSpec[];
  /** the group's type: mpath (hash-threshold, the kernel's default) or resilient */
  type?: 'mpath' | 'resilient';
  /** resilient groups: number of buckets, and the timers in seconds */
  buckets?: number;
  idleTimer?: number;
  unbalancedTimer?: number;
}

const SPEC_KEYS = new Set(['id', 'family', 'via', 'dev', 'onlink', 'blackhole', 'fdb', 'protocol', 'group', 'type',
  'buckets', 'idleTimer', 'unbalancedTimer']);

/** A nexthop id, 1 .. 2^32-1. */
export function checkNexthopId(v: unknown, what = 'id'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > U32) throw invarg(`invalid ${what} value`, v);
  return v;
}

function groupOf(list: unknown): NexthopGrp[] {
  if (!Array.isArray(list) || list.length === 0) throw invarg('"group" needs at least one member { id, weight }', list);
  const seen = new Set<number>();
  return list.map((m: NexthopGroupMemberSpec) => {
    if (typeof m !== 'object' || m === null) throw invarg('a group member must be an object { id, weight }', m);
    const id = checkNexthopId(m.id, 'group member id');
    if (seen.has(id)) throw invarg('a nexthop is twice in the group', id);
    seen.add(id);
    const w = m.weight === undefined ? 1 : checkInt(m.weight, 'weight', 1, 65536);
    return { id, weight: (w - 1) & 0xff, weight_high: (w - 1) >> 8 };
  });
}

function clockT(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v * USER_HZ > U32) throw invarg(`invalid ${what} value`, v);
  return Math.round(v * USER_HZ);
}

/** Everything checked, the link still by name: what `nexthopMessage` needs. */
export interface CheckedNexthopObject {
  body: Partial<NexthopMessage>;
  dev?: LinkRef;
}

/** Check a whole nexthop spec; nothing here reaches the kernel. */
export function checkNexthopObject(spec: NexthopObjectSpec): CheckedNexthopObject {
  if (typeof spec !== 'object' || spec === null) throw new UsageError('Error: a nexthop needs a spec object.');
  if ('encap' in spec) throw new UsageError('Error: nexthop encapsulation ("encap") is not supported by tsip.');
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw invarg('unknown nexthop option', k);
  const family = familyId(spec.family);
  const attrs: Attrs = {};
  if (spec.id !== undefined) attrs.NHA_ID = checkNexthopId(spec.id);
  const isGroup = spec.group !== undefined;
  const res = spec.buckets !== undefined || spec.idleTimer !== undefined || spec.unbalancedTimer !== undefined;
  if (spec.type !== undefined && spec.type !== 'mpath' && spec.type !== 'resilient') throw invarg('"type" value is invalid (mpath or resilient)', spec.type);
  if (!isGroup && (spec.type !== undefined || res)) throw invarg('"type", "buckets" and the timers are for groups only', spec.type ?? 'buckets');
  if (res && spec.type !== 'resilient') throw invarg('"buckets" and the timers need type resilient', spec.type ?? 'mpath');
  let nhFamily: number;
  let dev: LinkRef | undefined;
  if (isGroup) {
    for (const k of ['via', 'dev', 'onlink', 'blackhole'] as const) {
      if (spec[k] !== undefined && spec[k] !== false) throw invarg(`a group takes no "${k}"`, spec[k]);
    }
    attrs.NHA_GROUP = groupOf(spec.group);
    if (spec.type === 'resilient') {
      const r: Attrs = {};
      if (spec.buckets !== undefined) r.NHA_RES_GROUP_BUCKETS = checkInt(spec.buckets, 'buckets', 1, 0xffff);
      if (spec.idleTimer !== undefined) r.NHA_RES_GROUP_IDLE_TIMER = clockT(spec.idleTimer, 'idle timer');
      if (spec.unbalancedTimer !== undefined) r.NHA_RES_GROUP_UNBALANCED_TIMER = clockT(spec.unbalancedTimer, 'unbalanced timer');
      attrs.NHA_RES_GROUP = r;
    }
    if (spec.type !== undefined) attrs.NHA_GROUP_TYPE = spec.type === 'resilient' ? NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_RES : NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_MPATH;
    nhFamily = family ?? AF_UNSPEC;
  } else if (spec.blackhole) {
    for (const k of ['via', 'dev', 'onlink', 'fdb'] as const) {
      if (spec[k] !== undefined && spec[k] !== false) throw invarg(`a blackhole takes no "${k}"`, spec[k]);
    }
    attrs.NHA_BLACKHOLE = true;
    nhFamily = family ?? AF_INET;
  } else {
    const via = spec.via === undefined ? undefined : parseInetAddr(spec.via, family);
    if (via) attrs.NHA_GATEWAY = via.text;
    if (spec.dev !== undefined) dev = checkLinkRef(spec.dev);
    if (spec.fdb && dev !== undefined) throw invarg('an fdb nexthop takes no "dev"', spec.dev);
    if (!spec.fdb && dev === undefined) throw new UsageError('Error: a nexthop needs "dev", "blackhole", "group", or "fdb" with "via".');
    if (spec.fdb && !via) throw new UsageError('Error: an fdb nexthop needs "via".');
    if (spec.onlink && (!via || dev === undefined)) throw new UsageError('Error: "onlink" needs "via" and "dev".');
    nhFamily = family ?? via?.family ?? AF_INET;
  }
  if (spec.fdb) attrs.NHA_FDB = true;
  return {
    body: {
      nh_family: nhFamily,
      nh_protocol: spec.protocol === undefined ? 0 : protocolId(spec.protocol),
      nh_flags: spec.onlink ? RTNH_F_ONLINK : 0,
      attrs,
    },
    dev,
  };
}

/**
 * The request body (nhmsg + NHA_*) for a checked nexthop, as iproute2
 * builds it. `indexOf` turns a link name into its index (one RTM_GETLINK).
 */
export function nexthopMessage(c: CheckedNexthopObject, indexOf: (ref: LinkRef) => number): Partial<NexthopMessage> {
  // NHA_OIF after the gateway; an fdb nexthop, the one that ends with NHA_FDB, has no device
  return c.dev === undefined ? c.body : { ...c.body, attrs: { ...c.body.attrs, NHA_OIF: indexOf(c.dev) } };
}
