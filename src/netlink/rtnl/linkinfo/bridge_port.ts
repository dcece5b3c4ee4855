// bridge ports: IFLA_INFO_SLAVE_DATA when IFLA_INFO_SLAVE_KIND is "bridge".
// <linux/if_link.h>
//
//   [IFLA_MASTER]  the bridge's ifindex
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]        "veth"      (the port's own kind)
//       [IFLA_INFO_SLAVE_KIND]  "bridge"
//       [IFLA_INFO_SLAVE_DATA]
//           [IFLA_BRPORT_STATE]  u8, BR_STATE_* (<linux/if_bridge.h>)
//           ...                  enum { IFLA_BRPORT_UNSPEC, IFLA_BRPORT_STATE, ... }
//
// The same IFLA_BRPORT_* set is also the payload of IFLA_PROTINFO in
// AF_BRIDGE messages. The on/off options (learning, flooding, ...) are
// u8 0/1 on the wire, both ways, though the YNL spec calls them flags.

import { attrSet } from '../../schema.js';
import { ifla_bridge_id } from './bridge.js';

/* IFLA_BRPORT_STATE: BR_STATE_* <linux/if_bridge.h> */
export const BR_STATE = {
  BR_STATE_DISABLED: 0, BR_STATE_LISTENING: 1, BR_STATE_LEARNING: 2, BR_STATE_FORWARDING: 3, BR_STATE_BLOCKING: 4,
} as const;

/** enum { IFLA_BRPORT_UNSPEC, IFLA_BRPORT_STATE, ... } */
export const bridgePortAttrs = attrSet('linkinfo-brport-attrs', 'IFLA_BRPORT_', [
  { id: 1, name: 'IFLA_BRPORT_STATE', type: 'u8' },           // Spanning tree state
  { id: 2, name: 'IFLA_BRPORT_PRIORITY', type: 'u16' },       // "             priority
  { id: 3, name: 'IFLA_BRPORT_COST', type: 'u32' },           // "             cost
  { id: 4, name: 'IFLA_BRPORT_MODE', type: 'u8' },            // mode (hairpin)
  { id: 5, name: 'IFLA_BRPORT_GUARD', type: 'u8' },           // bpdu guard
  { id: 6, name: 'IFLA_BRPORT_PROTECT', type: 'u8' },         // root port protection
  { id: 7, name: 'IFLA_BRPORT_FAST_LEAVE', type: 'u8' },      // multicast fast leave
  { id: 8, name: 'IFLA_BRPORT_LEARNING', type: 'u8' },        // mac learning
  { id: 9, name: 'IFLA_BRPORT_UNICAST_FLOOD', type: 'u8' },   // flood unicast traffic
  { id: 10, name: 'IFLA_BRPORT_PROXYARP', type: 'u8' },       // proxy ARP
  { id: 11, name: 'IFLA_BRPORT_LEARNING_SYNC', type: 'u8' },  // mac learning sync from device
  { id: 12, name: 'IFLA_BRPORT_PROXYARP_WIFI', type: 'u8' },  // proxy ARP for Wi-Fi
  { id: 13, name: 'IFLA_BRPORT_ROOT_ID', type: 'struct', struct: ifla_bridge_id },   // designated root
  { id: 14, name: 'IFLA_BRPORT_BRIDGE_ID', type: 'struct', struct: ifla_bridge_id }, // designated bridge
  { id: 15, name: 'IFLA_BRPORT_DESIGNATED_PORT', type: 'u16' },
  { id: 16, name: 'IFLA_BRPORT_DESIGNATED_COST', type: 'u16' },
  { id: 17, name: 'IFLA_BRPORT_ID', type: 'u16' },
  { id: 18, name: 'IFLA_BRPORT_NO', type: 'u16' },
  { id: 19, name: 'IFLA_BRPORT_TOPOLOGY_CHANGE_ACK', type: 'u8' },
  { id: 20, name: 'IFLA_BRPORT_CONFIG_PENDING', type: 'u8' },
  { id: 21, name: 'IFLA_BRPORT_MESSAGE_AGE_TIMER', type: 'u64' },
  { id: 22, name: 'IFLA_BRPORT_FORWARD_DELAY_TIMER', type: 'u64' },
  { id: 23, name: 'IFLA_BRPORT_HOLD_TIMER', type: 'u64' },
  { id: 24, name: 'IFLA_BRPORT_FLUSH', type: 'flag' },        // request only: flush the port's FDB entries
  { id: 25, name: 'IFLA_BRPORT_MULTICAST_ROUTER', type: 'u8' },
  { id: 26, name: 'IFLA_BRPORT_PAD', type: 'binary' },
  { id: 27, name: 'IFLA_BRPORT_MCAST_FLOOD', type: 'u8' },
  { id: 28, name: 'IFLA_BRPORT_MCAST_TO_UCAST', type: 'u8' },
  { id: 29, name: 'IFLA_BRPORT_VLAN_TUNNEL', type: 'u8' },
  { id: 30, name: 'IFLA_BRPORT_BCAST_FLOOD', type: 'u8' },
  { id: 31, name: 'IFLA_BRPORT_GROUP_FWD_MASK', type: 'u16' },
  { id: 32, name: 'IFLA_BRPORT_NEIGH_SUPPRESS', type: 'u8' },
  { id: 33, name: 'IFLA_BRPORT_ISOLATED', type: 'u8' },
  { id: 34, name: 'IFLA_BRPORT_BACKUP_PORT', type: 'u32' },   // ifindex
  { id: 35, name: 'IFLA_BRPORT_MRP_RING_OPEN', type: 'u8' },
  { id: 36, name: 'IFLA_BRPORT_MRP_IN_OPEN', type: 'u8' },
  { id: 37, name: 'IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT', type: 'u32' },
  { id: 38, name: 'IFLA_BRPORT_MCAST_EHT_HOSTS_CNT', type: 'u32' },
  { id: 39, name: 'IFLA_BRPORT_LOCKED', type: 'u8' },
  // newer than the 6.1 headers:
  { id: 40, name: 'IFLA_BRPORT_MAB', type: 'u8' },            // MAC authentication bypass
  { id: 41, name: 'IFLA_BRPORT_MCAST_N_GROUPS', type: 'u32' },
  { id: 42, name: 'IFLA_BRPORT_MCAST_MAX_GROUPS', type: 'u32' },
  { id: 43, name: 'IFLA_BRPORT_NEIGH_VLAN_SUPPRESS', type: 'u8' },
  { id: 44, name: 'IFLA_BRPORT_BACKUP_NHID', type: 'u32' },
]);
