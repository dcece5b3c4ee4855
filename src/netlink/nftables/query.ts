// Reading the ruleset: the generation id and dumps of tables, chains and
// rules, decoded with the family tables. Each is one request on `sock`.
// <linux/netfilter/nf_tables.h> (enum nf_tables_msg_types, NFTA_GEN_*).
//
//   GETGEN                          -> NEWGEN { NFTA_GEN_ID }
//   GETCHAIN  dump, nfgen_family    -> NEWCHAIN ... NLMSG_DONE
//   GETRULE   dump, NFTA_RULE_TABLE [, NFTA_RULE_CHAIN]  -> NEWRULE ... NLMSG_DONE
//
// Rule dumps can be narrowed by the kernel to one table and chain; chain
// and table dumps are narrowed here.

import { decodeBody, encodeBody, type Attrs } from '../schema.js';
import type { NetlinkSocket } from '../socket.js';
import { chain, type ChainMessage } from './chain.js';
import { NFNETLINK_V0, NFT_MSG, nftType } from './constants.js';
import { gen } from './gen.js';
import type { NfGenMsg } from './nfgenmsg.js';
import { rule, type RuleMessage } from './rule.js';
import { table, type TableMessage } from './table.js';

/** The ruleset's generation id (NFTA_GEN_ID), for NFNL_BATCH_GENID. */
export function getGen(sock: NetlinkSocket): number {
  const [m] = sock.request(nftType(NFT_MSG.NFT_MSG_GETGEN), 0,
    (w) => encodeBody(gen, { nfgen_family: 0, version: NFNETLINK_V0, res_id: 0 }, w),
    (m) => decodeBody<NfGenMsg>(gen, m.buf, m.start, m.end));
  return Number(m?.attrs.NFTA_GEN_ID ?? 0);
}

/** Every table of `family` (NFPROTO_*). */
export function dumpTables(sock: NetlinkSocket, family: number): TableMessage[] {
  return sock.dump(nftType(NFT_MSG.NFT_MSG_GETTABLE), 0,
    (w) => encodeBody(table, { nfgen_family: family, version: NFNETLINK_V0 }, w),
    (m) => decodeBody<NfGenMsg>(table, m.buf, m.start, m.end));
}

/** The chains of table `tableName` of `family`, in the kernel's order. */
export function dumpChains(sock: NetlinkSocket, family: number, tableName: string): ChainMessage[] {
  return sock.dump(nftType(NFT_MSG.NFT_MSG_GETCHAIN), 0,
    (w) => encodeBody(chain, { nfgen_family: family, version: NFNETLINK_V0 }, w),
    (m) => decodeBody<NfGenMsg>(chain, m.buf, m.start, m.end))
    .filter((c) => c.attrs.NFTA_CHAIN_TABLE === tableName);
}

/** The rules of a table, or of one of its chains, in chain order. */
export function dumpRules(sock: NetlinkSocket, family: number, tableName: string, chainName?: string): RuleMessage[] {
  const attrs: Attrs = { NFTA_RULE_TABLE: tableName };
  if (chainName !== undefined) attrs.NFTA_RULE_CHAIN = chainName;
  return sock.dump(nftType(NFT_MSG.NFT_MSG_GETRULE), 0,
    (w) => encodeBody(rule, { nfgen_family: family, version: NFNETLINK_V0, attrs }, w),
    (m) => decodeBody<NfGenMsg>(rule, m.buf, m.start, m.end));
}
