// Chains: NFT_MSG_NEWCHAIN, NFT_MSG_GETCHAIN, NFT_MSG_DELCHAIN.
// <linux/netfilter/nf_tables.h>
//
// A base chain is attached to a netfilter hook: it has NFTA_CHAIN_HOOK
// (hook number and priority), a type ("filter") and a policy (NF_ACCEPT or
// NF_DROP, the verdict when no rule decides). iptables' FORWARD chain is
//
//   chain FORWARD { type filter hook forward priority filter; policy accept; }
//
// i.e. NFTA_CHAIN_HOOK { NFTA_HOOK_HOOKNUM NF_INET_FORWARD, NFTA_HOOK_PRIORITY 0 },
// NFTA_CHAIN_TYPE "filter", NFTA_CHAIN_POLICY NF_ACCEPT.

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { be32s } from './be32s.js';
import { counterAttrs } from './expr.js';
import { nfgenmsg, type NfGenMsg } from './nfgenmsg.js';

/** enum nft_hook_attributes */
export const hookAttrs = attrSet('hook-attrs', 'NFTA_HOOK_', [
  { id: 1, name: 'NFTA_HOOK_HOOKNUM', type: 'be32' },
  { id: 2, name: 'NFTA_HOOK_PRIORITY', type: 'custom', codec: be32s },
  { id: 3, name: 'NFTA_HOOK_DEV', type: 'string' },
  { id: 4, name: 'NFTA_HOOK_DEVS', type: 'binary' },
]);

/** enum nft_chain_attributes */
export const chainAttrs = attrSet('chain-attrs', 'NFTA_CHAIN_', [
  { id: 1, name: 'NFTA_CHAIN_TABLE', type: 'string' },
  { id: 2, name: 'NFTA_CHAIN_HANDLE', type: 'be64' },
  { id: 3, name: 'NFTA_CHAIN_NAME', type: 'string' },
  { id: 4, name: 'NFTA_CHAIN_HOOK', type: 'nested', nested: hookAttrs, flags: NLA_F_NESTED },
  { id: 5, name: 'NFTA_CHAIN_POLICY', type: 'be32' },
  { id: 6, name: 'NFTA_CHAIN_USE', type: 'be32' },
  { id: 7, name: 'NFTA_CHAIN_TYPE', type: 'string' },
  // the base chain's own packet and byte counters: NFTA_COUNTER_*
  { id: 8, name: 'NFTA_CHAIN_COUNTERS', type: 'nested', nested: counterAttrs, flags: NLA_F_NESTED },
  { id: 9, name: 'NFTA_CHAIN_PAD', type: 'binary' },
  { id: 10, name: 'NFTA_CHAIN_FLAGS', type: 'be32' },
  { id: 11, name: 'NFTA_CHAIN_ID', type: 'be32' },
  { id: 12, name: 'NFTA_CHAIN_USERDATA', type: 'binary' },
]);

/** nfgenmsg + NFTA_CHAIN_* */
export const chain: MessageFamily = { name: 'nfgenmsg', header: nfgenmsg, attrs: chainAttrs };

export type ChainMessage = Body<NfGenMsg>;
