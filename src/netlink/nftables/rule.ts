// Rules: NFT_MSG_NEWRULE, NFT_MSG_GETRULE, NFT_MSG_DELRULE.
// <linux/netfilter/nf_tables.h>
//
// A rule lives in a table's chain, is known by its handle (a 64-bit number
// the kernel assigns), and is a list of expressions (expr.ts). Where it goes:
//
//   NEWRULE + NLM_F_APPEND                       at the end (iptables -A)
//   NEWRULE                                      at the start (iptables -I)
//   NEWRULE + NFTA_RULE_POSITION h               before rule h (iptables -I N)
//   NEWRULE + NLM_F_APPEND + NFTA_RULE_POSITION  after rule h
//   DELRULE + NFTA_RULE_HANDLE h                 that rule (iptables -D)
//   DELRULE with a chain, no handle              all its rules (iptables -F CHAIN)
//
// iptables-nft also sends NFTA_RULE_COMPAT { PROTO, FLAGS }: the rule's -p
// protocol, which x_tables matches running inside nf_tables check against.

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { exprListAttrs } from './expr.js';
import { nfgenmsg, type NfGenMsg } from './nfgenmsg.js';

/** enum nft_rule_compat_attributes */
export const ruleCompatAttrs = attrSet('rule-compat-attrs', 'NFTA_RULE_COMPAT_', [
  { id: 1, name: 'NFTA_RULE_COMPAT_PROTO', type: 'be32' },
  { id: 2, name: 'NFTA_RULE_COMPAT_FLAGS', type: 'be32' },
]);

/** enum nft_rule_attributes */
export const ruleAttrs = attrSet('rule-attrs', 'NFTA_RULE_', [
  { id: 1, name: 'NFTA_RULE_TABLE', type: 'string' },
  { id: 2, name: 'NFTA_RULE_CHAIN', type: 'string' },
  { id: 3, name: 'NFTA_RULE_HANDLE', type: 'be64' },
  { id: 4, name: 'NFTA_RULE_EXPRESSIONS', type: 'nested', nested: exprListAttrs, flags: NLA_F_NESTED },
  { id: 5, name: 'NFTA_RULE_COMPAT', type: 'nested', nested: ruleCompatAttrs, flags: NLA_F_NESTED },
  { id: 6, name: 'NFTA_RULE_POSITION', type: 'be64' },
  { id: 7, name: 'NFTA_RULE_USERDATA', type: 'binary' },
  { id: 8, name: 'NFTA_RULE_PAD', type: 'binary' },
  { id: 9, name: 'NFTA_RULE_ID', type: 'be32' },
  { id: 10, name: 'NFTA_RULE_POSITION_ID', type: 'be32' },
  { id: 11, name: 'NFTA_RULE_CHAIN_ID', type: 'be32' },
]);

/** nfgenmsg + NFTA_RULE_* */
export const rule: MessageFamily = { name: 'nfgenmsg', header: nfgenmsg, attrs: ruleAttrs };

export type RuleMessage = Body<NfGenMsg>;
