// nf_tables over NETLINK_NETFILTER (<linux/netfilter/nfnetlink.h>,
// <linux/netfilter/nf_tables.h>): constants, the nfgenmsg header, the
// attribute tables of tables, chains, rules and expressions, the protocol
// descriptor, transactions and ruleset reads.

export * from './constants.js';
export * from './nfgenmsg.js';
export * from './expr.js';
export * from './table.js';
export * from './chain.js';
export * from './rule.js';
export * from './gen.js';
export * from './protocol.js';
export * from './batch.js';
export * from './query.js';
export * from './build.js';
