// Tables: NFT_MSG_NEWTABLE, NFT_MSG_GETTABLE, NFT_MSG_DELTABLE.
// <linux/netfilter/nf_tables.h>
//
// A table is a family (nfgenmsg.nfgen_family) and a name: iptables-nft keeps
// its filter table as `table ip filter`, i.e. NFPROTO_IPV4 + "filter".

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { nfgenmsg, type NfGenMsg } from './nfgenmsg.js';

/** enum nft_table_flags (NFTA_TABLE_FLAGS) */
export const NFT_TABLE_F_DORMANT = 0x1;
export const NFT_TABLE_F_OWNER = 0x2;

/** enum nft_table_attributes */
export const tableAttrs = attrSet('table-attrs', 'NFTA_TABLE_', [
  { id: 1, name: 'NFTA_TABLE_NAME', type: 'string' },
  { id: 2, name: 'NFTA_TABLE_FLAGS', type: 'be32' },
  { id: 3, name: 'NFTA_TABLE_USE', type: 'be32' },
  { id: 4, name: 'NFTA_TABLE_HANDLE', type: 'be64' },
  { id: 5, name: 'NFTA_TABLE_PAD', type: 'binary' },
  { id: 6, name: 'NFTA_TABLE_USERDATA', type: 'binary' },
  { id: 7, name: 'NFTA_TABLE_OWNER', type: 'be32' },
]);

/** nfgenmsg + NFTA_TABLE_* */
export const table: MessageFamily = { name: 'nfgenmsg', header: nfgenmsg, attrs: tableAttrs };

export type TableMessage = Body<NfGenMsg>;
