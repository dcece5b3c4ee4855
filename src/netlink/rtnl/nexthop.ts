// Nexthop objects: RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP, and the
// buckets of resilient groups: RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET,
// RTM_GETNEXTHOPBUCKET. <linux/nexthop.h>
//
// Both kinds of message are struct nhmsg followed by NHA_* attributes. A
// nexthop is either one hop (NHA_OIF, NHA_GATEWAY, NHA_ENCAP; or
// NHA_BLACKHOLE) or a group of other nexthops (NHA_GROUP, an array of
// struct nexthop_grp, and NHA_GROUP_TYPE); a resilient group adds
// NHA_RES_GROUP. A bucket message names its group by NHA_ID and holds one
// bucket in NHA_RES_BUCKET. Routes use a nexthop by RTA_NH_ID.
//
//   [NHA_ID]          11
//   [NHA_GROUP_TYPE]  NEXTHOP_GRP_TYPE_RES
//   [NHA_GROUP]       { id 1, weight 0 } { id 2, weight 0 }   (weight - 1)
//   [NHA_RES_GROUP]   NHA_RES_GROUP_* (NLA_F_NESTED)
//       [NHA_RES_GROUP_BUCKETS]     8
//       [NHA_RES_GROUP_IDLE_TIMER]  6000 (clock_t: 1/100 s)
//
// The nests carry NLA_F_NESTED both ways: the kernel parses nexthop
// requests strictly (nlmsg_parse) and its policies declare NHA_ENCAP,
// NHA_RES_GROUP and NHA_RES_BUCKET NLA_NESTED, so it refuses them without
// the flag (net/ipv4/nexthop.c, rtm_nh_policy_new and
// rtm_nh_policy_dump_bucket); it sets the flag itself on what it sends.
//
// NHA_ENCAP's set depends on NHA_ENCAP_TYPE (LWTUNNEL_ENCAP_*,
// <linux/lwtunnel.h>); tsip has no lwtunnel tables (route.ts keeps
// RTA_ENCAP as bytes too), so it is kept as bytes. The 6.1 uapi header in
// /usr/include ends at NHA_RES_BUCKET (13); NHA_OP_FLAGS .. NHA_HW_STATS_USED
// and the NHA_GROUP_STATS_* sets are named after the 6.18 header.

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, struct, u8, u16, u32 } from '../struct.js';

/*
 * struct nhmsg {
 *         unsigned char   nh_family;
 *         unsigned char   nh_scope;     // return only
 *         unsigned char   nh_protocol;  // Routing protocol that installed nh
 *         unsigned char   resvd;
 *         unsigned int    nh_flags;     // RTNH_F flags
 * };
 */
export interface NhMsg {
  nh_family: number;
  nh_scope: number;
  nh_protocol: number;
  nh_flags: number;
}
export const nhmsg = defineStruct<NhMsg>('nhmsg', struct([
  u8('nh_family'), u8('nh_scope'), u8('nh_protocol'), u8(), u32('nh_flags'),
]));

/*
 * struct nexthop_grp {             // entry in a nexthop group
 *         __u32   id;              // nexthop id - must exist
 *         __u8    weight;          // weight of this nexthop, less one: 0 is weight 1
 *         __u8    weight_high;     // bits 8..15 of it (6.12; resvd1 before)
 *         __u16   resvd2;          // must be 0
 * };
 *
 * The weight is (weight_high << 8 | weight) + 1.
 */
export interface NexthopGrp {
  id: number;
  weight: number;
  weight_high: number;
}
export const nexthop_grp = defineStruct<NexthopGrp>('nexthop_grp', struct([
  u32('id'), u8('weight'), u8('weight_high'), u16(),
]));

/** NHA_GROUP_TYPE: enum { NEXTHOP_GRP_TYPE_MPATH, ... } */
export const NEXTHOP_GRP_TYPE = {
  NEXTHOP_GRP_TYPE_MPATH: 0, // hash-threshold nexthop group; the default
  NEXTHOP_GRP_TYPE_RES: 1,   // resilient nexthop group
} as const;

/* NHA_OP_FLAGS bits */
export const NHA_OP_FLAG = {
  NHA_OP_FLAG_DUMP_STATS: 1 << 0,            // request: add NHA_GROUP_STATS
  NHA_OP_FLAG_DUMP_HW_STATS: 1 << 1,         // request: and the hardware counters
  NHA_OP_FLAG_RESP_GRP_RESVD_0: 2 ** 31,     // reply: the kernel clears nexthop_grp's reserved fields (weight_high reads true)
} as const;

/** enum { NHA_RES_GROUP_UNSPEC, ... }: the parameters of a resilient group */
export const resGroupAttrs = attrSet('nexthop-resilient-attrs', 'NHA_RES_GROUP_', [
  { id: 0, name: 'NHA_RES_GROUP_PAD', type: 'binary' },            // aligns the u64 when needed
  { id: 1, name: 'NHA_RES_GROUP_BUCKETS', type: 'u16' },
  { id: 2, name: 'NHA_RES_GROUP_IDLE_TIMER', type: 'u32' },        // clock_t
  { id: 3, name: 'NHA_RES_GROUP_UNBALANCED_TIMER', type: 'u32' },  // clock_t
  { id: 4, name: 'NHA_RES_GROUP_UNBALANCED_TIME', type: 'u64' },   // clock_t
]);

/** enum { NHA_RES_BUCKET_UNSPEC, ... }: one bucket of a resilient group */
export const resBucketAttrs = attrSet('nexthop-bucket-attrs', 'NHA_RES_BUCKET_', [
  { id: 0, name: 'NHA_RES_BUCKET_PAD', type: 'binary' },
  { id: 1, name: 'NHA_RES_BUCKET_INDEX', type: 'u16' },
  { id: 2, name: 'NHA_RES_BUCKET_IDLE_TIME', type: 'u64' },        // clock_t
  { id: 3, name: 'NHA_RES_BUCKET_NH_ID', type: 'u32' },
]);

/** enum { NHA_GROUP_STATS_ENTRY_UNSPEC, ... }: one member's counters */
export const groupStatsEntryAttrs = attrSet('nexthop-grp-stats-entry-attrs', 'NHA_GROUP_STATS_ENTRY_', [
  { id: 1, name: 'NHA_GROUP_STATS_ENTRY_ID', type: 'u32' },
  { id: 2, name: 'NHA_GROUP_STATS_ENTRY_PACKETS', type: 'uint' },
  { id: 3, name: 'NHA_GROUP_STATS_ENTRY_PACKETS_HW', type: 'uint' },
]);

/** enum { NHA_GROUP_STATS_UNSPEC, NHA_GROUP_STATS_ENTRY }: one entry per group member */
export const groupStatsAttrs = attrSet('nexthop-grp-stats-attrs', 'NHA_GROUP_STATS_', [
  { id: 1, name: 'NHA_GROUP_STATS_ENTRY', type: 'nested', nested: groupStatsEntryAttrs, multi: true, flags: NLA_F_NESTED },
]);

/** enum { NHA_UNSPEC, NHA_ID, ... } */
export const nexthopAttrs = attrSet('nexthop-attrs', 'NHA_', [
  { id: 1, name: 'NHA_ID', type: 'u32' },                 // 0 in a request: the kernel picks one
  { id: 2, name: 'NHA_GROUP', type: 'array', struct: nexthop_grp },
  { id: 3, name: 'NHA_GROUP_TYPE', type: 'u16' },         // NEXTHOP_GRP_TYPE_*
  { id: 4, name: 'NHA_BLACKHOLE', type: 'flag' },
  { id: 5, name: 'NHA_OIF', type: 'u32' },                // also a dump filter
  { id: 6, name: 'NHA_GATEWAY', type: 'ipaddr' },
  { id: 7, name: 'NHA_ENCAP_TYPE', type: 'u16' },         // LWTUNNEL_ENCAP_*
  { id: 8, name: 'NHA_ENCAP', type: 'binary', flags: NLA_F_NESTED }, // lwtunnel attributes of NHA_ENCAP_TYPE's set, kept as bytes
  { id: 9, name: 'NHA_GROUPS', type: 'flag' },            // dump filter: groups only
  { id: 10, name: 'NHA_MASTER', type: 'u32' },            // dump filter: nexthops whose device has this master
  { id: 11, name: 'NHA_FDB', type: 'flag' },              // a bridge FDB nexthop (also a dump filter)
  { id: 12, name: 'NHA_RES_GROUP', type: 'nested', nested: resGroupAttrs, flags: NLA_F_NESTED },
  { id: 13, name: 'NHA_RES_BUCKET', type: 'nested', nested: resBucketAttrs, flags: NLA_F_NESTED },
  { id: 14, name: 'NHA_OP_FLAGS', type: 'u32' },          // NHA_OP_FLAG_*
  { id: 15, name: 'NHA_GROUP_STATS', type: 'nested', nested: groupStatsAttrs, flags: NLA_F_NESTED },
  { id: 16, name: 'NHA_HW_STATS_ENABLE', type: 'u32' },   // 0 or 1
  { id: 17, name: 'NHA_HW_STATS_USED', type: 'u32' },     // reply: some driver collects hardware counters
]);

/** nhmsg + NHA_*: the body of nexthop and of nexthop bucket messages */
export const nexthop: MessageFamily = { name: 'nhmsg', header: nhmsg, attrs: nexthopAttrs };

/** A decoded nexthop or nexthop bucket message. */
export type NexthopMessage = Body<NhMsg>;
