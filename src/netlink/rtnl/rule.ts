// Policy routing rules: RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE.
// <linux/fib_rules.h>
//
// A message is struct fib_rule_hdr followed by FRA_* attributes. A rule
// matches packets (from/to prefixes, iif/oif, fwmark, uid range, ports,
// IP protocol, DSCP, flow label) and says what to do with them: look up a
// table (FR_ACT_TO_TBL), jump to another rule (FR_ACT_GOTO), nothing
// (FR_ACT_NOP), or drop (FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE,
// FR_ACT_PROHIBIT). Rules are ordered by FRA_PRIORITY ("pref"); the table
// id travels in FRA_TABLE (u32), the header's one-byte `table` then saying
// RT_TABLE_COMPAT (252) for ids above 255.
//
// The 6.1 uapi header in /usr/include ends at FRA_DPORT_RANGE (24); the
// ids after it (FRA_DSCP .. FRA_DSCP_MASK) are named and typed after the
// 6.18 header and the kernel's spec, Documentation/netlink/specs/rt-rule.yaml.
// The kernel keeps FRA_SUPPRESS_PREFIXLEN and FRA_SUPPRESS_IFGROUP as ints
// and writes them as __u32, -1 (0xffffffff) meaning "not set": it sends
// FRA_SUPPRESS_PREFIXLEN -1 with every rule (ip prints nothing for it) and
// FRA_SUPPRESS_IFGROUP only when set. Both are read as s32, so that the
// unset value reads -1.

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, struct, u8, u16, u32 } from '../struct.js';

/*
 * struct fib_rule_hdr {
 *         __u8            family;
 *         __u8            dst_len;
 *         __u8            src_len;
 *         __u8            tos;
 *
 *         __u8            table;
 *         __u8            res1;   // reserved
 *         __u8            res2;   // reserved
 *         __u8            action; // FR_ACT_*
 *
 *         __u32           flags;  // FIB_RULE_*
 * };
 */
export interface FibRuleHdr {
  family: number;
  dst_len: number;
  src_len: number;
  tos: number;
  table: number;
  action: number;
  flags: number;
}
export const fib_rule_hdr = defineStruct<FibRuleHdr>('fib_rule_hdr', struct([
  u8('family'), u8('dst_len'), u8('src_len'), u8('tos'),
  u8('table'), u8(), u8(), u8('action'),
  u32('flags'),
]));

/*
 * struct fib_rule_uid_range {
 *         __u32           start;
 *         __u32           end;
 * };
 */
export interface FibRuleUidRange {
  start: number;
  end: number;
}
export const fib_rule_uid_range = defineStruct<FibRuleUidRange>('fib_rule_uid_range', struct([u32('start'), u32('end')]));

/*
 * struct fib_rule_port_range {
 *         __u16           start;  // host byte order
 *         __u16           end;
 * };
 */
export interface FibRulePortRange {
  start: number;
  end: number;
}
export const fib_rule_port_range = defineStruct<FibRulePortRange>('fib_rule_port_range', struct([u16('start'), u16('end')]));

/* fib_rule_hdr.flags */
export const FIB_RULE = {
  FIB_RULE_PERMANENT: 0x00000001,    // rule is permanent, and cannot be deleted
  FIB_RULE_INVERT: 0x00000002,       // "not": the selector is negated
  FIB_RULE_UNRESOLVED: 0x00000004,   // a goto whose target rule does not exist (yet)
  FIB_RULE_IIF_DETACHED: 0x00000008, // FRA_IIFNAME names no existing device; also FIB_RULE_DEV_DETACHED
  FIB_RULE_OIF_DETACHED: 0x00000010,
  FIB_RULE_FIND_SADDR: 0x00010000,   // try to find source address in routing lookups
} as const;

/** fib_rule_hdr.action: enum { FR_ACT_UNSPEC, FR_ACT_TO_TBL, ... } */
export const FR_ACT = {
  FR_ACT_UNSPEC: 0,
  FR_ACT_TO_TBL: 1,      // pass to fixed table
  FR_ACT_GOTO: 2,        // jump to another rule
  FR_ACT_NOP: 3,         // no operation
  FR_ACT_RES3: 4,
  FR_ACT_RES4: 5,
  FR_ACT_BLACKHOLE: 6,   // drop without notification
  FR_ACT_UNREACHABLE: 7, // drop with ENETUNREACH
  FR_ACT_PROHIBIT: 8,    // drop with EACCES
} as const;

/** enum { FRA_UNSPEC, FRA_DST, ... }. FRA_UNUSED2..5 (5, 7, 8, 9) are never sent. */
export const ruleAttrs = attrSet('fib-rule-attrs', 'FRA_', [
  { id: 1, name: 'FRA_DST', type: 'ipaddr' },
  { id: 2, name: 'FRA_SRC', type: 'ipaddr' },
  { id: 3, name: 'FRA_IIFNAME', type: 'string' },        // also FRA_IFNAME
  { id: 4, name: 'FRA_GOTO', type: 'u32' },              // target rule's priority (FR_ACT_GOTO)
  { id: 6, name: 'FRA_PRIORITY', type: 'u32' },
  { id: 10, name: 'FRA_FWMARK', type: 'u32' },
  { id: 11, name: 'FRA_FLOW', type: 'u32' },             // realms: from << 16 | to (ip's SRCREALM/DSTREALM)
  { id: 12, name: 'FRA_TUN_ID', type: 'be64' },
  { id: 13, name: 'FRA_SUPPRESS_IFGROUP', type: 's32' }, // -1: not set
  { id: 14, name: 'FRA_SUPPRESS_PREFIXLEN', type: 's32' }, // -1: not set
  { id: 15, name: 'FRA_TABLE', type: 'u32' },
  { id: 16, name: 'FRA_FWMASK', type: 'u32' },
  { id: 17, name: 'FRA_OIFNAME', type: 'string' },
  { id: 18, name: 'FRA_PAD', type: 'binary' },           // aligns FRA_TUN_ID to 8 bytes when needed
  { id: 19, name: 'FRA_L3MDEV', type: 'u8' },            // iif or oif is an l3mdev: use its table
  { id: 20, name: 'FRA_UID_RANGE', type: 'struct', struct: fib_rule_uid_range },
  { id: 21, name: 'FRA_PROTOCOL', type: 'u8' },          // originator of the rule, RTPROT_*
  { id: 22, name: 'FRA_IP_PROTO', type: 'u8' },          // IPPROTO_*
  { id: 23, name: 'FRA_SPORT_RANGE', type: 'struct', struct: fib_rule_port_range },
  { id: 24, name: 'FRA_DPORT_RANGE', type: 'struct', struct: fib_rule_port_range },
  { id: 25, name: 'FRA_DSCP', type: 'u8' },              // 0..63
  { id: 26, name: 'FRA_FLOWLABEL', type: 'be32' },       // IPv6 flow label, network byte order
  { id: 27, name: 'FRA_FLOWLABEL_MASK', type: 'be32' },
  { id: 28, name: 'FRA_SPORT_MASK', type: 'u16' },
  { id: 29, name: 'FRA_DPORT_MASK', type: 'u16' },
  { id: 30, name: 'FRA_DSCP_MASK', type: 'u8' },
]);

/** fib_rule_hdr + FRA_* */
export const rule: MessageFamily = { name: 'fib_rule_hdr', header: fib_rule_hdr, attrs: ruleAttrs };

/** A decoded rule message. */
export type RuleMessage = Body<FibRuleHdr>;
