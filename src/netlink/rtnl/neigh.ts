// Neighbours (ARP, NDP, bridge FDB): RTM_NEWNEIGH, RTM_DELNEIGH,
// RTM_GETNEIGH. <linux/neighbour.h>
//
// A message is struct ndmsg followed by NDA_* attributes. For IP neighbours
// NDA_DST is the IP address and NDA_LLADDR the link-layer address it
// resolves to; ndm_state holds one NUD_* state.
// Kernel spec: Documentation/netlink/specs/rt-neigh.yaml.

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, s32, struct, u8, u16, u32 } from '../struct.js';

/*
 * struct ndmsg {
 *         __u8            ndm_family;
 *         __u8            ndm_pad1;
 *         __u16           ndm_pad2;
 *         __s32           ndm_ifindex;
 *         __u16           ndm_state;      // NUD_*
 *         __u8            ndm_flags;      // NTF_*
 *         __u8            ndm_type;       // RTN_*
 * };
 */
export interface NdMsg {
  ndm_family: number;
  ndm_ifindex: number;
  ndm_state: number;
  ndm_flags: number;
  ndm_type: number;
}
export const ndmsg = defineStruct<NdMsg>('ndmsg', struct([
  u8('ndm_family'), u8(), u16(), s32('ndm_ifindex'), u16('ndm_state'), u8('ndm_flags'), u8('ndm_type'),
]));

/*
 * struct nda_cacheinfo {
 *         __u32           ndm_confirmed;  // ages, in clock ticks (USER_HZ)
 *         __u32           ndm_used;
 *         __u32           ndm_updated;
 *         __u32           ndm_refcnt;
 * };
 */
export interface NdaCacheinfo {
  ndm_confirmed: number;
  ndm_used: number;
  ndm_updated: number;
  ndm_refcnt: number;
}
export const nda_cacheinfo = defineStruct<NdaCacheinfo>('nda_cacheinfo', struct([
  u32('ndm_confirmed'), u32('ndm_used'), u32('ndm_updated'), u32('ndm_refcnt'),
]));

/* Neighbor Cache Entry States (ndm_state) */
export const NUD = {
  NUD_NONE: 0x00,
  NUD_INCOMPLETE: 0x01,
  NUD_REACHABLE: 0x02,
  NUD_STALE: 0x04,
  NUD_DELAY: 0x08,
  NUD_PROBE: 0x10,
  NUD_FAILED: 0x20,
  // pseudostates: they never change and make no address resolution
  NUD_NOARP: 0x40,
  NUD_PERMANENT: 0x80,
} as const;

/* Neighbor Cache Entry Flags (ndm_flags) */
export const NTF = {
  NTF_USE: 1 << 0,
  NTF_SELF: 1 << 1,
  NTF_MASTER: 1 << 2,
  NTF_PROXY: 1 << 3, // == ATF_PUBL
  NTF_EXT_LEARNED: 1 << 4,
  NTF_OFFLOADED: 1 << 5,
  NTF_STICKY: 1 << 6,
  NTF_ROUTER: 1 << 7,
} as const;

/* Extended flags, in NDA_FLAGS_EXT */
export const NTF_EXT = {
  NTF_EXT_MANAGED: 1 << 0,
  NTF_EXT_LOCKED: 1 << 1,
  NTF_EXT_EXT_VALIDATED: 1 << 2,
} as const;

/* NFEA_ACTIVITY_NOTIFY bits */
export const FDB_NOTIFY_BIT = 1 << 0;
export const FDB_NOTIFY_INACTIVE_BIT = 1 << 1;

/** enum { NFEA_UNSPEC, ... }: embedded into NDA_FDB_EXT_ATTRS (bridge FDB entries) */
export const fdbExtAttrs = attrSet('fdb-ext-attrs', 'NFEA_', [
  { id: 1, name: 'NFEA_ACTIVITY_NOTIFY', type: 'u8' },
  { id: 2, name: 'NFEA_DONT_REFRESH', type: 'flag' },
]);

/** enum { NDA_UNSPEC, NDA_DST, ... } */
export const neighAttrs = attrSet('neighbour-attrs', 'NDA_', [
  { id: 1, name: 'NDA_DST', type: 'ipaddr' },
  { id: 2, name: 'NDA_LLADDR', type: 'lladdr' },
  { id: 3, name: 'NDA_CACHEINFO', type: 'struct', struct: nda_cacheinfo },
  { id: 4, name: 'NDA_PROBES', type: 'u32' },
  { id: 5, name: 'NDA_VLAN', type: 'u16' },
  { id: 6, name: 'NDA_PORT', type: 'be16' },        // VXLAN UDP port, network byte order
  { id: 7, name: 'NDA_VNI', type: 'u32' },
  { id: 8, name: 'NDA_IFINDEX', type: 'u32' },
  { id: 9, name: 'NDA_MASTER', type: 'u32' },
  { id: 10, name: 'NDA_LINK_NETNSID', type: 's32' },
  { id: 11, name: 'NDA_SRC_VNI', type: 'u32' },
  { id: 12, name: 'NDA_PROTOCOL', type: 'u8' },     // originator of the entry, RTPROT_*
  { id: 13, name: 'NDA_NH_ID', type: 'u32' },
  { id: 14, name: 'NDA_FDB_EXT_ATTRS', type: 'nested', nested: fdbExtAttrs, flags: NLA_F_NESTED },
  { id: 15, name: 'NDA_FLAGS_EXT', type: 'u32' },   // NTF_EXT_*
  { id: 16, name: 'NDA_NDM_STATE_MASK', type: 'u16' },
  { id: 17, name: 'NDA_NDM_FLAGS_MASK', type: 'u8' },
]);

/** ndmsg + NDA_* */
export const neigh: MessageFamily = { name: 'ndmsg', header: ndmsg, attrs: neighAttrs };

/** A decoded neighbour message. */
export type NeighMessage = Body<NdMsg>;
