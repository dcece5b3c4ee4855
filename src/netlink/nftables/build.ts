// Constructors for the expressions a rule is made of (<linux/netfilter/nf_tables.h>,
// one NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA } each), in the decoded form
// the codec encodes (kernel attribute names). Each builds exactly what
// `nft --debug=netlink` prints on its line:
//
//   meta(NFT_META_IIFNAME)              [ meta load iifname => reg 1 ]
//   cmp(NFT_CMP_EQ, Buffer.from('br0\0'))  [ cmp eq reg 1 0x00307262 ]
//   payload(NETWORK_HEADER, 12, 4)      [ payload load 4b @ network header + 12 => reg 1 ]
//   bitwise(mask)                       [ bitwise reg 1 = ( reg 1 & mask ) ^ 0 ]
//   counter()                           [ counter pkts 0 bytes 0 ]
//   verdict(NF_ACCEPT)                  [ immediate reg 0 accept ]
//
// Attribute order follows libnftnl's, so that rules tsip builds are byte for
// byte the ones iptables-nft and nft build.

import { NFT_REG_1, NFT_REG_VERDICT } from './constants.js';
import type { Expr } from './expr.js';

/** Load the packet's metadata `key` (NFT_META_*) into `dreg`. */
export const meta = (key: number, dreg = NFT_REG_1): Expr =>
  ({ NFTA_EXPR_NAME: 'meta', NFTA_EXPR_DATA: { NFTA_META_KEY: key, NFTA_META_DREG: dreg } });

/** Compare `sreg` with `data` (NFT_CMP_*): the rule stops here unless it holds. */
export const cmp = (op: number, data: Buffer, sreg = NFT_REG_1): Expr =>
  ({ NFTA_EXPR_NAME: 'cmp', NFTA_EXPR_DATA: { NFTA_CMP_SREG: sreg, NFTA_CMP_OP: op, NFTA_CMP_DATA: { NFTA_DATA_VALUE: data } } });

/** Load `len` bytes at `offset` of header `base` (NFT_PAYLOAD_*) into `dreg`. */
export const payload = (base: number, offset: number, len: number, dreg = NFT_REG_1): Expr =>
  ({ NFTA_EXPR_NAME: 'payload', NFTA_EXPR_DATA: { NFTA_PAYLOAD_DREG: dreg, NFTA_PAYLOAD_BASE: base, NFTA_PAYLOAD_OFFSET: offset, NFTA_PAYLOAD_LEN: len } });

/** reg = (reg & mask) ^ xor, over mask.length bytes. */
export const bitwise = (mask: Buffer, xor: Buffer = Buffer.alloc(mask.length), sreg = NFT_REG_1, dreg = NFT_REG_1): Expr =>
  ({ NFTA_EXPR_NAME: 'bitwise', NFTA_EXPR_DATA: {
    NFTA_BITWISE_SREG: sreg, NFTA_BITWISE_DREG: dreg, NFTA_BITWISE_LEN: mask.length,
    NFTA_BITWISE_MASK: { NFTA_DATA_VALUE: mask }, NFTA_BITWISE_XOR: { NFTA_DATA_VALUE: xor },
  } });

/** Count packets and bytes, starting from the given values. */
export const counter = (packets = 0n, bytes = 0n): Expr =>
  ({ NFTA_EXPR_NAME: 'counter', NFTA_EXPR_DATA: { NFTA_COUNTER_BYTES: bytes, NFTA_COUNTER_PACKETS: packets } });

/** Set the verdict: NF_ACCEPT, NF_DROP, NFT_RETURN, or NFT_JUMP/NFT_GOTO with a chain. */
export const verdict = (code: number, chain?: string): Expr =>
  ({ NFTA_EXPR_NAME: 'immediate', NFTA_EXPR_DATA: {
    NFTA_IMMEDIATE_DREG: NFT_REG_VERDICT,
    NFTA_IMMEDIATE_DATA: { NFTA_DATA_VERDICT: chain === undefined ? { NFTA_VERDICT_CODE: code } : { NFTA_VERDICT_CODE: code, NFTA_VERDICT_CHAIN: chain } },
  } });
