// From the kernel's chains and rules to what iptables lists: the three
// built-in chains in hook order, each with its policy, its own counters
// (NFTA_CHAIN_COUNTERS, when the chain has them) and its rules read back as
// iptables options. A chain not (yet) in the kernel lists as iptables lists
// it: empty, policy ACCEPT. Pure.

import type { ChainMessage } from '../../netlink/nftables/chain.js';
import { NF_DROP } from '../../netlink/nftables/constants.js';
import type { Expr } from '../../netlink/nftables/expr.js';
import type { RuleMessage } from '../../netlink/nftables/rule.js';
import type { Attrs } from '../../netlink/schema.js';
import type { ChainListing } from './print.js';
import { CHAIN_NAMES, type ChainName } from './spec.js';
import { exprsToRule } from './translate.js';
import { FILTER_TABLE } from './requests.js';

/** A rule message's expressions, decoded. */
export const exprsOf = (r: RuleMessage): Expr[] =>
  (((r.attrs.NFTA_RULE_EXPRESSIONS as Attrs | undefined)?.NFTA_LIST_ELEM ?? []) as Expr[]);

/** The built-in chains of the filter table (or just `only`), as listed. */
export function chainListings(chains: readonly ChainMessage[], rules: readonly RuleMessage[], only?: ChainName): ChainListing[] {
  const inTable = <M extends { attrs: Attrs }>(m: M, key: string) => (m.attrs[key] ?? FILTER_TABLE) === FILTER_TABLE;
  return CHAIN_NAMES.filter((n) => !only || n === only).map((name) => {
    const c = chains.find((m) => m.attrs.NFTA_CHAIN_NAME === name && inTable(m, 'NFTA_CHAIN_TABLE'));
    const counters = c?.attrs.NFTA_CHAIN_COUNTERS as Attrs | undefined;
    return {
      name,
      policy: c?.attrs.NFTA_CHAIN_POLICY === NF_DROP ? 'DROP' : 'ACCEPT',
      packets: (counters?.NFTA_COUNTER_PACKETS as bigint | undefined) ?? 0n,
      bytes: (counters?.NFTA_COUNTER_BYTES as bigint | undefined) ?? 0n,
      rules: rules.filter((r) => r.attrs.NFTA_RULE_CHAIN === name && inTable(r, 'NFTA_RULE_TABLE')).map((r) => exprsToRule(exprsOf(r))),
    };
  });
}
