// vxlan: IFLA_INFO_DATA of kind "vxlan". <linux/if_link.h>
//
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]  "vxlan"
//       [IFLA_INFO_DATA]
//           [IFLA_VXLAN_ID]     u32, the VNI
//           [IFLA_VXLAN_GROUP]  4 bytes (remote or multicast group)
//           [IFLA_VXLAN_PORT]   be16
//           ...                 enum { IFLA_VXLAN_UNSPEC, IFLA_VXLAN_ID, ... }
//
// Mind the byte orders: IFLA_VXLAN_PORT and the two ends of
// IFLA_VXLAN_PORT_RANGE are UDP ports in network order (be16), IFLA_VXLAN_LABEL
// is a be32 flow label; IFLA_VXLAN_GROUP/LOCAL hold an IPv4 address (4
// bytes), IFLA_VXLAN_GROUP6/LOCAL6 an IPv6 one.

import { DecodeError } from '../../errors.js';
import { attrSet, type CustomCodec } from '../../schema.js';
import { defineStruct, struct, u16be } from '../../struct.js';

/*
 * struct ifla_vxlan_port_range {      // source ports, network order
 *         __be16  low;
 *         __be16  high;
 * };
 */
export interface IflaVxlanPortRange { low: number; high: number }
export const ifla_vxlan_port_range = defineStruct<IflaVxlanPortRange>('ifla_vxlan_port_range', struct([
  u16be('low'), u16be('high'),
]));

/* IFLA_VXLAN_DF: enum ifla_vxlan_df */
export const VXLAN_DF = { VXLAN_DF_UNSET: 0, VXLAN_DF_SET: 1, VXLAN_DF_INHERIT: 2 } as const;

/* IFLA_VXLAN_LABEL_POLICY: enum ifla_vxlan_label_policy */
export const VXLAN_LABEL = { VXLAN_LABEL_FIXED: 0, VXLAN_LABEL_INHERIT: 1 } as const;

/*
 * IFLA_VXLAN_TTL_INHERIT is a flag in requests (the kernel's policy is
 * NLA_FLAG; iproute2 sends it empty) but a u8 in the kernel's replies
 * (vxlan_fill_info puts 0 or 1). Empty decodes to true, one byte to its
 * value; each encodes back to the form it came in.
 */
const flagOrU8: CustomCodec = {
  decode(p, path) {
    if (p.length === 0) return true;
    if (p.length === 1) return p[0];
    throw new DecodeError(path, `flag or u8 needs 0 or 1 byte, got ${p.length}`);
  },
  encode(value, w) {
    if (value === true) return;
    w.bytes(Buffer.of(Number(value)));
  },
};

/** enum { IFLA_VXLAN_UNSPEC, IFLA_VXLAN_ID, ... } */
export const vxlanAttrs = attrSet('linkinfo-vxlan-attrs', 'IFLA_VXLAN_', [
  { id: 1, name: 'IFLA_VXLAN_ID', type: 'u32' },              // the VNI
  { id: 2, name: 'IFLA_VXLAN_GROUP', type: 'ipaddr' },        // group or remote address
  { id: 3, name: 'IFLA_VXLAN_LINK', type: 'u32' },            // ifindex of the underlay link
  { id: 4, name: 'IFLA_VXLAN_LOCAL', type: 'ipaddr' },
  { id: 5, name: 'IFLA_VXLAN_TTL', type: 'u8' },
  { id: 6, name: 'IFLA_VXLAN_TOS', type: 'u8' },
  { id: 7, name: 'IFLA_VXLAN_LEARNING', type: 'u8' },
  { id: 8, name: 'IFLA_VXLAN_AGEING', type: 'u32' },          // seconds
  { id: 9, name: 'IFLA_VXLAN_LIMIT', type: 'u32' },           // max FDB entries, 0 for none
  { id: 10, name: 'IFLA_VXLAN_PORT_RANGE', type: 'struct', struct: ifla_vxlan_port_range }, // source port
  { id: 11, name: 'IFLA_VXLAN_PROXY', type: 'u8' },
  { id: 12, name: 'IFLA_VXLAN_RSC', type: 'u8' },
  { id: 13, name: 'IFLA_VXLAN_L2MISS', type: 'u8' },
  { id: 14, name: 'IFLA_VXLAN_L3MISS', type: 'u8' },
  { id: 15, name: 'IFLA_VXLAN_PORT', type: 'be16' },          // destination port
  { id: 16, name: 'IFLA_VXLAN_GROUP6', type: 'ipaddr' },
  { id: 17, name: 'IFLA_VXLAN_LOCAL6', type: 'ipaddr' },
  { id: 18, name: 'IFLA_VXLAN_UDP_CSUM', type: 'u8' },
  { id: 19, name: 'IFLA_VXLAN_UDP_ZERO_CSUM6_TX', type: 'u8' },
  { id: 20, name: 'IFLA_VXLAN_UDP_ZERO_CSUM6_RX', type: 'u8' },
  { id: 21, name: 'IFLA_VXLAN_REMCSUM_TX', type: 'u8' },
  { id: 22, name: 'IFLA_VXLAN_REMCSUM_RX', type: 'u8' },
  { id: 23, name: 'IFLA_VXLAN_GBP', type: 'flag' },
  { id: 24, name: 'IFLA_VXLAN_REMCSUM_NOPARTIAL', type: 'flag' },
  { id: 25, name: 'IFLA_VXLAN_COLLECT_METADATA', type: 'u8' },
  { id: 26, name: 'IFLA_VXLAN_LABEL', type: 'be32' },         // IPv6 flow label
  { id: 27, name: 'IFLA_VXLAN_GPE', type: 'flag' },
  { id: 28, name: 'IFLA_VXLAN_TTL_INHERIT', type: 'custom', codec: flagOrU8 },
  { id: 29, name: 'IFLA_VXLAN_DF', type: 'u8' },              // VXLAN_DF_*
  { id: 30, name: 'IFLA_VXLAN_VNIFILTER', type: 'u8' },       // only applicable with COLLECT_METADATA mode
  // newer than the 6.1 headers:
  { id: 31, name: 'IFLA_VXLAN_LOCALBYPASS', type: 'u8' },
  { id: 32, name: 'IFLA_VXLAN_LABEL_POLICY', type: 'u32' },   // IPv6 flow label policy: VXLAN_LABEL_*
  { id: 33, name: 'IFLA_VXLAN_RESERVED_BITS', type: 'binary' }, // struct vxlanhdr (8 bytes): header bits allowed to be set
  { id: 34, name: 'IFLA_VXLAN_MC_ROUTE', type: 'u8' },
]);
