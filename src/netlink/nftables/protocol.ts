// NETLINK_NETFILTER as a Protocol the socket understands, and the message
// family of each nf_tables message type (for decoding and for traces).
// <linux/netfilter/nfnetlink.h>: a message type carries its subsystem,
//
//   #define NFNL_SUBSYS_ID(x)  ((x & 0xff00) >> 8)   /* NFNL_SUBSYS_NFTABLES = 10 */
//   #define NFNL_MSG_TYPE(x)   (x & 0x00ff)          /* enum nf_tables_msg_types */
//
// and every body starts with struct nfgenmsg (./nfgenmsg.ts).
//
//   const sock = NetlinkSocket.open(NETFILTER_PROTOCOL, { netns: 'hub' });

import { NETLINK_NETFILTER } from '../constants.js';
import { attrSet, type MessageFamily } from '../schema.js';
import type { Protocol } from '../socket.js';
import { chain } from './chain.js';
import { NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_SUBSYS_NFTABLES, NFT_MSG, nfnlName } from './constants.js';
import { gen } from './gen.js';
import { nfgenmsg } from './nfgenmsg.js';
import { rule } from './rule.js';
import { table } from './table.js';

/** nfnetlink: nf_tables (and, by subsystem, the rest of netfilter's netlink). */
export const NETFILTER_PROTOCOL: Protocol = {
  id: NETLINK_NETFILTER,
  name: 'nfnetlink',
  errorPrefix: 'netfilter answers',
  typeName: nfnlName,
};

/** enum nfnl_batch_attributes: BATCH_BEGIN's attributes */
export const batchAttrs = attrSet('batch-attrs', 'NFNL_BATCH_', [
  { id: 1, name: 'NFNL_BATCH_GENID', type: 'be32' },
]);

/** nfgenmsg + NFNL_BATCH_*: the body of BATCH_BEGIN and BATCH_END */
export const batch: MessageFamily = { name: 'nfgenmsg', header: nfgenmsg, attrs: batchAttrs };

const BY_MSG: Record<number, MessageFamily> = {
  [NFT_MSG.NFT_MSG_NEWTABLE]: table, [NFT_MSG.NFT_MSG_GETTABLE]: table, [NFT_MSG.NFT_MSG_DELTABLE]: table,
  [NFT_MSG.NFT_MSG_NEWCHAIN]: chain, [NFT_MSG.NFT_MSG_GETCHAIN]: chain, [NFT_MSG.NFT_MSG_DELCHAIN]: chain,
  [NFT_MSG.NFT_MSG_NEWRULE]: rule, [NFT_MSG.NFT_MSG_GETRULE]: rule, [NFT_MSG.NFT_MSG_DELRULE]: rule,
  [NFT_MSG.NFT_MSG_NEWGEN]: gen, [NFT_MSG.NFT_MSG_GETGEN]: gen,
};

/** The message family of an nlmsg_type, when tsip has tables for it. */
export function nftFamily(type: number): MessageFamily | undefined {
  if (type === NFNL_MSG_BATCH_BEGIN || type === NFNL_MSG_BATCH_END) return batch;
  if (type >> 8 !== NFNL_SUBSYS_NFTABLES) return undefined;
  return BY_MSG[type & 0xff];
}

/** What trace.ts needs to annotate nf_tables traffic. */
export const NETFILTER_TRACE = { typeName: nfnlName, family: nftFamily };
