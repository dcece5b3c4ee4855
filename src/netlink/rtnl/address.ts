// Addresses: RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR. <linux/if_addr.h>
//
// A message is struct ifaddrmsg followed by IFA_* attributes. For IPv4,
// IFA_LOCAL is the interface's own address and IFA_ADDRESS the prefix (or,
// on point-to-point links, the peer's) address: both are sent on add.
// Kernel spec: Documentation/netlink/specs/rt-addr.yaml.

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, struct, u8, u32 } from '../struct.js';

/*
 * struct ifaddrmsg {
 *         __u8            ifa_family;
 *         __u8            ifa_prefixlen;  // The prefix length
 *         __u8            ifa_flags;      // Flags
 *         __u8            ifa_scope;      // Address scope
 *         __u32           ifa_index;      // Link index
 * };
 */
export interface IfAddrMsg {
  ifa_family: number;
  ifa_prefixlen: number;
  ifa_flags: number;
  ifa_scope: number;
  ifa_index: number;
}
export const ifaddrmsg = defineStruct<IfAddrMsg>('ifaddrmsg', struct([
  u8('ifa_family'), u8('ifa_prefixlen'), u8('ifa_flags'), u8('ifa_scope'), u32('ifa_index'),
]));

/*
 * struct ifa_cacheinfo {
 *         __u32   ifa_prefered;
 *         __u32   ifa_valid;
 *         __u32   cstamp; // created timestamp, hundredths of seconds
 *         __u32   tstamp; // updated timestamp, hundredths of seconds
 * };
 */
export interface IfaCacheinfo {
  ifa_prefered: number;
  ifa_valid: number;
  cstamp: number;
  tstamp: number;
}
export const ifa_cacheinfo = defineStruct<IfaCacheinfo>('ifa_cacheinfo', struct([
  u32('ifa_prefered'), u32('ifa_valid'), u32('cstamp'), u32('tstamp'),
]));

/** INFINITY_LIFE_TIME: a lifetime of "forever". */
export const INFINITY_LIFE_TIME = 0xffffffff;

/* ifa_flags / IFA_FLAGS bits */
export const IFA_F = {
  IFA_F_SECONDARY: 0x01, IFA_F_NODAD: 0x02, IFA_F_OPTIMISTIC: 0x04, IFA_F_DADFAILED: 0x08,
  IFA_F_HOMEADDRESS: 0x10, IFA_F_DEPRECATED: 0x20, IFA_F_TENTATIVE: 0x40, IFA_F_PERMANENT: 0x80,
  IFA_F_MANAGETEMPADDR: 0x100, IFA_F_NOPREFIXROUTE: 0x200, IFA_F_MCAUTOJOIN: 0x400, IFA_F_STABLE_PRIVACY: 0x800,
} as const;

/* IFA_PROTO values */
export const IFAPROT = { IFAPROT_UNSPEC: 0, IFAPROT_KERNEL_LO: 1, IFAPROT_KERNEL_RA: 2, IFAPROT_KERNEL_LL: 3 } as const;

/** enum { IFA_UNSPEC, IFA_ADDRESS, ... } */
export const addressAttrs = attrSet('addr-attrs', 'IFA_', [
  { id: 1, name: 'IFA_ADDRESS', type: 'ipaddr' },
  { id: 2, name: 'IFA_LOCAL', type: 'ipaddr' },
  { id: 3, name: 'IFA_LABEL', type: 'string' },
  { id: 4, name: 'IFA_BROADCAST', type: 'ipaddr' },
  { id: 5, name: 'IFA_ANYCAST', type: 'ipaddr' },
  { id: 6, name: 'IFA_CACHEINFO', type: 'struct', struct: ifa_cacheinfo },
  { id: 7, name: 'IFA_MULTICAST', type: 'ipaddr' },
  { id: 8, name: 'IFA_FLAGS', type: 'u32' },
  { id: 9, name: 'IFA_RT_PRIORITY', type: 'u32' },
  { id: 10, name: 'IFA_TARGET_NETNSID', type: 's32' },
  { id: 11, name: 'IFA_PROTO', type: 'u8' },
]);

/** ifaddrmsg + IFA_* */
export const address: MessageFamily = { name: 'ifaddrmsg', header: ifaddrmsg, attrs: addressAttrs };

/** A decoded address message. */
export type AddressMessage = Body<IfAddrMsg>;
