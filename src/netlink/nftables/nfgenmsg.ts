// struct nfgenmsg: the fixed header of every nfnetlink message.
// <linux/netfilter/nfnetlink.h>
//
// For nf_tables messages nfgen_family is the table's family (NFPROTO_IPV4
// for `table ip filter`) and res_id is 0. For the batch delimiters the
// family is NFPROTO_UNSPEC and res_id names the subsystem the batch is for
// (NFNL_SUBSYS_NFTABLES), big-endian like everything the kernel calls __be.

import { defineStruct, struct, u8, u16be } from '../struct.js';

/*
 * struct nfgenmsg {
 *         __u8    nfgen_family;   // AF_xxx
 *         __u8    version;        // nfnetlink version (NFNETLINK_V0)
 *         __be16  res_id;         // resource id
 * };
 */
export interface NfGenMsg {
  nfgen_family: number;
  version: number;
  res_id: number;
}
export const nfgenmsg = defineStruct<NfGenMsg>('nfgenmsg', struct([
  u8('nfgen_family'), u8('version'), u16be('res_id'),
]));
