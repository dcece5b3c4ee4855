// The nf_tables messages iptables-nft sends for the filter table, built as
// it builds them (iptables/nft.c: nft_table_builtin_add, nft_chain_builtin_alloc,
// nft_rule_append/insert, nft_rule_delete; nft-ipv4.c: nft_ipv4_add), so that
// tsip's batches are byte for byte iptables-nft's (test/unit/nftables-iptables.test.ts).
// Pure: only builds BatchRequests; firewall.ts decides which and sends them.

import { NLM_F_CREATE } from '../../netlink/constants.js';
import type { BatchRequest } from '../../netlink/nftables/batch.js';
import type { ChainMessage } from '../../netlink/nftables/chain.js';
import { NFPROTO_IPV4, NFT_MSG, NF_ACCEPT } from '../../netlink/nftables/constants.js';
import type { Attrs } from '../../netlink/schema.js';
import { BUILTIN_CHAINS, type ChainName, type RuleSpec } from './spec.js';
import { ruleCompat, ruleToExprs } from './translate.js';

/** iptables' table: `table ip filter`. */
export const FILTER_TABLE = 'filter';
/** NF_IP_PRI_FILTER: the filter chains' hook priority. */
export const NF_IP_PRI_FILTER = 0;

/** What ensureChain() needs to know of the kernel's ruleset. */
export interface Present {
  tableExists: boolean;
  chains: ReadonlyMap<string, ChainMessage>;
}

/** NEWTABLE and NEWCHAIN for what is missing, as iptables-nft's nft_xt_builtin_init() adds them. */
export function ensureChain(rs: Present, chain: ChainName): BatchRequest[] {
  const out: BatchRequest[] = [];
  if (!rs.tableExists) {
    out.push({ msg: NFT_MSG.NFT_MSG_NEWTABLE, flags: NLM_F_CREATE, body: { nfgen_family: NFPROTO_IPV4, attrs: { NFTA_TABLE_NAME: FILTER_TABLE } } });
  }
  if (!rs.chains.has(chain)) out.push(chainRequest(chain, NF_ACCEPT, NLM_F_CREATE));
  return out;
}

/**
 * NEWCHAIN for a built-in chain: hook, priority, policy and type, in
 * iptables-nft's attribute order. `counters` adds NFTA_CHAIN_COUNTERS
 * (zeroed), as iptables -P does. flags: NLM_F_CREATE to create, 0 to update.
 */
export function chainRequest(chain: ChainName, policy: number, flags: number, counters = false): BatchRequest {
  const attrs: Attrs = {
    NFTA_CHAIN_TABLE: FILTER_TABLE,
    NFTA_CHAIN_NAME: chain,
    NFTA_CHAIN_HOOK: { NFTA_HOOK_HOOKNUM: BUILTIN_CHAINS[chain], NFTA_HOOK_PRIORITY: NF_IP_PRI_FILTER },
    NFTA_CHAIN_POLICY: policy,
  };
  if (counters) attrs.NFTA_CHAIN_COUNTERS = { NFTA_COUNTER_PACKETS: 0n, NFTA_COUNTER_BYTES: 0n };
  attrs.NFTA_CHAIN_TYPE = 'filter';
  return { msg: NFT_MSG.NFT_MSG_NEWCHAIN, flags, body: { nfgen_family: NFPROTO_IPV4, attrs } };
}

/**
 * NEWRULE: NLM_F_APPEND appends (or, with `position`, goes after that
 * handle); without it the rule goes first (or before `position`).
 */
export function newRule(chain: ChainName, rule: RuleSpec, flags: number, position?: bigint): BatchRequest {
  const attrs: Attrs = { NFTA_RULE_TABLE: FILTER_TABLE, NFTA_RULE_CHAIN: chain };
  if (position !== undefined) attrs.NFTA_RULE_POSITION = position;
  attrs.NFTA_RULE_EXPRESSIONS = { NFTA_LIST_ELEM: ruleToExprs(rule) };
  attrs.NFTA_RULE_COMPAT = ruleCompat(rule);
  return { msg: NFT_MSG.NFT_MSG_NEWRULE, flags: NLM_F_CREATE | flags, body: { nfgen_family: NFPROTO_IPV4, attrs } };
}

/** DELRULE of one rule, by handle (iptables -D). */
export function delRule(chain: ChainName, handle: bigint): BatchRequest {
  return { msg: NFT_MSG.NFT_MSG_DELRULE, body: { nfgen_family: NFPROTO_IPV4, attrs: { NFTA_RULE_TABLE: FILTER_TABLE, NFTA_RULE_CHAIN: chain, NFTA_RULE_HANDLE: handle } } };
}


/** DELRULE without a handle: every rule of `chain`, or of the whole table (iptables -F). */
export function flushRequest(chain?: ChainName): BatchRequest {
  const attrs: Attrs = { NFTA_RULE_TABLE: FILTER_TABLE };
  if (chain) attrs.NFTA_RULE_CHAIN = chain;
  return { msg: NFT_MSG.NFT_MSG_DELRULE, body: { nfgen_family: NFPROTO_IPV4, attrs } };
}
