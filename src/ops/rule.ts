// Policy routing rules: add, delete, flush, list. Each write is checked
// whole first (rule-spec.ts; nothing reaches the kernel when it is bad).
//
//   add     RTM_NEWRULE  NLM_F_CREATE|NLM_F_EXCL
//   delete  RTM_DELRULE  0: what is not given is a wildcard
//   flush   RTM_GETRULE  NLM_F_DUMP, then one RTM_DELRULE per rule with a
//                        priority, carrying the dumped message as it came
//                        (what ip rule flush sends)
//   list    RTM_GETRULE  NLM_F_DUMP, fib_rule_hdr.family AF_INET, AF_INET6,
//                        or AF_UNSPEC (every family the kernel has rules for,
//                        multicast routing's included; only inet and inet6
//                        are kept)
// NLM_F_ACK is always set, so every request is answered.
//
// (`listRules` is the firewall's: ops/firewall.ts.) The view speaks ip -j
// rule's words where it can; `message` is the whole decoded message.

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL } from '../netlink/constants.js';
import { RTM } from '../netlink/rtnl/constants.js';
import { FIB_RULE, FR_ACT, rule, type FibRuleUidRange, type FibRulePortRange, type RuleMessage } from '../netlink/rtnl/rule.js';
import { decodeBody, encodeBody } from '../netlink/schema.js';
import { withRtnl, type OpOptions } from './context.js';
import { familyId, familyName, protocolId, protocolName, tableName, type Family } from './route-spec.js';
import { ruleMessage, type PolicyRuleSpec } from './rule-spec.js';

export type { PolicyRuleSpec, PortRange, RuleActionName } from './rule-spec.js';

/** fib_rule_hdr.action by name: what a matching rule does. */
export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit' | 'unspec' | `${number}`;

const ACTIONS: Readonly<Record<number, RuleAction>> = {
  [FR_ACT.FR_ACT_UNSPEC]: 'unspec', [FR_ACT.FR_ACT_TO_TBL]: 'lookup', [FR_ACT.FR_ACT_GOTO]: 'goto', [FR_ACT.FR_ACT_NOP]: 'nop',
  [FR_ACT.FR_ACT_BLACKHOLE]: 'blackhole', [FR_ACT.FR_ACT_UNREACHABLE]: 'unreachable', [FR_ACT.FR_ACT_PROHIBIT]: 'prohibit',
};

/** A rule, as ip rule show prints it. */
export interface PolicyRule {
  family: Family;
  /** FRA_PRIORITY ("pref"); 0 when absent */
  priority: number;
  /** "not": the selector is inverted (FIB_RULE_INVERT) */
  not: boolean;
  /** "10.1.0.0/16", "10.7.0.1"; absent for "from all" */
  src?: string;
  dst?: string;
  /** the DS field (fib_rule_hdr.tos), when set */
  tos?: number;
  fwmark?: number;
  /** FRA_FWMASK (0xffffffff when the mark was given alone) */
  fwmask?: number;
  /** input and output device names (FRA_IIFNAME, FRA_OIFNAME), and whether the device exists */
  iif?: string;
  iifDetached?: boolean;
  oif?: string;
  oifDetached?: boolean;
  /** the table of the device's l3mdev (FRA_L3MDEV) */
  l3mdev?: boolean;
  uidRange?: FibRuleUidRange;
  /** IPPROTO_* (FRA_IP_PROTO) */
  ipProto?: number;
  sport?: FibRulePortRange;
  dport?: FibRulePortRange;
  /** FRA_TUN_ID */
  tunId?: bigint;
  /** table id: FRA_TABLE, or the header's; 0 for rules that look nothing up */
  table: number;
  /** the table by ip's name ("main", "local") or its number as text */
  tableName?: string;
  action: RuleAction;
  /** FR_ACT_GOTO: the target rule's priority */
  goto?: number;
  /** a goto whose target does not exist (FIB_RULE_UNRESOLVED) */
  unresolved?: boolean;
  suppressPrefixlen?: number;
  suppressIfgroup?: number;
  /** FRA_FLOW: source and destination realms */
  realms?: { from: number; to: number };
  /** who made it (FRA_PROTOCOL) by name ("kernel", "boot", "static") or the number as text */
  protocol: string;
  /** the whole decoded kernel message */
  message: RuleMessage;
}

export interface ListPolicyRulesOptions extends OpOptions {
  /** inet or inet6; both when absent */
  family?: Family;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The view of one decoded rule message. */
export function policyRuleView(m: RuleMessage): PolicyRule {
  const a = m.attrs;
  const table = num(a.FRA_TABLE) ?? m.table;
  const r: PolicyRule = {
    family: familyName(m.family),
    priority: num(a.FRA_PRIORITY) ?? 0,
    not: (m.flags & FIB_RULE.FIB_RULE_INVERT) !== 0,
    table,
    action: ACTIONS[m.action] ?? (String(m.action) as RuleAction),
    protocol: protocolName(num(a.FRA_PROTOCOL) ?? 0),
    message: m,
  };
  if (a.FRA_SRC !== undefined) r.src = m.src_len === (m.family === AF_INET ? 32 : 128) ? String(a.FRA_SRC) : `${String(a.FRA_SRC)}/${m.src_len}`;
  if (a.FRA_DST !== undefined) r.dst = m.dst_len === (m.family === AF_INET ? 32 : 128) ? String(a.FRA_DST) : `${String(a.FRA_DST)}/${m.dst_len}`;
  if (m.tos) r.tos = m.tos;
  if (a.FRA_FWMARK !== undefined) r.fwmark = num(a.FRA_FWMARK);
  if (a.FRA_FWMASK !== undefined) r.fwmask = num(a.FRA_FWMASK);
  if (typeof a.FRA_IIFNAME === 'string') {
    r.iif = a.FRA_IIFNAME;
    r.iifDetached = (m.flags & FIB_RULE.FIB_RULE_IIF_DETACHED) !== 0;
  }
  if (typeof a.FRA_OIFNAME === 'string') {
    r.oif = a.FRA_OIFNAME;
    r.oifDetached = (m.flags & FIB_RULE.FIB_RULE_OIF_DETACHED) !== 0;
  }
  if (a.FRA_L3MDEV) r.l3mdev = true;
  if (a.FRA_UID_RANGE) r.uidRange = a.FRA_UID_RANGE as FibRuleUidRange;
  if (a.FRA_IP_PROTO !== undefined) r.ipProto = num(a.FRA_IP_PROTO);
  if (a.FRA_SPORT_RANGE) r.sport = a.FRA_SPORT_RANGE as FibRulePortRange;
  if (a.FRA_DPORT_RANGE) r.dport = a.FRA_DPORT_RANGE as FibRulePortRange;
  if (a.FRA_TUN_ID !== undefined) r.tunId = BigInt(a.FRA_TUN_ID as bigint);
  if (table) r.tableName = tableName(table);
  if (m.action === FR_ACT.FR_ACT_GOTO) {
    if (a.FRA_GOTO !== undefined) r.goto = num(a.FRA_GOTO);
    r.unresolved = (m.flags & FIB_RULE.FIB_RULE_UNRESOLVED) !== 0;
  }
  const spl = num(a.FRA_SUPPRESS_PREFIXLEN);
  if (spl !== undefined && spl !== -1) r.suppressPrefixlen = spl;
  const sig = num(a.FRA_SUPPRESS_IFGROUP);
  if (sig !== undefined && sig !== -1) r.suppressIfgroup = sig;
  const flow = num(a.FRA_FLOW);
  if (flow !== undefined) r.realms = { from: flow >>> 16, to: flow & 0xffff };
  return r;
}

/**
 * ip rule show   (ip -4 / ip -6 rule show for `family`)
 *
 * One RTM_GETRULE dump of `family`'s rules, in the kernel's order (by
 * priority). Unlike `ip rule show`, which shows IPv4 alone unless told,
 * both families come back when `family` is absent.
 */
export async function listPolicyRules(opts: ListPolicyRulesOptions = {}): Promise<PolicyRule[]> {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  return withRtnl(opts, (sock) => sock.dump(RTM.RTM_GETRULE, 0, (w) => encodeBody(rule, { family: af }, w),
    (m) => decodeBody(rule, m.buf, m.start, m.end) as RuleMessage)
    .filter((m) => m.family === AF_INET || m.family === AF_INET6)
    .map(policyRuleView));
}

/**
 * ip rule add SELECTOR ACTION   (ip -6 rule add for family inet6)
 *
 * SELECTOR: not, from, to, tos, fwmark[/mask], iif, oif, priority, l3mdev,
 * uidrange, ipproto, sport, dport; ACTION: table, protocol, realms, goto,
 * nop, blackhole, unreachable, prohibit, suppress_prefixlength,
 * suppress_ifgroup. RTM_NEWRULE with NLM_F_CREATE|NLM_F_EXCL, as ip sends
 * it: fails with EEXIST when the same rule is there. Defaults as ip's:
 * action lookup, table main, family inet; without `priority` the kernel
 * picks one below the lowest non-zero one.
 */
export async function addPolicyRule(spec: PolicyRuleSpec, opts: OpOptions = {}): Promise<void> {
  const body = ruleMessage(spec, 'new');
  withRtnl(opts, (sock) => sock.request(RTM.RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, (w) => encodeBody(rule, body, w)));
}

/**
 * ip rule del SELECTOR [ACTION]   (ip -6 rule del for family inet6)
 *
 * RTM_DELRULE, flags 0: the first rule matching everything given goes
 * (ENOENT when none does). At least one field must be given.
 */
export async function deletePolicyRule(spec: PolicyRuleSpec, opts: OpOptions = {}): Promise<void> {
  const body = ruleMessage(spec, 'delete');
  withRtnl(opts, (sock) => sock.request(RTM.RTM_DELRULE, 0, (w) => encodeBody(rule, body, w)));
}

export interface FlushPolicyRulesOptions extends OpOptions {
  /** inet or inet6; both when absent (ip rule flush: inet alone unless -6) */
  family?: Family;
  /** only rules made by this protocol ("boot", "static", 4, ...): ip rule flush protocol P */
  protocol?: string | number;
}

/**
 * ip rule flush [protocol P]   (ip -4 / -6 rule flush for family)
 *
 * One RTM_GETRULE dump, then an RTM_DELRULE for every rule whose priority
 * is not 0, carrying the dumped message as it came, as ip does: the
 * default rules "main" (32766) and "default" (32767) go too; the "local"
 * rule (priority 0) stays. Returns the rules deleted.
 */
export async function flushPolicyRules(opts: FlushPolicyRulesOptions = {}): Promise<PolicyRule[]> {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  const protocol = opts.protocol === undefined ? undefined : protocolId(opts.protocol);
  return withRtnl(opts, (sock) => {
    const dumped = sock.dump(RTM.RTM_GETRULE, 0, (w) => encodeBody(rule, { family: af }, w), (m) => {
      const bytes = Buffer.from(m.buf.subarray(m.start, m.end));
      return { bytes, view: policyRuleView(decodeBody(rule, bytes, 0, bytes.length) as RuleMessage) };
    });
    const gone = dumped.filter(({ view }) => (view.message.family === AF_INET || view.message.family === AF_INET6)
      && view.message.attrs.FRA_PRIORITY !== undefined && (protocol === undefined || (view.message.attrs.FRA_PROTOCOL ?? 0) === protocol));
    for (const { bytes } of gone) sock.request(RTM.RTM_DELRULE, 0, (w) => w.bytes(bytes));
    return gone.map((g) => g.view);
  });
}
