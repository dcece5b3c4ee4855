// Which body each rtnetlink message type carries. <linux/rtnetlink.h>
//
//   RTM_{NEW,DEL,GET,SET}LINK   struct ifinfomsg + IFLA_*
//   RTM_{NEW,DEL,GET}ADDR       struct ifaddrmsg + IFA_*
//   RTM_{NEW,DEL,GET}ROUTE      struct rtmsg     + RTA_*
//   RTM_{NEW,DEL,GET}NEIGH      struct ndmsg     + NDA_*
//   RTM_{NEW,DEL,GET}NSID       struct rtgenmsg  + NETNSA_*

import type { MessageFamily } from '../schema.js';
import { address } from './address.js';
import { RTM } from './constants.js';
import { link } from './link.js';
import { neigh } from './neigh.js';
import { nsid } from './nsid.js';
import { route } from './route.js';

const FAMILIES: ReadonlyMap<number, MessageFamily> = new Map([
  [RTM.RTM_NEWLINK, link], [RTM.RTM_DELLINK, link], [RTM.RTM_GETLINK, link], [RTM.RTM_SETLINK, link],
  [RTM.RTM_NEWADDR, address], [RTM.RTM_DELADDR, address], [RTM.RTM_GETADDR, address],
  [RTM.RTM_NEWROUTE, route], [RTM.RTM_DELROUTE, route], [RTM.RTM_GETROUTE, route],
  [RTM.RTM_NEWNEIGH, neigh], [RTM.RTM_DELNEIGH, neigh], [RTM.RTM_GETNEIGH, neigh],
  [RTM.RTM_NEWNSID, nsid], [RTM.RTM_DELNSID, nsid], [RTM.RTM_GETNSID, nsid],
]);

/** The body of an rtnetlink message type, or undefined for types tsip has no table for. */
export function rtnlFamily(type: number): MessageFamily | undefined {
  return FAMILIES.get(type);
}

export { address, link, neigh, nsid, route };
export * from './constants.js';
