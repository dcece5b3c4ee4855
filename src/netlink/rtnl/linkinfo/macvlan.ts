// macvlan and macvtap: IFLA_INFO_DATA of kinds "macvlan" and "macvtap".
// <linux/if_link.h>
//
// A macvlan is a second MAC address on a lower link (IFLA_LINK); macvtap is
// the same with a /dev/tapN character device. Both use IFLA_MACVLAN_*.
//
//   [IFLA_LINK]  the lower link's ifindex
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]  "macvlan"
//       [IFLA_INFO_DATA]
//           [IFLA_MACVLAN_MODE]  u32, enum macvlan_mode (MACVLAN_MODE_BRIDGE = 4, ...)
//           ...

import { attrSet } from '../../schema.js';

/* IFLA_MACVLAN_MODE: enum macvlan_mode */
export const MACVLAN_MODE = {
  MACVLAN_MODE_PRIVATE: 1,   // don't talk to other macvlans
  MACVLAN_MODE_VEPA: 2,      // talk to other ports through ext bridge
  MACVLAN_MODE_BRIDGE: 4,    // talk to bridge ports directly
  MACVLAN_MODE_PASSTHRU: 8,  // take over the underlying device
  MACVLAN_MODE_SOURCE: 16,   // use source MAC address list to assign
} as const;

/* IFLA_MACVLAN_MACADDR_MODE: enum macvlan_macaddr_mode (for MACVLAN_MODE_SOURCE) */
export const MACVLAN_MACADDR = {
  MACVLAN_MACADDR_ADD: 0, MACVLAN_MACADDR_DEL: 1, MACVLAN_MACADDR_FLUSH: 2, MACVLAN_MACADDR_SET: 3,
} as const;

/* IFLA_MACVLAN_FLAGS bits */
export const MACVLAN_FLAG_NOPROMISC = 1;
export const MACVLAN_FLAG_NODST = 2; // skip dst macvlan if matching src macvlan

/* IFLA_MACVLAN_MACADDR_DATA: the source MAC list, one IFLA_MACVLAN_MACADDR each */
export const macvlanMacaddrAttrs = attrSet('macvlan-macaddr-data', 'IFLA_MACVLAN_', [
  { id: 4, name: 'IFLA_MACVLAN_MACADDR', type: 'lladdr', multi: true },
]);

/** enum { IFLA_MACVLAN_UNSPEC, IFLA_MACVLAN_MODE, ... } */
export const macvlanAttrs = attrSet('linkinfo-macvlan-attrs', 'IFLA_MACVLAN_', [
  { id: 1, name: 'IFLA_MACVLAN_MODE', type: 'u32' },          // MACVLAN_MODE_*
  { id: 2, name: 'IFLA_MACVLAN_FLAGS', type: 'u16' },         // MACVLAN_FLAG_*
  { id: 3, name: 'IFLA_MACVLAN_MACADDR_MODE', type: 'u32' },  // MACVLAN_MACADDR_* (requests)
  { id: 4, name: 'IFLA_MACVLAN_MACADDR', type: 'lladdr' },    // one address to add or delete (requests)
  { id: 5, name: 'IFLA_MACVLAN_MACADDR_DATA', type: 'nested', nested: macvlanMacaddrAttrs },
  { id: 6, name: 'IFLA_MACVLAN_MACADDR_COUNT', type: 'u32' },
  { id: 7, name: 'IFLA_MACVLAN_BC_QUEUE_LEN', type: 'u32' },  // broadcast queue length requested
  { id: 8, name: 'IFLA_MACVLAN_BC_QUEUE_LEN_USED', type: 'u32' },
  { id: 9, name: 'IFLA_MACVLAN_BC_CUTOFF', type: 's32' },     // newer than the 6.1 headers; sent when set
]);
