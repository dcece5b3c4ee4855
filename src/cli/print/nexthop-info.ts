// The "nh_info" part of `ip -d route show` for a route that uses a nexthop
// object (RTA_NH_ID): ip looks the object up (RTM_GETNEXTHOP) and prints it
// as `ip -d nexthop show` would (ip/ipnexthop.c __print_nexthop_entry):
//
//   unicast 10.23.0.0/16 nhid 1 via 10.1.1.3 dev veth0 proto boot scope global 
//   	nh_info id 1 via 10.1.1.3 dev veth0 scope link proto unspec 
//
// The caller fetches the objects and passes them in, already decoded into
// the fields below. Resilient-group arguments and encapsulations are not
// printed.

import type { Output } from './output.js';
import { printGateway, printRtFlags, ifName } from './route-parts.js';
import { rtprotName, rtscopeName, type RtNames } from './rt-names.js';

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
}

/** __print_nexthop_entry() as print_route() calls it, with details on. */
export function printNexthopInfo(
  out: Output, nh: NexthopInfo, linkNames: ReadonlyMap<number, string>, names: RtNames, details: boolean,
): void {
  out.fp('%s', '\n\tnh_info ');
  out.openObject('nh_info');
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
  if (nh.groupType) out.string('any', 'type', 'type %s ', nh.groupType === 1 ? 'resilient' : '<unknown type>');
  if (nh.gateway !== undefined) printGateway(out, nh.family, nh.gateway);
  if (nh.oif) {
    const dev = ifName(linkNames, nh.oif);
    if (out.isJson) out.string('json', 'dev', null, dev);
    else out.fp('dev %s ', dev);
  }
  if (nh.scope !== 0 || details) out.string('any', 'scope', 'scope %s ', rtscopeName(nh.scope, names));
  if (nh.blackhole) out.null('any', 'blackhole', 'blackhole ', null);
  if (nh.protocol !== 0 || details) out.string('any', 'protocol', 'proto %s ', rtprotName(nh.protocol, names));
  printRtFlags(out, nh.flags);
  if (nh.fdb) out.null('any', 'fdb', 'fdb', null);
  out.closeObject();
}
