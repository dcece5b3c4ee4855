// bridge: IFLA_INFO_DATA of kind "bridge". <linux/if_link.h>, <linux/if_bridge.h>
//
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]  "bridge"
//       [IFLA_INFO_DATA]
//           [IFLA_BR_FORWARD_DELAY]  u32, clock_t
//           [IFLA_BR_STP_STATE]      u32
//           ...                      enum { IFLA_BR_UNSPEC, IFLA_BR_FORWARD_DELAY, ... }
//
// Times (forward delay, hello time, max age, ageing time) are in clock_t
// hundredths of a second (USER_HZ); the *_TIMER values and multicast
// intervals are u64 of the same unit, as bigint.

import { NLA_F_NESTED } from '../../constants.js';
import { attrSet } from '../../schema.js';
import { blob, defineStruct, struct, u16be, u32 } from '../../struct.js';

/*
 * struct ifla_bridge_id {
 *         __u8    prio[2];        // the bridge priority, network order
 *         __u8    addr[6];        // ETH_ALEN
 * };
 */
export interface IflaBridgeId { prio: number; addr: Buffer }
export const ifla_bridge_id = defineStruct<IflaBridgeId>('ifla_bridge_id', struct([
  u16be('prio'), blob(6, 'addr'),
]));

/*
 * struct br_boolopt_multi {       // IFLA_BR_MULTI_BOOLOPT
 *         __u32 optval;           // option values, bit per option (BR_BOOLOPT_*)
 *         __u32 optmask;          // which options to change
 * };
 */
export interface BrBooloptMulti { optval: number; optmask: number }
export const br_boolopt_multi = defineStruct<BrBooloptMulti>('br_boolopt_multi', struct([u32('optval'), u32('optmask')]));

/* bit numbers in br_boolopt_multi: enum br_boolopt_id */
export const BR_BOOLOPT = { BR_BOOLOPT_NO_LL_LEARN: 0, BR_BOOLOPT_MCAST_VLAN_SNOOPING: 1, BR_BOOLOPT_MST_ENABLE: 2 } as const;

/* IFLA_BR_STP_STATE values */
export const BR_NO_STP = 0;
export const BR_KERNEL_STP = 1;
export const BR_USER_STP = 2;

/* IFLA_BR_MCAST_QUERIER_STATE: the querier the bridge has elected, per IP family */
export const bridgeQuerierAttrs = attrSet('bridge-querier-attrs', 'BRIDGE_QUERIER_', [
  { id: 1, name: 'BRIDGE_QUERIER_IP_ADDRESS', type: 'ipaddr' },
  { id: 2, name: 'BRIDGE_QUERIER_IP_PORT', type: 'u32' },        // ifindex of the port it was heard on
  { id: 3, name: 'BRIDGE_QUERIER_IP_OTHER_TIMER', type: 'u64' },
  { id: 4, name: 'BRIDGE_QUERIER_PAD', type: 'binary' },
  { id: 5, name: 'BRIDGE_QUERIER_IPV6_ADDRESS', type: 'ipaddr' },
  { id: 6, name: 'BRIDGE_QUERIER_IPV6_PORT', type: 'u32' },
  { id: 7, name: 'BRIDGE_QUERIER_IPV6_OTHER_TIMER', type: 'u64' },
]);

/** enum { IFLA_BR_UNSPEC, IFLA_BR_FORWARD_DELAY, ... } */
export const bridgeAttrs = attrSet('linkinfo-bridge-attrs', 'IFLA_BR_', [
  { id: 1, name: 'IFLA_BR_FORWARD_DELAY', type: 'u32' },
  { id: 2, name: 'IFLA_BR_HELLO_TIME', type: 'u32' },
  { id: 3, name: 'IFLA_BR_MAX_AGE', type: 'u32' },
  { id: 4, name: 'IFLA_BR_AGEING_TIME', type: 'u32' },
  { id: 5, name: 'IFLA_BR_STP_STATE', type: 'u32' },          // BR_NO_STP, BR_KERNEL_STP, BR_USER_STP
  { id: 6, name: 'IFLA_BR_PRIORITY', type: 'u16' },
  { id: 7, name: 'IFLA_BR_VLAN_FILTERING', type: 'u8' },
  { id: 8, name: 'IFLA_BR_VLAN_PROTOCOL', type: 'be16' },     // ETH_P_8021Q (0x8100) or ETH_P_8021AD
  { id: 9, name: 'IFLA_BR_GROUP_FWD_MASK', type: 'u16' },
  { id: 10, name: 'IFLA_BR_ROOT_ID', type: 'struct', struct: ifla_bridge_id },
  { id: 11, name: 'IFLA_BR_BRIDGE_ID', type: 'struct', struct: ifla_bridge_id },
  { id: 12, name: 'IFLA_BR_ROOT_PORT', type: 'u16' },
  { id: 13, name: 'IFLA_BR_ROOT_PATH_COST', type: 'u32' },
  { id: 14, name: 'IFLA_BR_TOPOLOGY_CHANGE', type: 'u8' },
  { id: 15, name: 'IFLA_BR_TOPOLOGY_CHANGE_DETECTED', type: 'u8' },
  { id: 16, name: 'IFLA_BR_HELLO_TIMER', type: 'u64' },
  { id: 17, name: 'IFLA_BR_TCN_TIMER', type: 'u64' },
  { id: 18, name: 'IFLA_BR_TOPOLOGY_CHANGE_TIMER', type: 'u64' },
  { id: 19, name: 'IFLA_BR_GC_TIMER', type: 'u64' },
  { id: 20, name: 'IFLA_BR_GROUP_ADDR', type: 'lladdr' },
  { id: 21, name: 'IFLA_BR_FDB_FLUSH', type: 'flag' },        // request only
  { id: 22, name: 'IFLA_BR_MCAST_ROUTER', type: 'u8' },
  { id: 23, name: 'IFLA_BR_MCAST_SNOOPING', type: 'u8' },
  { id: 24, name: 'IFLA_BR_MCAST_QUERY_USE_IFADDR', type: 'u8' },
  { id: 25, name: 'IFLA_BR_MCAST_QUERIER', type: 'u8' },
  { id: 26, name: 'IFLA_BR_MCAST_HASH_ELASTICITY', type: 'u32' },
  { id: 27, name: 'IFLA_BR_MCAST_HASH_MAX', type: 'u32' },
  { id: 28, name: 'IFLA_BR_MCAST_LAST_MEMBER_CNT', type: 'u32' },
  { id: 29, name: 'IFLA_BR_MCAST_STARTUP_QUERY_CNT', type: 'u32' },
  { id: 30, name: 'IFLA_BR_MCAST_LAST_MEMBER_INTVL', type: 'u64' },
  { id: 31, name: 'IFLA_BR_MCAST_MEMBERSHIP_INTVL', type: 'u64' },
  { id: 32, name: 'IFLA_BR_MCAST_QUERIER_INTVL', type: 'u64' },
  { id: 33, name: 'IFLA_BR_MCAST_QUERY_INTVL', type: 'u64' },
  { id: 34, name: 'IFLA_BR_MCAST_QUERY_RESPONSE_INTVL', type: 'u64' },
  { id: 35, name: 'IFLA_BR_MCAST_STARTUP_QUERY_INTVL', type: 'u64' },
  { id: 36, name: 'IFLA_BR_NF_CALL_IPTABLES', type: 'u8' },
  { id: 37, name: 'IFLA_BR_NF_CALL_IP6TABLES', type: 'u8' },
  { id: 38, name: 'IFLA_BR_NF_CALL_ARPTABLES', type: 'u8' },
  { id: 39, name: 'IFLA_BR_VLAN_DEFAULT_PVID', type: 'u16' },
  { id: 40, name: 'IFLA_BR_PAD', type: 'binary' },
  { id: 41, name: 'IFLA_BR_VLAN_STATS_ENABLED', type: 'u8' },
  { id: 42, name: 'IFLA_BR_MCAST_STATS_ENABLED', type: 'u8' },
  { id: 43, name: 'IFLA_BR_MCAST_IGMP_VERSION', type: 'u8' },
  { id: 44, name: 'IFLA_BR_MCAST_MLD_VERSION', type: 'u8' },
  { id: 45, name: 'IFLA_BR_VLAN_STATS_PER_PORT', type: 'u8' },
  { id: 46, name: 'IFLA_BR_MULTI_BOOLOPT', type: 'struct', struct: br_boolopt_multi },
  { id: 47, name: 'IFLA_BR_MCAST_QUERIER_STATE', type: 'nested', nested: bridgeQuerierAttrs, flags: NLA_F_NESTED },
  // newer than the 6.1 headers:
  { id: 48, name: 'IFLA_BR_FDB_N_LEARNED', type: 'u32' },
  { id: 49, name: 'IFLA_BR_FDB_MAX_LEARNED', type: 'u32' },
]);
