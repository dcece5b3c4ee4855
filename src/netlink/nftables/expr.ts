// Rule expressions: the little register machine an nf_tables rule is.
// <linux/netfilter/nf_tables.h>, <linux/netfilter/nf_tables_compat.h>
//
// A rule's NFTA_RULE_EXPRESSIONS holds one NFTA_LIST_ELEM per expression,
// run in order. Each names its kind and carries that kind's attributes:
//
//   NFTA_LIST_ELEM
//     NFTA_EXPR_NAME  "meta"
//     NFTA_EXPR_DATA  { NFTA_META_KEY NFT_META_IIFNAME, NFTA_META_DREG NFT_REG_1 }
//   NFTA_LIST_ELEM
//     NFTA_EXPR_NAME  "cmp"
//     NFTA_EXPR_DATA  { NFTA_CMP_SREG 1, NFTA_CMP_OP NFT_CMP_EQ,
//                       NFTA_CMP_DATA { NFTA_DATA_VALUE "br0\0" } }
//
// which `nft --debug=netlink` prints as
//
//   [ meta load iifname => reg 1 ]
//   [ cmp eq reg 1 0x00307262 ]
//
// The set NFTA_EXPR_DATA is read with is chosen by NFTA_EXPR_NAME, as
// IFLA_INFO_DATA is by IFLA_INFO_KIND; a kind without a table here keeps its
// data as bytes. Registers, keys, offsets and lengths are all big-endian.
//
// Requests set NLA_F_NESTED on every nest, as libnftnl does; the kernel's
// own dumps leave it off (it accepts both).

import { NLA_F_NESTED } from '../constants.js';
import { attrSet, type AttrSet, type Attrs } from '../schema.js';
import { be32s } from './be32s.js';

const N = NLA_F_NESTED;

/** enum nft_verdict_attributes: a verdict (accept, drop, jump CHAIN, ...) */
export const verdictAttrs = attrSet('verdict-attrs', 'NFTA_VERDICT_', [
  { id: 1, name: 'NFTA_VERDICT_CODE', type: 'custom', codec: be32s },
  { id: 2, name: 'NFTA_VERDICT_CHAIN', type: 'string' },
  { id: 3, name: 'NFTA_VERDICT_CHAIN_ID', type: 'be32' },
]);

/** enum nft_data_attributes: a value (bytes, in network order) or a verdict */
export const dataAttrs = attrSet('data-attrs', 'NFTA_DATA_', [
  { id: 1, name: 'NFTA_DATA_VALUE', type: 'binary' },
  { id: 2, name: 'NFTA_DATA_VERDICT', type: 'nested', nested: verdictAttrs, flags: N },
]);

/** enum nft_meta_attributes: load a packet's metadata (key) into a register, or set it */
export const metaAttrs = attrSet('expr-meta-attrs', 'NFTA_META_', [
  { id: 1, name: 'NFTA_META_DREG', type: 'be32' },
  { id: 2, name: 'NFTA_META_KEY', type: 'be32' },
  { id: 3, name: 'NFTA_META_SREG', type: 'be32' },
]);

/** enum nft_cmp_attributes: compare a register with data */
export const cmpAttrs = attrSet('expr-cmp-attrs', 'NFTA_CMP_', [
  { id: 1, name: 'NFTA_CMP_SREG', type: 'be32' },
  { id: 2, name: 'NFTA_CMP_OP', type: 'be32' },
  { id: 3, name: 'NFTA_CMP_DATA', type: 'nested', nested: dataAttrs, flags: N },
]);

/** enum nft_payload_attributes: load `len` bytes at `offset` of a header into a register */
export const payloadAttrs = attrSet('expr-payload-attrs', 'NFTA_PAYLOAD_', [
  { id: 1, name: 'NFTA_PAYLOAD_DREG', type: 'be32' },
  { id: 2, name: 'NFTA_PAYLOAD_BASE', type: 'be32' },
  { id: 3, name: 'NFTA_PAYLOAD_OFFSET', type: 'be32' },
  { id: 4, name: 'NFTA_PAYLOAD_LEN', type: 'be32' },
  { id: 5, name: 'NFTA_PAYLOAD_SREG', type: 'be32' },
  { id: 6, name: 'NFTA_PAYLOAD_CSUM_TYPE', type: 'be32' },
  { id: 7, name: 'NFTA_PAYLOAD_CSUM_OFFSET', type: 'be32' },
  { id: 8, name: 'NFTA_PAYLOAD_CSUM_FLAGS', type: 'be32' },
]);

/** enum nft_immediate_attributes: put data (a verdict, for -j ACCEPT) into a register */
export const immediateAttrs = attrSet('expr-immediate-attrs', 'NFTA_IMMEDIATE_', [
  { id: 1, name: 'NFTA_IMMEDIATE_DREG', type: 'be32' },
  { id: 2, name: 'NFTA_IMMEDIATE_DATA', type: 'nested', nested: dataAttrs, flags: N },
]);

/** enum nft_counter_attributes: count packets and bytes that reach it */
export const counterAttrs = attrSet('expr-counter-attrs', 'NFTA_COUNTER_', [
  { id: 1, name: 'NFTA_COUNTER_BYTES', type: 'be64' },
  { id: 2, name: 'NFTA_COUNTER_PACKETS', type: 'be64' },
  { id: 3, name: 'NFTA_COUNTER_PAD', type: 'binary' },
]);

/** enum nft_bitwise_attributes: dreg = (sreg & mask) ^ xor, for prefixes like /20 */
export const bitwiseAttrs = attrSet('expr-bitwise-attrs', 'NFTA_BITWISE_', [
  { id: 1, name: 'NFTA_BITWISE_SREG', type: 'be32' },
  { id: 2, name: 'NFTA_BITWISE_DREG', type: 'be32' },
  { id: 3, name: 'NFTA_BITWISE_LEN', type: 'be32' },
  { id: 4, name: 'NFTA_BITWISE_MASK', type: 'nested', nested: dataAttrs, flags: N },
  { id: 5, name: 'NFTA_BITWISE_XOR', type: 'nested', nested: dataAttrs, flags: N },
  { id: 6, name: 'NFTA_BITWISE_OP', type: 'be32' },
  { id: 7, name: 'NFTA_BITWISE_DATA', type: 'nested', nested: dataAttrs, flags: N },
]);

/** enum nft_range_attributes: from <= register <= to (port ranges) */
export const rangeAttrs = attrSet('expr-range-attrs', 'NFTA_RANGE_', [
  { id: 1, name: 'NFTA_RANGE_SREG', type: 'be32' },
  { id: 2, name: 'NFTA_RANGE_OP', type: 'be32' },
  { id: 3, name: 'NFTA_RANGE_FROM_DATA', type: 'nested', nested: dataAttrs, flags: N },
  { id: 4, name: 'NFTA_RANGE_TO_DATA', type: 'nested', nested: dataAttrs, flags: N },
]);

/** enum nft_lookup_attributes: is the register's value in a set */
export const lookupAttrs = attrSet('expr-lookup-attrs', 'NFTA_LOOKUP_', [
  { id: 1, name: 'NFTA_LOOKUP_SET', type: 'string' },
  { id: 2, name: 'NFTA_LOOKUP_SREG', type: 'be32' },
  { id: 3, name: 'NFTA_LOOKUP_DREG', type: 'be32' },
  { id: 4, name: 'NFTA_LOOKUP_SET_ID', type: 'be32' },
  { id: 5, name: 'NFTA_LOOKUP_FLAGS', type: 'be32' },
]);

/** enum nft_match_attributes (nf_tables_compat.h): an x_tables match run inside nf_tables */
export const matchAttrs = attrSet('expr-match-attrs', 'NFTA_MATCH_', [
  { id: 1, name: 'NFTA_MATCH_NAME', type: 'string' },
  { id: 2, name: 'NFTA_MATCH_REV', type: 'be32' },
  { id: 3, name: 'NFTA_MATCH_INFO', type: 'binary' },
]);

/** enum nft_target_attributes (nf_tables_compat.h): an x_tables target run inside nf_tables */
export const targetAttrs = attrSet('expr-target-attrs', 'NFTA_TARGET_', [
  { id: 1, name: 'NFTA_TARGET_NAME', type: 'string' },
  { id: 2, name: 'NFTA_TARGET_REV', type: 'be32' },
  { id: 3, name: 'NFTA_TARGET_INFO', type: 'binary' },
]);

/** NFTA_EXPR_NAME -> the set its NFTA_EXPR_DATA is read with. */
export const EXPR_DATA: Readonly<Record<string, AttrSet>> = {
  meta: metaAttrs,
  cmp: cmpAttrs,
  payload: payloadAttrs,
  immediate: immediateAttrs,
  counter: counterAttrs,
  bitwise: bitwiseAttrs,
  range: rangeAttrs,
  lookup: lookupAttrs,
  match: matchAttrs,
  target: targetAttrs,
};

/**
 * The set an expression's name selects: own keys only, since the name is
 * text from the wire ("toString" must not find Object.prototype's).
 */
const exprData = (name: unknown): AttrSet | undefined =>
  typeof name === 'string' && Object.hasOwn(EXPR_DATA, name) ? EXPR_DATA[name] : undefined;

/** enum nft_expr_attributes: one expression */
export const exprAttrs = attrSet('expr-attrs', 'NFTA_EXPR_', [
  { id: 1, name: 'NFTA_EXPR_NAME', type: 'string' },
  { id: 2, name: 'NFTA_EXPR_DATA', type: 'nested', flags: N, nested: (s: Attrs) => exprData(s.NFTA_EXPR_NAME) },
]);

/** enum nft_list_attributes: the list NFTA_RULE_EXPRESSIONS holds */
export const exprListAttrs = attrSet('expr-list-attrs', 'NFTA_LIST_', [
  { id: 1, name: 'NFTA_LIST_ELEM', type: 'nested', nested: exprAttrs, multi: true, flags: N },
]);

/** A decoded expression: its name and its data, in the kernel's attribute names. */
export interface Expr {
  NFTA_EXPR_NAME: string;
  /** absent when the expression has no attributes (nft's bare `counter`) */
  NFTA_EXPR_DATA?: Attrs | Buffer;
}
