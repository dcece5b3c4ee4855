// Which body each rtnetlink message type carries. <linux/rtnetlink.h>
//
//   RTM_{NEW,DEL,GET,SET}LINK       struct ifinfomsg     + IFLA_*
//   RTM_{NEW,DEL,GET}ADDR           struct ifaddrmsg     + IFA_*
//   RTM_{NEW,DEL,GET}ROUTE          struct rtmsg         + RTA_*
//   RTM_{NEW,DEL,GET}NEIGH          struct ndmsg         + NDA_*
//   RTM_{NEW,DEL,GET}RULE           struct fib_rule_hdr  + FRA_*       <linux/fib_rules.h>
//   RTM_{NEW,DEL,GET}NETCONF        struct netconfmsg    + NETCONFA_*  <linux/netconf.h>
//   RTM_{NEW,DEL,GET}NSID           struct rtgenmsg      + NETNSA_*
//   RTM_{NEW,DEL,GET}NEXTHOP        struct nhmsg         + NHA_*       <linux/nexthop.h>
//   RTM_{NEW,DEL,GET}NEXTHOPBUCKET  struct nhmsg         + NHA_*  (one bucket, in NHA_RES_BUCKET)

import type { MessageFamily } from '../schema.js';
import { address } from './address.js';
import { RTM } from './constants.js';
import { link } from './link.js';
import { neigh } from './neigh.js';
import { netconf } from './netconf.js';
import { nexthop } from './nexthop.js';
import { nsid } from './nsid.js';
import { route } from './route.js';
import { rule } from './rule.js';

const FAMILIES: ReadonlyMap<number, MessageFamily> = new Map([
  [RTM.RTM_NEWLINK, link], [RTM.RTM_DELLINK, link], [RTM.RTM_GETLINK, link], [RTM.RTM_SETLINK, link],
  [RTM.RTM_NEWADDR, address], [RTM.RTM_DELADDR, address], [RTM.RTM_GETADDR, address],
  [RTM.RTM_NEWROUTE, route], [RTM.RTM_DELROUTE, route], [RTM.RTM_GETROUTE, route],
  [RTM.RTM_NEWNEIGH, neigh], [RTM.RTM_DELNEIGH, neigh], [RTM.RTM_GETNEIGH, neigh],
  [RTM.RTM_NEWRULE, rule], [RTM.RTM_DELRULE, rule], [RTM.RTM_GETRULE, rule],
  [RTM.RTM_NEWNETCONF, netconf], [RTM.RTM_DELNETCONF, netconf], [RTM.RTM_GETNETCONF, netconf],
  [RTM.RTM_NEWNSID, nsid], [RTM.RTM_DELNSID, nsid], [RTM.RTM_GETNSID, nsid],
  [RTM.RTM_NEWNEXTHOP, nexthop], [RTM.RTM_DELNEXTHOP, nexthop], [RTM.RTM_GETNEXTHOP, nexthop],
  [RTM.RTM_NEWNEXTHOPBUCKET, nexthop], [RTM.RTM_DELNEXTHOPBUCKET, nexthop], [RTM.RTM_GETNEXTHOPBUCKET, nexthop],
]);

/** The body of an rtnetlink message type, or undefined for types tsip has no table for. */
export function rtnlFamily(type: number): MessageFamily | undefined {
  return FAMILIES.get(type);
}

export { address, link, neigh, netconf, nexthop, nsid, route, rule };
export * from './constants.js';
