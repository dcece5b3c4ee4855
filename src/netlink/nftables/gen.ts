// The ruleset generation: NFT_MSG_GETGEN, answered by NFT_MSG_NEWGEN.
// <linux/netfilter/nf_tables.h>
//
// Every committed transaction bumps the generation id. A client that reads
// the ruleset, decides, and writes can pass the id it read in BATCH_BEGIN
// (NFNL_BATCH_GENID): the kernel then refuses the batch with ERESTART if
// anyone committed in between, instead of applying a decision made on
// stale data. iptables-nft does exactly this.

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { nfgenmsg, type NfGenMsg } from './nfgenmsg.js';

/** enum nft_gen_attributes */
export const genAttrs = attrSet('gen-attrs', 'NFTA_GEN_', [
  { id: 1, name: 'NFTA_GEN_ID', type: 'be32' },
  { id: 2, name: 'NFTA_GEN_PROC_PID', type: 'be32' },
  { id: 3, name: 'NFTA_GEN_PROC_NAME', type: 'string' },
]);

/** nfgenmsg + NFTA_GEN_* */
export const gen: MessageFamily = { name: 'nfgenmsg', header: nfgenmsg, attrs: genAttrs };

export type GenMessage = Body<NfGenMsg>;
