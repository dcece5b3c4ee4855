// Per-device IP configuration: RTM_NEWNETCONF, RTM_DELNETCONF,
// RTM_GETNETCONF. <linux/netconf.h>
//
// The kernel's view of a few sysctls of net.ipv4.conf.DEV.* and
// net.ipv6.conf.DEV.* (forwarding, rp_filter, proxy_arp/proxy_ndp, ...),
// one message per device and address family, plus "all" and "default"
// (NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT). A dump carries every
// attribute the family knows; a notification (RTNLGRP_IPV4_NETCONF,
// RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_NETCONF) carries NETCONFA_IFINDEX and
// the one that changed. Values are the sysctl's, as s32 (rp_filter: 0 off,
// 1 strict, 2 loose).
//
// A message is struct netconfmsg (one byte) followed by NETCONFA_*
// attributes, which start at NLMSG_ALIGN(1) = 4: three bytes of padding
// follow the header, which decodeBody/encodeBody already account for.
// NETCONFA_FORCE_FORWARDING (IPv6, 6.17) is newer than the 6.1 header in
// /usr/include; it is named after the 6.18 one.

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, struct, u8 } from '../struct.js';

/*
 * struct netconfmsg {
 *         __u8    ncm_family;
 * };
 */
export interface NetconfMsg {
  ncm_family: number;
}
export const netconfmsg = defineStruct<NetconfMsg>('netconfmsg', struct([u8('ncm_family')]));

/** NETCONFA_IFINDEX of net.*.conf.all */
export const NETCONFA_IFINDEX_ALL = -1;
/** NETCONFA_IFINDEX of net.*.conf.default */
export const NETCONFA_IFINDEX_DEFAULT = -2;

/** enum { NETCONFA_UNSPEC, NETCONFA_IFINDEX, ... } */
export const netconfAttrs = attrSet('netconf-attrs', 'NETCONFA_', [
  { id: 1, name: 'NETCONFA_IFINDEX', type: 's32' },     // an ifindex, or NETCONFA_IFINDEX_ALL / _DEFAULT
  { id: 2, name: 'NETCONFA_FORWARDING', type: 's32' },
  { id: 3, name: 'NETCONFA_RP_FILTER', type: 's32' },
  { id: 4, name: 'NETCONFA_MC_FORWARDING', type: 's32' },
  { id: 5, name: 'NETCONFA_PROXY_NEIGH', type: 's32' }, // proxy_arp (IPv4), proxy_ndp (IPv6)
  { id: 6, name: 'NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN', type: 's32' },
  { id: 7, name: 'NETCONFA_INPUT', type: 's32' },       // MPLS: net.mpls.conf.DEV.input
  { id: 8, name: 'NETCONFA_BC_FORWARDING', type: 's32' },
  { id: 9, name: 'NETCONFA_FORCE_FORWARDING', type: 's32' },
]);

/** netconfmsg + NETCONFA_* */
export const netconf: MessageFamily = { name: 'netconfmsg', header: netconfmsg, attrs: netconfAttrs };

/** A decoded netconf message. */
export type NetconfMessage = Body<NetconfMsg>;
