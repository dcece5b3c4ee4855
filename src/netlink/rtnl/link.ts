// Links: RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK.
// <linux/rtnetlink.h> (struct ifinfomsg), <linux/if_link.h> (IFLA_*),
// <linux/if.h> (IFF_*, IF_OPER_*), <linux/if_arp.h> (ARPHRD_*).
//
// A message is struct ifinfomsg followed by IFLA_* attributes. The kernel
// answers RTM_GETLINK, and announces changes, with RTM_NEWLINK; requests to
// create or change a link are RTM_NEWLINK too (RTM_SETLINK is the older,
// change-only form). A link is named by ifi_index or by IFLA_IFNAME.
//
// IFLA_LINKINFO says what kind of link this is ("veth", "bridge", ...):
//
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]        "vxlan"
//       [IFLA_INFO_DATA]        IFLA_VXLAN_*  (set chosen by the kind)
//       [IFLA_INFO_SLAVE_KIND]  "bridge"      (when the link has a master)
//       [IFLA_INFO_SLAVE_DATA]  IFLA_BRPORT_* (set chosen by the master's kind)
//
// The per-kind sets live in ./linkinfo/. Kernel spec:
// Documentation/netlink/specs/rt-link.yaml; ids the 6.1 headers lack
// (IFLA_DEVLINK_PORT .. IFLA_TAILROOM) are named and typed after it.

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type Attrs, type AttrSet, type Body, type MessageFamily } from '../schema.js';
import { blob, defineStruct, s32, struct, u16, u16be, u32, u64, u8 } from '../struct.js';
import { infoDataSets, slaveDataSets } from './linkinfo/index.js';

/*
 * struct ifinfomsg {
 *         unsigned char   ifi_family;
 *         unsigned char   __ifi_pad;
 *         unsigned short  ifi_type;       // ARPHRD_*
 *         int             ifi_index;      // Link index
 *         unsigned        ifi_flags;      // IFF_* flags
 *         unsigned        ifi_change;     // IFF_* change mask
 * };
 */
export interface IfInfoMsg {
  ifi_family: number;
  ifi_type: number;
  ifi_index: number;
  ifi_flags: number;
  ifi_change: number;
}
export const ifinfomsg = defineStruct<IfInfoMsg>('ifinfomsg', struct([
  u8('ifi_family'), u8(), u16('ifi_type'), s32('ifi_index'), u32('ifi_flags'), u32('ifi_change'),
]));

/* struct rtnl_link_stats: the 32-bit counters (IFLA_STATS). Same fields as below, less rx_otherhost_dropped. */
export interface RtnlLinkStats<N = number> {
  rx_packets: N; tx_packets: N; rx_bytes: N; tx_bytes: N;
  rx_errors: N; tx_errors: N; rx_dropped: N; tx_dropped: N;
  multicast: N; collisions: N;
  rx_length_errors: N; rx_over_errors: N; rx_crc_errors: N; rx_frame_errors: N; rx_fifo_errors: N; rx_missed_errors: N;
  tx_aborted_errors: N; tx_carrier_errors: N; tx_fifo_errors: N; tx_heartbeat_errors: N; tx_window_errors: N;
  rx_compressed: N; tx_compressed: N;
  rx_nohandler: N;
}
const STATS_FIELDS = [
  'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes',
  'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped',
  'multicast', 'collisions',
  // detailed rx_errors
  'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors', 'rx_fifo_errors', 'rx_missed_errors',
  // detailed tx_errors
  'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors', 'tx_heartbeat_errors', 'tx_window_errors',
  // for cslip etc
  'rx_compressed', 'tx_compressed',
  'rx_nohandler',
] as const;
export const rtnl_link_stats = defineStruct<RtnlLinkStats>('rtnl_link_stats', struct(STATS_FIELDS.map((f) => u32(f))));

/*
 * struct rtnl_link_stats64: the main device statistics (IFLA_STATS64), all
 * __u64. Grows at its tail: 6.18 sends 25 fields, rx_otherhost_dropped last
 * (packets dropped because their destination MAC was not ours).
 */
export interface RtnlLinkStats64 extends RtnlLinkStats<bigint> {
  rx_otherhost_dropped: bigint;
}
export const rtnl_link_stats64 = defineStruct<RtnlLinkStats64>('rtnl_link_stats64', struct(
  [...STATS_FIELDS, 'rx_otherhost_dropped'].map((f) => u64(f)),
));

/*
 * struct rtnl_link_ifmap {            // in sync with struct ifmap
 *         __u64   mem_start;
 *         __u64   mem_end;
 *         __u64   base_addr;
 *         __u16   irq;
 *         __u8    dma;
 *         __u8    port;
 * };                                  // + 4 bytes of tail padding: sizeof is 32
 */
export interface RtnlLinkIfmap { mem_start: bigint; mem_end: bigint; base_addr: bigint; irq: number; dma: number; port: number }
export const rtnl_link_ifmap = defineStruct<RtnlLinkIfmap>('rtnl_link_ifmap', struct([
  u64('mem_start'), u64('mem_end'), u64('base_addr'), u16('irq'), u8('dma'), u8('port'), blob(4),
]));

/*
 * struct ifla_cacheinfo {             // IFLA_INET6_CACHEINFO
 *         __u32   max_reasm_len;
 *         __u32   tstamp;             // ipv6InterfaceTable updated timestamp
 *         __u32   reachable_time;
 *         __u32   retrans_time;
 * };
 */
export interface IflaCacheinfo { max_reasm_len: number; tstamp: number; reachable_time: number; retrans_time: number }
export const ifla_cacheinfo = defineStruct<IflaCacheinfo>('ifla_cacheinfo', struct([
  u32('max_reasm_len'), u32('tstamp'), u32('reachable_time'), u32('retrans_time'),
]));

/* ifi_flags: enum net_device_flags <linux/if.h> */
export const IFF = {
  IFF_UP: 1 << 0, IFF_BROADCAST: 1 << 1, IFF_DEBUG: 1 << 2, IFF_LOOPBACK: 1 << 3,
  IFF_POINTOPOINT: 1 << 4, IFF_NOTRAILERS: 1 << 5, IFF_RUNNING: 1 << 6, IFF_NOARP: 1 << 7,
  IFF_PROMISC: 1 << 8, IFF_ALLMULTI: 1 << 9, IFF_MASTER: 1 << 10, IFF_SLAVE: 1 << 11,
  IFF_MULTICAST: 1 << 12, IFF_PORTSEL: 1 << 13, IFF_AUTOMEDIA: 1 << 14, IFF_DYNAMIC: 1 << 15,
  IFF_LOWER_UP: 1 << 16, IFF_DORMANT: 1 << 17, IFF_ECHO: 1 << 18,
} as const;

/* ifi_type: the common ARPHRD_* values <linux/if_arp.h> */
export const ARPHRD = {
  ARPHRD_NETROM: 0, ARPHRD_ETHER: 1, ARPHRD_IEEE802: 6, ARPHRD_INFINIBAND: 32,
  ARPHRD_SLIP: 256, ARPHRD_CAN: 280, ARPHRD_PPP: 512, ARPHRD_RAWIP: 519,
  ARPHRD_TUNNEL: 768, ARPHRD_TUNNEL6: 769, ARPHRD_LOOPBACK: 772, ARPHRD_SIT: 776, ARPHRD_IPGRE: 778,
  ARPHRD_IEEE80211: 801, ARPHRD_IEEE80211_RADIOTAP: 803, ARPHRD_IP6GRE: 823, ARPHRD_NETLINK: 824,
  ARPHRD_NONE: 0xfffe, ARPHRD_VOID: 0xffff,
} as const;

/* IFLA_OPERSTATE: RFC 2863 operational status <linux/if.h> */
export const IF_OPER = {
  IF_OPER_UNKNOWN: 0, IF_OPER_NOTPRESENT: 1, IF_OPER_DOWN: 2, IF_OPER_LOWERLAYERDOWN: 3,
  IF_OPER_TESTING: 4, IF_OPER_DORMANT: 5, IF_OPER_UP: 6,
} as const;

/* IFLA_LINKMODE */
export const IF_LINK_MODE = { IF_LINK_MODE_DEFAULT: 0, IF_LINK_MODE_DORMANT: 1, IF_LINK_MODE_TESTING: 2 } as const;

/* IFLA_INET6_ADDR_GEN_MODE: enum in6_addr_gen_mode */
export const IN6_ADDR_GEN_MODE = {
  IN6_ADDR_GEN_MODE_EUI64: 0, IN6_ADDR_GEN_MODE_NONE: 1, IN6_ADDR_GEN_MODE_STABLE_PRIVACY: 2, IN6_ADDR_GEN_MODE_RANDOM: 3,
} as const;

/* IFLA_XDP_ATTACHED values, and IFLA_XDP_FLAGS bits */
export const XDP_ATTACHED = { XDP_ATTACHED_NONE: 0, XDP_ATTACHED_DRV: 1, XDP_ATTACHED_SKB: 2, XDP_ATTACHED_HW: 3, XDP_ATTACHED_MULTI: 4 } as const;
export const XDP_FLAGS = {
  XDP_FLAGS_UPDATE_IF_NOEXIST: 1 << 0, XDP_FLAGS_SKB_MODE: 1 << 1, XDP_FLAGS_DRV_MODE: 1 << 2,
  XDP_FLAGS_HW_MODE: 1 << 3, XDP_FLAGS_REPLACE: 1 << 4,
} as const;

/*
 * AF_BRIDGE messages (the `bridge` tool's RTM_GETLINK / RTM_SETLINK) carry
 * IFLA_BRIDGE_* directly in IFLA_AF_SPEC, not a family-indexed nest: see the
 * note at afSpecAttrs. <linux/if_bridge.h>
 */
export const IFLA_BRIDGE = {
  IFLA_BRIDGE_FLAGS: 0, IFLA_BRIDGE_MODE: 1, IFLA_BRIDGE_VLAN_INFO: 2, IFLA_BRIDGE_VLAN_TUNNEL_INFO: 3,
  IFLA_BRIDGE_MRP: 4, IFLA_BRIDGE_CFM: 5, IFLA_BRIDGE_MST: 6,
} as const;
export const BRIDGE_FLAGS_MASTER = 1; // Bridge command to/from master
export const BRIDGE_FLAGS_SELF = 2; // Bridge command to/from lowerdev

/* IFLA_AF_SPEC > AF_INET: enum { IFLA_INET_UNSPEC, IFLA_INET_CONF } */
export const inetAttrs = attrSet('ifla-attrs', 'IFLA_INET_', [
  // u32 indexed by IPV4_DEVCONF_* - 1 (forwarding first); on input a nest
  { id: 1, name: 'IFLA_INET_CONF', type: 'array', elem: 'u32' },
]);

/* IFLA_AF_SPEC > AF_INET6 (also IFLA_PROTINFO of AF_INET6 messages) */
export const inet6Attrs = attrSet('ifla6-attrs', 'IFLA_INET6_', [
  { id: 1, name: 'IFLA_INET6_FLAGS', type: 'u32' },          // link flags (IF_RA_*, IF_READY)
  { id: 2, name: 'IFLA_INET6_CONF', type: 'array', elem: 's32' }, // sysctl parameters, indexed by DEVCONF_*; the kernel writes __s32
  { id: 3, name: 'IFLA_INET6_STATS', type: 'array', elem: 'u64' }, // statistics, indexed by IPSTATS_MIB_*
  { id: 4, name: 'IFLA_INET6_MCAST', type: 'binary' },        // unused
  { id: 5, name: 'IFLA_INET6_CACHEINFO', type: 'struct', struct: ifla_cacheinfo }, // time values and max reasm size
  { id: 6, name: 'IFLA_INET6_ICMP6STATS', type: 'array', elem: 'u64' }, // icmpv6 statistics, indexed by ICMP6_MIB_*
  { id: 7, name: 'IFLA_INET6_TOKEN', type: 'ipaddr' },        // device token (struct in6_addr)
  { id: 8, name: 'IFLA_INET6_ADDR_GEN_MODE', type: 'u8' },    // implicit address generator mode
  { id: 9, name: 'IFLA_INET6_RA_MTU', type: 'u32' },          // mtu carried in the RA message
]);

/*
 * IFLA_AF_SPEC: one nest per address family, the family number as its type.
 * AF_INET and AF_INET6 are decoded; other families (AF_BRIDGE 7, AF_MPLS 28,
 * AF_MCTP 45) stay raw, as AF_7: { type, raw }.
 * In AF_BRIDGE messages IFLA_AF_SPEC holds IFLA_BRIDGE_* instead, which this
 * table cannot tell apart (the set is not chosen by ifi_family): decode
 * those with a set of their own.
 */
export const afSpecAttrs = attrSet('af-spec-attrs', 'AF_', [
  { id: 2, name: 'AF_INET', type: 'nested', nested: inetAttrs },
  { id: 10, name: 'AF_INET6', type: 'nested', nested: inet6Attrs },
]);

/** The set a kind names, if any (own keys only: the kind is text from the wire). */
function byKind(sets: Readonly<Record<string, AttrSet | undefined>>, kind: unknown): AttrSet | undefined {
  return typeof kind === 'string' && Object.hasOwn(sets, kind) ? sets[kind] : undefined;
}

/* IFLA_LINKINFO: enum { IFLA_INFO_UNSPEC, IFLA_INFO_KIND, ... } */
export const linkinfoAttrs = attrSet('linkinfo-attrs', 'IFLA_INFO_', [
  { id: 1, name: 'IFLA_INFO_KIND', type: 'string' },
  // the kind's own set (./linkinfo/), chosen by the sibling IFLA_INFO_KIND; bytes for kinds without one
  { id: 2, name: 'IFLA_INFO_DATA', type: 'nested', nested: (s: Attrs) => byKind(infoDataSets, s.IFLA_INFO_KIND) },
  { id: 3, name: 'IFLA_INFO_XSTATS', type: 'binary' },
  { id: 4, name: 'IFLA_INFO_SLAVE_KIND', type: 'string' },
  // the master's per-port set (IFLA_BRPORT_* for a bridge), chosen by IFLA_INFO_SLAVE_KIND
  { id: 5, name: 'IFLA_INFO_SLAVE_DATA', type: 'nested', nested: (s: Attrs) => byKind(slaveDataSets, s.IFLA_INFO_SLAVE_KIND) },
]);

/* IFLA_XDP */
export const xdpAttrs = attrSet('xdp-attrs', 'IFLA_XDP_', [
  { id: 1, name: 'IFLA_XDP_FD', type: 's32' },
  { id: 2, name: 'IFLA_XDP_ATTACHED', type: 'u8' },  // XDP_ATTACHED_*
  { id: 3, name: 'IFLA_XDP_FLAGS', type: 'u32' },    // XDP_FLAGS_*
  { id: 4, name: 'IFLA_XDP_PROG_ID', type: 'u32' },
  { id: 5, name: 'IFLA_XDP_DRV_PROG_ID', type: 'u32' },
  { id: 6, name: 'IFLA_XDP_SKB_PROG_ID', type: 'u32' },
  { id: 7, name: 'IFLA_XDP_HW_PROG_ID', type: 'u32' },
  { id: 8, name: 'IFLA_XDP_EXPECTED_FD', type: 's32' },
]);

/* IFLA_PROP_LIST: alternative names, each one IFLA_ALT_IFNAME (RTM_NEWLINKPROP/DELLINKPROP) */
export const propListAttrs = attrSet('prop-list-link-attrs', 'IFLA_', [
  { id: 53, name: 'IFLA_ALT_IFNAME', type: 'string', multi: true },
]);

/* IFLA_PROTO_DOWN_REASON */
export const protoDownReasonAttrs = attrSet('proto-down-reason-attrs', 'IFLA_PROTO_DOWN_REASON_', [
  { id: 1, name: 'IFLA_PROTO_DOWN_REASON_MASK', type: 'u32' },  // mask for reason bits
  { id: 2, name: 'IFLA_PROTO_DOWN_REASON_VALUE', type: 'u32' }, // reason bit value
]);

/* IFLA_DEVLINK_PORT: the devlink port handle (DEVLINK_ATTR_*, <linux/devlink.h>); empty for software links */
export const devlinkPortAttrs = attrSet('devlink-port-handle', 'DEVLINK_ATTR_', [
  { id: 1, name: 'DEVLINK_ATTR_BUS_NAME', type: 'string' },
  { id: 2, name: 'DEVLINK_ATTR_DEV_NAME', type: 'string' },
  { id: 3, name: 'DEVLINK_ATTR_PORT_INDEX', type: 'u32' },
]);

/* IFLA_DPLL_PIN: the DPLL pin feeding this link (<linux/dpll.h>); empty when none */
export const dpllPinAttrs = attrSet('link-dpll-pin-attrs', 'DPLL_A_PIN_', [
  { id: 1, name: 'DPLL_A_PIN_ID', type: 'u32' },
]);

/*
 * IFLA_VFINFO_LIST: SR-IOV virtual functions, one IFLA_VF_INFO nest each.
 * The VF_* payloads are fixed structs that start with the VF number; they
 * are kept as bytes here (no driver on these machines has VFs).
 */
export const vfInfoAttrs = attrSet('vfinfo-attrs', 'IFLA_VF_', [
  { id: 1, name: 'IFLA_VF_MAC', type: 'binary' },          // struct ifla_vf_mac
  { id: 2, name: 'IFLA_VF_VLAN', type: 'binary' },         // struct ifla_vf_vlan
  { id: 3, name: 'IFLA_VF_TX_RATE', type: 'binary' },      // struct ifla_vf_tx_rate
  { id: 4, name: 'IFLA_VF_SPOOFCHK', type: 'binary' },     // struct ifla_vf_spoofchk
  { id: 5, name: 'IFLA_VF_LINK_STATE', type: 'binary' },   // struct ifla_vf_link_state
  { id: 6, name: 'IFLA_VF_RATE', type: 'binary' },         // struct ifla_vf_rate
  { id: 7, name: 'IFLA_VF_RSS_QUERY_EN', type: 'binary' }, // struct ifla_vf_rss_query_en
  { id: 8, name: 'IFLA_VF_STATS', type: 'binary' },        // nest of IFLA_VF_STATS_* u64 counters
  { id: 9, name: 'IFLA_VF_TRUST', type: 'binary' },        // struct ifla_vf_trust
  { id: 10, name: 'IFLA_VF_IB_NODE_GUID', type: 'binary' }, // struct ifla_vf_guid
  { id: 11, name: 'IFLA_VF_IB_PORT_GUID', type: 'binary' }, // struct ifla_vf_guid
  { id: 12, name: 'IFLA_VF_VLAN_LIST', type: 'binary' },   // nest of IFLA_VF_VLAN_INFO (struct ifla_vf_vlan_info)
  { id: 13, name: 'IFLA_VF_BROADCAST', type: 'binary' },   // struct ifla_vf_broadcast
]);
export const vfInfoListAttrs = attrSet('vfinfo-list-attrs', 'IFLA_VF_INFO_', [
  { id: 1, name: 'IFLA_VF_INFO', type: 'nested', nested: vfInfoAttrs, multi: true },
]);

/* IFLA_VF_PORTS > IFLA_VF_PORT, and IFLA_PORT_SELF: 802.1Qbg/802.1Qbh port profiles */
export const portAttrs = attrSet('port-attrs', 'IFLA_PORT_', [
  { id: 1, name: 'IFLA_PORT_VF', type: 'u32' },
  { id: 2, name: 'IFLA_PORT_PROFILE', type: 'string' },
  { id: 3, name: 'IFLA_PORT_VSI_TYPE', type: 'binary' },      // struct ifla_port_vsi, 802.1Qbg (pre-)standard VDP
  { id: 4, name: 'IFLA_PORT_INSTANCE_UUID', type: 'binary' }, // binary UUID
  { id: 5, name: 'IFLA_PORT_HOST_UUID', type: 'binary' },     // binary UUID
  { id: 6, name: 'IFLA_PORT_REQUEST', type: 'u8' },           // PORT_REQUEST_*
  { id: 7, name: 'IFLA_PORT_RESPONSE', type: 'u16' },         // output only
]);
export const vfPortsAttrs = attrSet('vf-ports-attrs', 'IFLA_VF_PORT_', [
  { id: 1, name: 'IFLA_VF_PORT', type: 'nested', nested: portAttrs, multi: true },
]);

/** enum { IFLA_UNSPEC, IFLA_ADDRESS, ... }: every id of <linux/if_link.h>, and the newer ones 6.18 sends. */
export const linkAttrs = attrSet('link-attrs', 'IFLA_', [
  { id: 1, name: 'IFLA_ADDRESS', type: 'lladdr' },
  { id: 2, name: 'IFLA_BROADCAST', type: 'lladdr' },
  { id: 3, name: 'IFLA_IFNAME', type: 'string' },
  { id: 4, name: 'IFLA_MTU', type: 'u32' },
  { id: 5, name: 'IFLA_LINK', type: 'u32' },           // the lower link's ifindex (in IFLA_LINK_NETNSID when sent)
  { id: 6, name: 'IFLA_QDISC', type: 'string' },
  { id: 7, name: 'IFLA_STATS', type: 'struct', struct: rtnl_link_stats },
  { id: 8, name: 'IFLA_COST', type: 'binary' },        // unused by the kernel
  { id: 9, name: 'IFLA_PRIORITY', type: 'binary' },    // unused by the kernel
  { id: 10, name: 'IFLA_MASTER', type: 'u32' },        // the master's ifindex (bridge, bond); 0 to release
  { id: 11, name: 'IFLA_WIRELESS', type: 'binary' },   // Wireless Extension event - see wireless.h
  // Protocol specific information for a link: IFLA_INET6_* in AF_INET6
  // messages, IFLA_BRPORT_* in AF_BRIDGE ones; the set depends on ifi_family, so bytes here
  { id: 12, name: 'IFLA_PROTINFO', type: 'binary' },
  { id: 13, name: 'IFLA_TXQLEN', type: 'u32' },
  { id: 14, name: 'IFLA_MAP', type: 'struct', struct: rtnl_link_ifmap },
  { id: 15, name: 'IFLA_WEIGHT', type: 'u32' },
  { id: 16, name: 'IFLA_OPERSTATE', type: 'u8' },      // IF_OPER_*
  { id: 17, name: 'IFLA_LINKMODE', type: 'u8' },       // IF_LINK_MODE_*
  { id: 18, name: 'IFLA_LINKINFO', type: 'nested', nested: linkinfoAttrs },
  { id: 19, name: 'IFLA_NET_NS_PID', type: 'u32' },    // move to the network namespace of this process
  { id: 20, name: 'IFLA_IFALIAS', type: 'string' },
  { id: 21, name: 'IFLA_NUM_VF', type: 'u32' },        // Number of VFs if device is SR-IOV PF
  { id: 22, name: 'IFLA_VFINFO_LIST', type: 'nested', nested: vfInfoListAttrs },
  { id: 23, name: 'IFLA_STATS64', type: 'struct', struct: rtnl_link_stats64 },
  { id: 24, name: 'IFLA_VF_PORTS', type: 'nested', nested: vfPortsAttrs },
  { id: 25, name: 'IFLA_PORT_SELF', type: 'nested', nested: portAttrs },
  { id: 26, name: 'IFLA_AF_SPEC', type: 'nested', nested: afSpecAttrs },
  { id: 27, name: 'IFLA_GROUP', type: 'u32' },         // Group the device belongs to
  { id: 28, name: 'IFLA_NET_NS_FD', type: 'u32' },     // move to the network namespace this fd refers to
  { id: 29, name: 'IFLA_EXT_MASK', type: 'u32' },      // Extended info mask, VFs, etc: RTEXT_FILTER_*
  { id: 30, name: 'IFLA_PROMISCUITY', type: 'u32' },   // Promiscuity count: > 0 means acts PROMISC
  { id: 31, name: 'IFLA_NUM_TX_QUEUES', type: 'u32' },
  { id: 32, name: 'IFLA_NUM_RX_QUEUES', type: 'u32' },
  { id: 33, name: 'IFLA_CARRIER', type: 'u8' },
  { id: 34, name: 'IFLA_PHYS_PORT_ID', type: 'binary' },
  { id: 35, name: 'IFLA_CARRIER_CHANGES', type: 'u32' },
  { id: 36, name: 'IFLA_PHYS_SWITCH_ID', type: 'binary' },
  { id: 37, name: 'IFLA_LINK_NETNSID', type: 's32' },  // the namespace (by nsid) where IFLA_LINK lives: a veth's peer
  { id: 38, name: 'IFLA_PHYS_PORT_NAME', type: 'string' },
  { id: 39, name: 'IFLA_PROTO_DOWN', type: 'u8' },
  { id: 40, name: 'IFLA_GSO_MAX_SEGS', type: 'u32' },
  { id: 41, name: 'IFLA_GSO_MAX_SIZE', type: 'u32' },
  { id: 42, name: 'IFLA_PAD', type: 'binary' },        // aligns 64-bit payloads on architectures that need it
  { id: 43, name: 'IFLA_XDP', type: 'nested', nested: xdpAttrs },
  { id: 44, name: 'IFLA_EVENT', type: 'u32' },         // IFLA_EVENT_* in notifications
  { id: 45, name: 'IFLA_NEW_NETNSID', type: 's32' },
  { id: 46, name: 'IFLA_TARGET_NETNSID', type: 's32' }, // alias of IFLA_IF_NETNSID: act on the namespace with this nsid
  { id: 47, name: 'IFLA_CARRIER_UP_COUNT', type: 'u32' },
  { id: 48, name: 'IFLA_CARRIER_DOWN_COUNT', type: 'u32' },
  { id: 49, name: 'IFLA_NEW_IFINDEX', type: 's32' },
  { id: 50, name: 'IFLA_MIN_MTU', type: 'u32' },
  { id: 51, name: 'IFLA_MAX_MTU', type: 'u32' },
  { id: 52, name: 'IFLA_PROP_LIST', type: 'nested', nested: propListAttrs, flags: NLA_F_NESTED },
  { id: 53, name: 'IFLA_ALT_IFNAME', type: 'string' },  // Alternative ifname (a lookup key in requests)
  { id: 54, name: 'IFLA_PERM_ADDRESS', type: 'lladdr' },
  { id: 55, name: 'IFLA_PROTO_DOWN_REASON', type: 'nested', nested: protoDownReasonAttrs, flags: NLA_F_NESTED },
  // device (sysfs) name as parent, used instead of IFLA_LINK where there's no parent netdev
  { id: 56, name: 'IFLA_PARENT_DEV_NAME', type: 'string' },
  { id: 57, name: 'IFLA_PARENT_DEV_BUS_NAME', type: 'string' },
  { id: 58, name: 'IFLA_GRO_MAX_SIZE', type: 'u32' },
  { id: 59, name: 'IFLA_TSO_MAX_SIZE', type: 'u32' },
  { id: 60, name: 'IFLA_TSO_MAX_SEGS', type: 'u32' },
  { id: 61, name: 'IFLA_ALLMULTI', type: 'u32' },      // Allmulti count: > 0 means acts ALLMULTI
  // newer than the 6.1 headers (rt-link.yaml):
  { id: 62, name: 'IFLA_DEVLINK_PORT', type: 'nested', nested: devlinkPortAttrs, flags: NLA_F_NESTED },
  { id: 63, name: 'IFLA_GSO_IPV4_MAX_SIZE', type: 'u32' },
  { id: 64, name: 'IFLA_GRO_IPV4_MAX_SIZE', type: 'u32' },
  { id: 65, name: 'IFLA_DPLL_PIN', type: 'nested', nested: dpllPinAttrs, flags: NLA_F_NESTED },
  { id: 66, name: 'IFLA_MAX_PACING_OFFLOAD_HORIZON', type: 'uint' }, // EDT offload horizon supported by the device (in nsec)
  { id: 67, name: 'IFLA_NETNS_IMMUTABLE', type: 'u8' }, // 1: the link cannot change namespace
  { id: 68, name: 'IFLA_HEADROOM', type: 'u16' },
  { id: 69, name: 'IFLA_TAILROOM', type: 'u16' },
]);

/** ifinfomsg + IFLA_* */
export const link: MessageFamily = { name: 'ifinfomsg', header: ifinfomsg, attrs: linkAttrs };

/** A decoded link message. */
export type LinkMessage = Body<IfInfoMsg>;
