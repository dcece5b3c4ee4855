// Nexthop objects and the buckets of resilient groups. Each write is
// checked whole first (nexthop-spec.ts; nothing reaches the kernel when it
// is bad).
//
//   add           RTM_NEWNEXTHOP        NLM_F_CREATE|NLM_F_EXCL
//   replace       RTM_NEWNEXTHOP        NLM_F_CREATE|NLM_F_REPLACE
//   delete        RTM_DELNEXTHOP        0, NHA_ID
//   flush         RTM_GETNEXTHOP        NLM_F_DUMP of the groups, a delete each,
//                                       then of the rest, a delete each (as ip)
//   list          RTM_GETNEXTHOP        NLM_F_DUMP, filtered by the kernel:
//                                       NHA_OIF, NHA_GROUPS, NHA_MASTER, NHA_FDB
//                                       (6.18 takes NHA_FDB but returns every
//                                       object: measured; filtered again here)
//   get           RTM_GETNEXTHOP        NHA_ID: one object
//   list buckets  RTM_GETNEXTHOPBUCKET  NLM_F_DUMP, filtered by the kernel:
//                                       NHA_ID, NHA_RES_BUCKET > NHA_RES_BUCKET_NH_ID,
//                                       NHA_OIF, NHA_MASTER
//
// Times (idle timers, a bucket's idle time) are clock_t in the kernel
// (1/100 s, USER_HZ); the views give seconds, as ip prints them.

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/constants.js';
import { NetlinkError, UsageError } from '../netlink/errors.js';
import { RTM } from '../netlink/rtnl/constants.js';
import { NEXTHOP_GRP_TYPE, nexthop, type NexthopGrp, type NexthopMessage } from '../netlink/rtnl/nexthop.js';
import { decodeBody, encodeBody, type Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { checkLinkRef } from './validate.js';
import { linkIndex, type LinkRef } from './resolve.js';
import { checkNexthopId, checkNexthopObject, nexthopMessage, USER_HZ, type NexthopObjectSpec } from './nexthop-spec.js';
import { familyId, protocolId, protocolName, routeFlagNames, scopeName, type Family } from './route-spec.js';

export type { NexthopGroupMemberSpec, NexthopObjectSpec } from './nexthop-spec.js';


export interface NexthopGroupMember {
  id: number;
  /** 1..65536: (weight_high << 8 | weight) + 1 */
  weight: number;
}

export interface ResilientGroup {
  buckets?: number;
  /** seconds */
  idleTimer?: number;
  unbalancedTimer?: number;
  unbalancedTime?: number;
}

/** A nexthop object, as ip -j nexthop show prints it. */
export interface Nexthop {
  id: number;
  /** the address family; undefined for a group (AF_UNSPEC) */
  family?: Family;
  gateway?: string;
  /** the output link's index (NHA_OIF) */
  oif?: number;
  blackhole: boolean;
  /** a bridge FDB nexthop (NHA_FDB) */
  fdb: boolean;
  /** members of a group */
  group?: NexthopGroupMember[];
  groupType?: 'mpath' | 'resilient' | `${number}`;
  resilient?: ResilientGroup;
  /** LWTUNNEL_ENCAP_* of NHA_ENCAP, kept as bytes in `message` */
  encapType?: number;
  scope: string;
  /** who made it, by name ("boot", "static") or the number as text; "unspec" for 0 */
  protocol: string;
  /** nh_flags by name: onlink, dead, linkdown, ... */
  flags: string[];
  /** the whole decoded kernel message */
  message: NexthopMessage;
}

/** One bucket of a resilient group, as ip -j nexthop bucket show prints it. */
export interface NexthopBucket {
  /** the group's id */
  id: number;
  index?: number;
  /** seconds since the bucket was last used */
  idleTime?: number;
  /** the member nexthop the bucket holds */
  nhid?: number;
  flags: string[];
  message: NexthopMessage;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const seconds = (v: unknown): number | undefined => {
  const n = num(v);
  return n === undefined ? undefined : n / USER_HZ;
};

function groupTypeName(t: number): Nexthop['groupType'] {
  if (t === NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_MPATH) return 'mpath';
  if (t === NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_RES) return 'resilient';
  return String(t) as `${number}`;
}

/** The view of one decoded nexthop message. */
export function nexthopView(m: NexthopMessage): Nexthop {
  const a = m.attrs;
  const nh: Nexthop = {
    id: num(a.NHA_ID) ?? 0,
    blackhole: a.NHA_BLACKHOLE === true,
    fdb: a.NHA_FDB === true,
    scope: scopeName(m.nh_scope),
    protocol: protocolName(m.nh_protocol),
    flags: routeFlagNames(m.nh_flags),
    message: m,
  };
  if (m.nh_family === AF_INET || m.nh_family === AF_INET6) nh.family = m.nh_family === AF_INET ? 'inet' : 'inet6';
  if (a.NHA_GATEWAY !== undefined) nh.gateway = String(a.NHA_GATEWAY);
  if (a.NHA_OIF !== undefined) nh.oif = num(a.NHA_OIF);
  if (Array.isArray(a.NHA_GROUP)) {
    nh.group = (a.NHA_GROUP as NexthopGrp[]).map((g) => ({ id: g.id, weight: ((g.weight_high << 8) | g.weight) + 1 }));
  }
  if (a.NHA_GROUP_TYPE !== undefined) nh.groupType = groupTypeName(num(a.NHA_GROUP_TYPE)!);
  const res = a.NHA_RES_GROUP as Attrs | undefined;
  if (res && typeof res === 'object') {
    nh.resilient = {};
    if (res.NHA_RES_GROUP_BUCKETS !== undefined) nh.resilient.buckets = num(res.NHA_RES_GROUP_BUCKETS);
    if (res.NHA_RES_GROUP_IDLE_TIMER !== undefined) nh.resilient.idleTimer = seconds(res.NHA_RES_GROUP_IDLE_TIMER);
    if (res.NHA_RES_GROUP_UNBALANCED_TIMER !== undefined) nh.resilient.unbalancedTimer = seconds(res.NHA_RES_GROUP_UNBALANCED_TIMER);
    if (res.NHA_RES_GROUP_UNBALANCED_TIME !== undefined) nh.resilient.unbalancedTime = seconds(res.NHA_RES_GROUP_UNBALANCED_TIME);
  }
  if (a.NHA_ENCAP_TYPE !== undefined) nh.encapType = num(a.NHA_ENCAP_TYPE);
  return nh;
}

/** The view of one decoded nexthop bucket message. */
export function nexthopBucketView(m: NexthopMessage): NexthopBucket {
  const b: NexthopBucket = { id: num(m.attrs.NHA_ID) ?? 0, flags: routeFlagNames(m.nh_flags), message: m };
  const rb = m.attrs.NHA_RES_BUCKET as Attrs | undefined;
  if (rb && typeof rb === 'object') {
    if (rb.NHA_RES_BUCKET_INDEX !== undefined) b.index = num(rb.NHA_RES_BUCKET_INDEX);
    if (rb.NHA_RES_BUCKET_IDLE_TIME !== undefined) b.idleTime = seconds(rb.NHA_RES_BUCKET_IDLE_TIME);
    if (rb.NHA_RES_BUCKET_NH_ID !== undefined) b.nhid = num(rb.NHA_RES_BUCKET_NH_ID);
  }
  return b;
}

export interface ListNexthopsOptions extends OpOptions {
  /** inet or inet6 (groups, which have no family, are then left out); all when absent */
  family?: Family;
  /** only this object: RTM_GETNEXTHOP by NHA_ID instead of a dump ([] when there is none) */
  id?: number;
  /** only nexthops out of this link (NHA_OIF) */
  dev?: LinkRef;
  /** only groups (NHA_GROUPS) */
  groups?: boolean;
  /** only FDB nexthops (NHA_FDB; the kernel does not apply it, the op does) */
  fdb?: boolean;
  /** only nexthops whose link has this master (NHA_MASTER) */
  master?: LinkRef;
}

export interface ListNexthopBucketsOptions extends OpOptions {
  family?: Family;
  /** the buckets of this group (NHA_ID) */
  id?: number;
  /** only buckets holding this nexthop (NHA_RES_BUCKET > NHA_RES_BUCKET_NH_ID) */
  nhid?: number;
  /** only buckets whose nexthop goes out of this link (NHA_OIF) */
  dev?: LinkRef;
  master?: LinkRef;
}

const decodeNh = (m: { buf: Buffer; start: number; end: number }): NexthopMessage => decodeBody(nexthop, m.buf, m.start, m.end) as NexthopMessage;

function devAttrs(sock: NetlinkSocket, dev: LinkRef | undefined, master: LinkRef | undefined): Attrs {
  const attrs: Attrs = {};
  if (dev !== undefined) attrs.NHA_OIF = linkIndex(sock, dev);
  if (master !== undefined) attrs.NHA_MASTER = linkIndex(sock, master);
  return attrs;
}

/**
 * ip nexthop get id ID
 *
 * RTM_GETNEXTHOP with NHA_ID: the object, or a NetlinkError ENOENT
 * ("Nexthop id does not exist") when there is none.
 */
export async function getNexthop(id: number, opts: OpOptions = {}): Promise<Nexthop> {
  checkNexthopId(id, 'id');
  return withRtnl(opts, (sock) => {
    const [m] = sock.request(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: AF_UNSPEC, attrs: { NHA_ID: id } }, w), decodeNh);
    if (!m) throw new UsageError(`no nexthop ${id} in the answer`);
    return nexthopView(m);
  });
}

/**
 * ip nexthop show [id ID] [dev DEV] [master DEV] [groups] [fdb]   (ip -4 / -6 for family)
 *
 * One RTM_GETNEXTHOP dump, filtered by the kernel (NHA_OIF, NHA_GROUPS,
 * NHA_MASTER, nh_family; NHA_FDB is sent as ip sends it, but this kernel
 * ignores it, so `fdb` is applied to the answer too: `ip nexthop show fdb`
 * lists every object); with `id`, one RTM_GETNEXTHOP for that object
 * instead, as ip does ([] when it does not exist).
 */
export async function listNexthops(opts: ListNexthopsOptions = {}): Promise<Nexthop[]> {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  if (opts.id !== undefined) {
    checkNexthopId(opts.id, 'id');
    try {
      const nh = await getNexthop(opts.id, opts);
      return af && nh.message.nh_family !== af ? [] : [nh];
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') return [];
      throw e;
    }
  }
  const q = nexthopQuery(opts);
  return withRtnl(opts, (sock) => q(sock, opts.groups));
}

/** A checked nexthop dump, run on a socket: listNexthops without `id`, and each pass of flushNexthops. */
function nexthopQuery(opts: ListNexthopsOptions): (sock: NetlinkSocket, groups?: boolean) => Nexthop[] {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  const dev = opts.dev === undefined ? undefined : checkLinkRef(opts.dev, 'dev');
  const master = opts.master === undefined ? undefined : checkLinkRef(opts.master, 'master');
  return (sock, groups) => {
    const attrs = devAttrs(sock, dev, master);
    if (groups) attrs.NHA_GROUPS = true;
    if (opts.fdb) attrs.NHA_FDB = true;
    const msgs = sock.dump(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: af, attrs }, w), decodeNh);
    return (opts.fdb ? msgs.filter((m) => m.attrs.NHA_FDB === true) : msgs).map(nexthopView);
  };
}

function modify(spec: NexthopObjectSpec, flags: number, opts: OpOptions): void {
  const checked = checkNexthopObject(spec);
  withRtnl(opts, (sock) => {
    const body = nexthopMessage(checked, (ref) => linkIndex(sock, ref));
    sock.request(RTM.RTM_NEWNEXTHOP, flags, (w) => encodeBody(nexthop, body, w));
  });
}

/**
 * ip nexthop add id ID NH [protocol P]   (ip -6 nexthop add for family inet6)
 *
 * NH: blackhole | [via ADDR] [dev DEV] [onlink] [fdb] | group
 * ID[,WEIGHT]/... [fdb] [type mpath | resilient [buckets N] [idle_timer S]
 * [unbalanced_timer S]]. RTM_NEWNEXTHOP with NLM_F_CREATE|NLM_F_EXCL:
 * fails with EEXIST when the id is taken. Without `id` the kernel picks
 * one. No "encap".
 */
export async function addNexthop(spec: NexthopObjectSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, NLM_F_CREATE | NLM_F_EXCL, opts);
}

/**
 * ip nexthop replace id ID NH   (the same words as addNexthop)
 *
 * RTM_NEWNEXTHOP with NLM_F_CREATE|NLM_F_REPLACE: creates the object, or
 * changes it in place (routes and groups using it follow). The kernel
 * refuses to turn a single nexthop into a group or back.
 */
export async function replaceNexthop(spec: NexthopObjectSpec, opts: OpOptions = {}): Promise<void> {
  modify(spec, NLM_F_CREATE | NLM_F_REPLACE, opts);
}

/**
 * ip nexthop del id ID
 *
 * RTM_DELNEXTHOP with NHA_ID, flags 0: ENOENT when there is none. Routes
 * using it go with it; a group loses it as a member (and goes when it was
 * the last one).
 */
export async function deleteNexthop(id: number, opts: OpOptions = {}): Promise<void> {
  checkNexthopId(id);
  withRtnl(opts, (sock) => sock.request(RTM.RTM_DELNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: AF_UNSPEC, attrs: { NHA_ID: id } }, w)));
}

export interface FlushNexthopsOptions extends Omit<ListNexthopsOptions, 'id' | 'groups'> {
  /** only nexthops of this protocol (ip nexthop flush protocol P) */
  protocol?: string | number;
}

/**
 * ip nexthop flush [dev DEV] [master DEV] [fdb] [protocol P]   (ip -4 / -6 for family)
 *
 * As ip does it: an RTM_GETNEXTHOP dump of the groups (NHA_GROUPS) and an
 * RTM_DELNEXTHOP by NHA_ID for each, then a dump of what is left and a
 * delete for each, the same filters in both dumps (groups go first, so no
 * delete meets a group its members' deletion already took). `fdb` is
 * applied here too (the kernel ignores it: ip nexthop flush fdb flushes
 * every object). Returns the objects deleted.
 */
export async function flushNexthops(opts: FlushNexthopsOptions = {}): Promise<Nexthop[]> {
  const q = nexthopQuery(opts);
  const protocol = opts.protocol === undefined ? undefined : protocolId(opts.protocol);
  return withRtnl(opts, (sock) => {
    const gone: Nexthop[] = [];
    for (const groups of [true, false]) {
      for (const nh of q(sock, groups)) {
        if (protocol !== undefined && nh.message.nh_protocol !== protocol) continue;
        sock.request(RTM.RTM_DELNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: AF_UNSPEC, attrs: { NHA_ID: nh.id } }, w));
        gone.push(nh);
      }
    }
    return gone;
  });
}

/**
 * ip nexthop bucket show [id ID] [nhid ID] [dev DEV] [master DEV]
 *
 * One RTM_GETNEXTHOPBUCKET dump of the buckets of resilient groups,
 * filtered by the kernel.
 */
export async function listNexthopBuckets(opts: ListNexthopBucketsOptions = {}): Promise<NexthopBucket[]> {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  const id = opts.id === undefined ? undefined : checkNexthopId(opts.id, 'id');
  const nhid = opts.nhid === undefined ? undefined : checkNexthopId(opts.nhid, 'nhid');
  const dev = opts.dev === undefined ? undefined : checkLinkRef(opts.dev, 'dev');
  const master = opts.master === undefined ? undefined : checkLinkRef(opts.master, 'master');
  return withRtnl(opts, (sock) => {
    const attrs = devAttrs(sock, dev, master);
    if (id !== undefined) attrs.NHA_ID = id;
    if (nhid !== undefined) attrs.NHA_RES_BUCKET = { NHA_RES_BUCKET_NH_ID: nhid };
    return sock.dump(RTM.RTM_GETNEXTHOPBUCKET, 0, (w) => encodeBody(nexthop, { nh_family: af, attrs }, w), decodeNh).map(nexthopBucketView);
  });
}
