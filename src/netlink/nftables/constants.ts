// nf_tables over nfnetlink: message types, and the enums the attribute
// tables and expressions use, in the kernel's names and values.
// References: <linux/netfilter/nfnetlink.h>, <linux/netfilter/nf_tables.h>,
// <linux/netfilter.h> (linux-libc-dev 6.1). Explicit values everywhere: an
// enum's position is never implied.
//
// nfnetlink splits nlmsg_type in two bytes:
//
//   nlmsg_type = (NFNL_SUBSYS_ID << 8) | message
//   0x0a06     =  NFNL_SUBSYS_NFTABLES (10), NFT_MSG_NEWRULE (6)
//
// Types below NLMSG_MIN_TYPE (16) are netlink's own (NLMSG_ERROR, ...); 16
// and 17 are nfnetlink's batch delimiters, which carry subsystem 0.

/* nfnetlink subsystems: NFNL_SUBSYS_* (<linux/netfilter/nfnetlink.h>) */
export const NFNL_SUBSYS_NONE = 0;
export const NFNL_SUBSYS_CTNETLINK = 1;
export const NFNL_SUBSYS_NFTABLES = 10;
export const NFNL_SUBSYS_NFT_COMPAT = 11;

/* Reserved control messages: a transaction is BATCH_BEGIN ... BATCH_END */
export const NFNL_MSG_BATCH_BEGIN = 16; // NLMSG_MIN_TYPE
export const NFNL_MSG_BATCH_END = 17; // NLMSG_MIN_TYPE + 1

/** enum nfnl_batch_attributes: what BATCH_BEGIN may carry */
export const NFNL_BATCH_GENID = 1;

/** NFNETLINK_V0: nfgenmsg.version */
export const NFNETLINK_V0 = 0;

/** enum nfnetlink_groups: NFNLGRP_NFTABLES carries ruleset change events */
export const NFNLGRP_NFTABLES = 7;

/** enum nf_tables_msg_types */
export const NFT_MSG = {
  NFT_MSG_NEWTABLE: 0,
  NFT_MSG_GETTABLE: 1,
  NFT_MSG_DELTABLE: 2,
  NFT_MSG_NEWCHAIN: 3,
  NFT_MSG_GETCHAIN: 4,
  NFT_MSG_DELCHAIN: 5,
  NFT_MSG_NEWRULE: 6,
  NFT_MSG_GETRULE: 7,
  NFT_MSG_DELRULE: 8,
  NFT_MSG_NEWSET: 9,
  NFT_MSG_GETSET: 10,
  NFT_MSG_DELSET: 11,
  NFT_MSG_NEWSETELEM: 12,
  NFT_MSG_GETSETELEM: 13,
  NFT_MSG_DELSETELEM: 14,
  NFT_MSG_NEWGEN: 15,
  NFT_MSG_GETGEN: 16,
  NFT_MSG_TRACE: 17,
  NFT_MSG_NEWOBJ: 18,
  NFT_MSG_GETOBJ: 19,
  NFT_MSG_DELOBJ: 20,
  NFT_MSG_GETOBJ_RESET: 21,
  NFT_MSG_NEWFLOWTABLE: 22,
  NFT_MSG_GETFLOWTABLE: 23,
  NFT_MSG_DELFLOWTABLE: 24,
} as const;

export type NftMsgName = keyof typeof NFT_MSG;

/** The nlmsg_type of an nf_tables message: NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_*. */
export const nftType = (msg: number): number => (NFNL_SUBSYS_NFTABLES << 8) | msg;

const NFT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(NFT_MSG).map(([k, v]) => [nftType(v), k]));
const CONTROL: Record<number, string> = {
  1: 'NLMSG_NOOP', 2: 'NLMSG_ERROR', 3: 'NLMSG_DONE', 4: 'NLMSG_OVERRUN',
  [NFNL_MSG_BATCH_BEGIN]: 'NFNL_MSG_BATCH_BEGIN', [NFNL_MSG_BATCH_END]: 'NFNL_MSG_BATCH_END',
};

/** "NFT_MSG_NEWRULE" for 0x0a06; control and batch messages by name, others by subsystem and number. */
export function nfnlName(type: number): string {
  return NFT_NAMES[type] ?? CONTROL[type] ?? `nfnetlink subsys ${type >> 8} message ${type & 0xff}`;
}

/* Protocol families of nf_tables tables: NFPROTO_* (<linux/netfilter.h>) */
export const NFPROTO_UNSPEC = 0;
export const NFPROTO_INET = 1;
export const NFPROTO_IPV4 = 2;
export const NFPROTO_ARP = 3;
export const NFPROTO_NETDEV = 5;
export const NFPROTO_BRIDGE = 7;
export const NFPROTO_IPV6 = 10;

/** enum nf_inet_hooks (<linux/netfilter.h>): NFTA_HOOK_HOOKNUM of an ip table's base chain */
export const NF_INET = {
  NF_INET_PRE_ROUTING: 0,
  NF_INET_LOCAL_IN: 1,
  NF_INET_FORWARD: 2,
  NF_INET_LOCAL_OUT: 3,
  NF_INET_POST_ROUTING: 4,
} as const;

/* Netfilter verdicts (<linux/netfilter.h>): a base chain's NFTA_CHAIN_POLICY */
export const NF_DROP = 0;
export const NF_ACCEPT = 1;

/** enum nft_verdicts: the other values NFTA_VERDICT_CODE takes (as s32) */
export const NFT_VERDICT = {
  NFT_CONTINUE: -1,
  NFT_BREAK: -2,
  NFT_JUMP: -3,
  NFT_GOTO: -4,
  NFT_RETURN: -5,
} as const;

/** enum nft_registers: NFT_REG_VERDICT holds the verdict, NFT_REG_1..4 are 16-byte data registers */
export const NFT_REG_VERDICT = 0;
export const NFT_REG_1 = 1;
export const NFT_REG_2 = 2;
export const NFT_REG_3 = 3;
export const NFT_REG_4 = 4;

/** enum nft_chain_flags (NFTA_CHAIN_FLAGS) */
export const NFT_CHAIN_BASE = 1 << 0;
export const NFT_CHAIN_HW_OFFLOAD = 1 << 1;
export const NFT_CHAIN_BINDING = 1 << 2;

/** enum nft_rule_compat_flags (NFTA_RULE_COMPAT_FLAGS) */
export const NFT_RULE_COMPAT_F_INV = 1 << 1;

/** enum nft_cmp_ops (NFTA_CMP_OP) */
export const NFT_CMP = {
  NFT_CMP_EQ: 0,
  NFT_CMP_NEQ: 1,
  NFT_CMP_LT: 2,
  NFT_CMP_LTE: 3,
  NFT_CMP_GT: 4,
  NFT_CMP_GTE: 5,
} as const;

/** enum nft_range_ops (NFTA_RANGE_OP) */
export const NFT_RANGE_EQ = 0;
export const NFT_RANGE_NEQ = 1;

/** enum nft_payload_bases (NFTA_PAYLOAD_BASE) */
export const NFT_PAYLOAD = {
  NFT_PAYLOAD_LL_HEADER: 0,
  NFT_PAYLOAD_NETWORK_HEADER: 1,
  NFT_PAYLOAD_TRANSPORT_HEADER: 2,
  NFT_PAYLOAD_INNER_HEADER: 3,
} as const;

/** enum nft_meta_keys (NFTA_META_KEY) */
export const NFT_META = {
  NFT_META_LEN: 0,
  NFT_META_PROTOCOL: 1,
  NFT_META_PRIORITY: 2,
  NFT_META_MARK: 3,
  NFT_META_IIF: 4,
  NFT_META_OIF: 5,
  NFT_META_IIFNAME: 6,
  NFT_META_OIFNAME: 7,
  NFT_META_IFTYPE: 8,
  NFT_META_OIFTYPE: 9,
  NFT_META_SKUID: 10,
  NFT_META_SKGID: 11,
  NFT_META_NFTRACE: 12,
  NFT_META_RTCLASSID: 13,
  NFT_META_SECMARK: 14,
  NFT_META_NFPROTO: 15,
  NFT_META_L4PROTO: 16,
  NFT_META_BRI_IIFNAME: 17,
  NFT_META_BRI_OIFNAME: 18,
  NFT_META_PKTTYPE: 19,
  NFT_META_CPU: 20,
  NFT_META_IIFGROUP: 21,
  NFT_META_OIFGROUP: 22,
  NFT_META_CGROUP: 23,
  NFT_META_PRANDOM: 24,
  NFT_META_SECPATH: 25,
  NFT_META_IIFKIND: 26,
  NFT_META_OIFKIND: 27,
  NFT_META_BRI_IIFPVID: 28,
  NFT_META_BRI_IIFVPROTO: 29,
  NFT_META_TIME_NS: 30,
  NFT_META_TIME_DAY: 31,
  NFT_META_TIME_HOUR: 32,
  NFT_META_SDIF: 33,
  NFT_META_SDIFNAME: 34,
} as const;

/** NFT_NAME_MAXLEN: tables, chains, sets and objects have names shorter than this */
export const NFT_NAME_MAXLEN = 256;
