// `ip nexthop show` and `ip nexthop bucket show`, printed as iproute2 6.1
// prints them (ip/ipnexthop.c print_nexthop_nocache, print_nexthop_bucket),
// from decoded RTM_NEWNEXTHOP / RTM_NEWNEXTHOPBUCKET messages:
//
//   id 1 via 10.1.1.2 dev va scope link 
//   id 10 group 1/2,3 
//   id 8 via 10.1.1.8 scope link fdb
//   id 11 index 0 idle_time 0.01 nhid 2 
//
// The entry itself is ./nexthop-info.ts's, which `ip -d route` shares.
// -j: [{"id":1,"gateway":"10.1.1.2","dev":"va","scope":"link","flags":[]}]. Pure.

import { RTM } from '../../netlink/rtnl/constants.js';
import type { NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import type { Attrs } from '../../netlink/schema.js';
import { nexthopInfoOf, printNexthopEntry, ticksToSeconds } from './nexthop-info.js';
import { Output } from './output.js';
import { printRtFlags } from './route-parts.js';
import { DEFAULT_RT_NAMES, type RtNames } from './rt-names.js';

export interface NexthopPrintOptions {
  json?: boolean;
  pretty?: boolean;
  /** -d: scope and protocol of every object */
  details?: number | boolean;
  /** ifindex -> name, for "dev va" */
  linkNames: ReadonlyMap<number, string>;
  names?: RtNames;
  /** "protocol ID": only objects of that nh_protocol (ip's filter.proto; 0 for any) */
  protocol?: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

function entry(out: Output, m: NexthopMessage, opts: NexthopPrintOptions, deleted: boolean): void {
  printNexthopEntry(out, nexthopInfoOf(m), {
    linkNames: opts.linkNames, names: opts.names ?? DEFAULT_RT_NAMES, details: !!opts.details, deleted,
  });
  out.fp('%s', '\n');
}

/** `ip nexthop show`: each object of a dump (or the one of `show id N`), in order. */
export function formatNexthops(msgs: readonly NexthopMessage[], opts: NexthopPrintOptions): string {
  const out = new Output({ json: opts.json, pretty: opts.pretty });
  out.openAnonArray();
  for (const m of msgs) if (!opts.protocol || m.nh_protocol === opts.protocol) entry(out, m, opts, false);
  out.closeArray('json', null);
  return out.finish();
}

/** One object as `ip monitor nexthop` prints it ("Deleted " first for RTM_DELNEXTHOP). */
export function formatNexthopEvent(type: number, m: NexthopMessage, opts: NexthopPrintOptions): string {
  const out = new Output();
  entry(out, m, { ...opts, json: false }, type === RTM.RTM_DELNEXTHOP);
  return out.finish();
}

/** print_nexthop_bucket(): "id 11 index 0 idle_time 0.01 nhid 2 " (never "Deleted": ip compares with RTM_DELNEXTHOP). */
function printBucket(out: Output, m: NexthopMessage): void {
  const a = m.attrs;
  out.openObject();
  if (a.NHA_ID !== undefined) out.uint('any', 'id', 'id %u ', num(a.NHA_ID));
  const b = a.NHA_RES_BUCKET as Attrs | undefined;
  if (b && typeof b === 'object' && !Buffer.isBuffer(b)) {
    out.openObject('bucket');
    if (b.NHA_RES_BUCKET_INDEX !== undefined) out.uint('any', 'index', 'index %u ', num(b.NHA_RES_BUCKET_INDEX));
    if (b.NHA_RES_BUCKET_IDLE_TIME !== undefined) out.float('any', 'idle_time', 'idle_time %g ', ticksToSeconds(num(b.NHA_RES_BUCKET_IDLE_TIME)));
    if (b.NHA_RES_BUCKET_NH_ID !== undefined) out.uint('any', 'nhid', 'nhid %u ', num(b.NHA_RES_BUCKET_NH_ID));
    out.closeObject();
  }
  printRtFlags(out, m.nh_flags);
  out.fp('%s', '\n');
  out.closeObject();
}

/** `ip nexthop bucket show`: every bucket of a dump, in order. */
export function formatNexthopBuckets(msgs: readonly NexthopMessage[], opts: Pick<NexthopPrintOptions, 'json' | 'pretty'> = {}): string {
  const out = new Output({ json: opts.json, pretty: opts.pretty });
  out.openAnonArray();
  for (const m of msgs) printBucket(out, m);
  out.closeArray('json', null);
  return out.finish();
}

/** One bucket as `ip monitor nexthop` prints it. */
export function formatNexthopBucketEvent(m: NexthopMessage): string {
  const out = new Output();
  printBucket(out, m);
  return out.finish();
}
