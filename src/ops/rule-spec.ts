// A policy rule as people write it (ip rule add from 10.1.0.0/16 table 100
// priority 100) turned into the fib_rule_hdr + FRA_* that iproute2 6.1
// sends (ip/iprule.c iprule_modify). Pure: no I/O; everything is checked
// before the caller talks to the kernel.
//
// What iproute2 sends, and so what this builds (test/fixtures/rtnl/rule.ts):
//   family      the spec's, else the family of from/to, else AF_INET
//   action      FR_ACT_TO_TBL on add unless told; FR_ACT_UNSPEC (a
//               wildcard) on delete unless told
//   table       main on add of a lookup rule without one; 0 for the other
//               actions; ids above 255 go in FRA_TABLE, the header's byte 0
//   attributes  one order, ip's when the words are written in the order
//               of ip's usage: FRA_SRC FRA_DST FRA_FWMARK FRA_FWMASK
//               FRA_FLOW FRA_TABLE FRA_SUPPRESS_PREFIXLEN
//               FRA_SUPPRESS_IFGROUP FRA_UID_RANGE FRA_IP_PROTO
//               FRA_SPORT_RANGE FRA_DPORT_RANGE FRA_IIFNAME FRA_OIFNAME
//               FRA_L3MDEV FRA_GOTO FRA_PROTOCOL FRA_PRIORITY
//               (ip writes them in the order of its command line).

import { ipProtocolByName } from './ip-protocols.js';
import { AF_INET } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { RT_TABLE } from '../netlink/rtnl/constants.js';
import { FIB_RULE, FR_ACT, type FibRulePortRange, type FibRuleUidRange, type RuleMessage } from '../netlink/rtnl/rule.js';
import type { Attrs } from '../netlink/schema.js';
import { familyId, invarg, protocolId, tableId, type Family } from './route-spec.js';
import { checkIfname, checkInt, parseInetPrefix, type InetPrefix } from './validate.js';

const U32 = 0xffffffff;
const S32 = 0x7fffffff;

/** What a matching rule does (fib_rule_hdr.action), as ip rule names it. */
export type RuleActionName = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

const ACTION_IDS: Readonly<Record<RuleActionName, number>> = {
  lookup: FR_ACT.FR_ACT_TO_TBL, goto: FR_ACT.FR_ACT_GOTO, nop: FR_ACT.FR_ACT_NOP,
  blackhole: FR_ACT.FR_ACT_BLACKHOLE, unreachable: FR_ACT.FR_ACT_UNREACHABLE, prohibit: FR_ACT.FR_ACT_PROHIBIT,
};

/** A port or an inclusive range: 80, { start: 1000, end: 2000 }, "1000-2000". */
export type PortRange = number | string | FibRulePortRange;

/**
 * A rule as `ip rule add|del` takes it. On add, what is not given is ip's
 * default (action lookup, table main, family inet); on delete it is a
 * wildcard: the first rule that matches everything given goes.
 */
export interface PolicyRuleSpec {
  family?: Family;
  /** FRA_PRIORITY: ip's "priority", "pref", "order" */
  priority?: number;
  /** invert the selector: "not" */
  not?: boolean;
  /** source prefix: "10.1.0.0/16", "2001:db8::/48", "10.1.1.7" */
  from?: string;
  /** destination prefix */
  to?: string;
  /** the DS field to match, 0..255: ip's "tos" or "dsfield" */
  tos?: number;
  /** firewall mark (FRA_FWMARK) and mask (FRA_FWMASK) */
  fwmark?: number;
  fwmask?: number;
  /** input / output device names (FRA_IIFNAME, FRA_OIFNAME): need not exist */
  iif?: string;
  oif?: string;
  /** look up the table of the iif/oif's l3mdev (VRF); no table then */
  l3mdev?: boolean;
  uidrange?: FibRuleUidRange;
  /** IP protocol: a number or a name ("tcp", "udp", "icmp", ...) */
  ipproto?: number | string;
  sport?: PortRange;
  dport?: PortRange;
  /** "main", "local", "default" or 1 .. 2^32-1 */
  table?: string | number;
  /** what to do; "lookup" when absent on add ("goto" when `goto` is given) */
  action?: RuleActionName;
  /** FR_ACT_GOTO's target: the priority of another rule */
  goto?: number;
  /** ignore lookup results with a prefix this long or shorter */
  suppressPrefixlen?: number;
  /** ignore lookup results whose device is in this group */
  suppressIfgroup?: number;
  /** FRA_FLOW: a raw number (from << 16 | to), or the realms */
  realms?: number | { from?: number; to: number };
  /** who made it ("boot", "static", 4, ...) */
  protocol?: string | number;
}

const SPEC_KEYS = new Set(['family', 'priority', 'not', 'from', 'to', 'tos', 'fwmark', 'fwmask', 'iif', 'oif', 'l3mdev', 'uidrange',
  'ipproto', 'sport', 'dport', 'table', 'action', 'goto', 'suppressPrefixlen', 'suppressIfgroup', 'realms', 'protocol']);

/** An add or a delete: they default differently. */
export type RuleCmd = 'new' | 'delete';

/** "tcp" or 6 → 6. */
export function ipProtoId(v: unknown): number {
  const named = typeof v === 'string' ? ipProtocolByName(v) : undefined;
  if (named !== undefined) return named;
  if (typeof v === 'string' && /^\d+$/.test(v)) return checkInt(Number(v), 'ipproto', 0, 255);
  if (typeof v === 'number') return checkInt(v, 'ipproto', 0, 255);
  throw invarg('Invalid "ipproto" value', v);
}

/** 80, "1000-2000" or { start, end } → { start, end }, start <= end. */
export function portRange(v: unknown, what: string): FibRulePortRange {
  let start: unknown;
  let end: unknown;
  if (typeof v === 'number') start = end = v;
  else if (typeof v === 'string') {
    const m = /^(\d+)(?:-(\d+))?$/.exec(v);
    if (!m) throw invarg(`invalid ${what}`, v);
    start = Number(m[1]);
    end = m[2] === undefined ? start : Number(m[2]);
  } else if (typeof v === 'object' && v !== null) ({ start, end } = v as FibRulePortRange);
  else throw invarg(`invalid ${what}`, v);
  const s = checkInt(start, `${what} start`, 0, 0xffff);
  const e = checkInt(end, `${what} end`, 0, 0xffff);
  if (s > e) throw invarg(`invalid ${what}: the range ends before it starts`, `${s}-${e}`);
  return { start: s, end: e };
}

function uidRange(v: unknown): FibRuleUidRange {
  if (typeof v !== 'object' || v === null) throw invarg('invalid UID range: { start, end }', v);
  const { start, end } = v as FibRuleUidRange;
  const s = checkInt(start, 'uidrange start', 0, U32);
  const e = checkInt(end, 'uidrange end', 0, U32);
  if (s > e) throw invarg('invalid UID range: it ends before it starts', `${s}-${e}`);
  return { start: s, end: e };
}

function realmsValue(v: unknown): number {
  if (typeof v === 'number') return checkInt(v, 'realms', 0, U32);
  if (typeof v === 'object' && v !== null) {
    const { from = 0, to } = v as { from?: number; to: number };
    return ((checkInt(from, 'realms from', 0, 0xffff) << 16) | checkInt(to, 'realms to', 0, 0xffff)) >>> 0;
  }
  throw invarg('invalid realms', v);
}

function prefix(v: unknown, what: string, family: number | undefined): InetPrefix {
  if (typeof v !== 'string') throw invarg(`"${what}" must be a prefix`, v);
  return parseInetPrefix(v, family);
}

/**
 * The request body (fib_rule_hdr + FRA_*) for a rule spec, as iproute2
 * builds it for `cmd`. Throws a UsageError naming the bad value.
 */
export function ruleMessage(spec: PolicyRuleSpec, cmd: RuleCmd): Partial<RuleMessage> {
  if (typeof spec !== 'object' || spec === null) throw new UsageError('Error: a rule needs a spec object.');
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw invarg('unknown rule option', k);
  const isNew = cmd === 'new';
  if (!isNew && Object.values(spec).every((v) => v === undefined)) throw new UsageError('"ip rule del" requires arguments.');
  let family: number | undefined = familyId(spec.family);
  const src = spec.from === undefined ? undefined : prefix(spec.from, 'from', family);
  family ??= src?.family;
  const dst = spec.to === undefined ? undefined : prefix(spec.to, 'to', family);
  family ??= dst?.family ?? AF_INET;

  let action: number = isNew ? FR_ACT.FR_ACT_TO_TBL : FR_ACT.FR_ACT_UNSPEC;
  if (spec.action !== undefined) {
    if (!Object.hasOwn(ACTION_IDS, spec.action)) throw invarg('Failed to parse rule type', spec.action);
    action = ACTION_IDS[spec.action];
  } else if (spec.goto !== undefined) action = FR_ACT.FR_ACT_GOTO;
  if (spec.goto !== undefined && action !== FR_ACT.FR_ACT_GOTO) throw invarg('"goto" needs the action goto', spec.action);
  if (isNew && action === FR_ACT.FR_ACT_GOTO && spec.goto === undefined) throw new UsageError('Error: the action goto needs a "goto" target (a priority).');

  const attrs: Attrs = {};
  if (src) attrs.FRA_SRC = src.bytes;
  if (dst) attrs.FRA_DST = dst.bytes;
  if (spec.fwmark !== undefined) attrs.FRA_FWMARK = checkInt(spec.fwmark, 'fwmark', 0, U32);
  if (spec.fwmask !== undefined) {
    if (spec.fwmark === undefined) throw invarg('"fwmask" needs "fwmark"', spec.fwmask);
    attrs.FRA_FWMASK = checkInt(spec.fwmask, 'fwmask', 0, U32);
  }
  if (spec.realms !== undefined) attrs.FRA_FLOW = realmsValue(spec.realms);
  let table = 0;
  if (spec.table !== undefined) {
    table = tableId(spec.table);
    if (table === 0) throw invarg('invalid table ID', spec.table);
    if (spec.l3mdev) throw new UsageError('table can not be specified for l3mdev rules');
    if (table > 255) attrs.FRA_TABLE = table;
  } else if (isNew && action === FR_ACT.FR_ACT_TO_TBL && !spec.l3mdev) table = RT_TABLE.RT_TABLE_MAIN;
  if (spec.suppressPrefixlen !== undefined) attrs.FRA_SUPPRESS_PREFIXLEN = checkInt(spec.suppressPrefixlen, 'suppress_prefixlength', 0, S32);
  if (spec.suppressIfgroup !== undefined) attrs.FRA_SUPPRESS_IFGROUP = checkInt(spec.suppressIfgroup, 'suppress_ifgroup', 0, S32);
  if (spec.uidrange !== undefined) attrs.FRA_UID_RANGE = uidRange(spec.uidrange);
  if (spec.ipproto !== undefined) attrs.FRA_IP_PROTO = ipProtoId(spec.ipproto);
  if (spec.sport !== undefined) attrs.FRA_SPORT_RANGE = portRange(spec.sport, 'sport');
  if (spec.dport !== undefined) attrs.FRA_DPORT_RANGE = portRange(spec.dport, 'dport');
  if (spec.iif !== undefined) attrs.FRA_IIFNAME = checkIfname(spec.iif, 'iif');
  if (spec.oif !== undefined) attrs.FRA_OIFNAME = checkIfname(spec.oif, 'oif');
  if (spec.l3mdev) attrs.FRA_L3MDEV = 1;
  if (spec.goto !== undefined) attrs.FRA_GOTO = checkInt(spec.goto, 'goto', 0, U32);
  if (spec.protocol !== undefined) attrs.FRA_PROTOCOL = protocolId(spec.protocol);
  if (spec.priority !== undefined) attrs.FRA_PRIORITY = checkInt(spec.priority, 'priority', 0, U32);
  return {
    family,
    dst_len: dst?.prefixlen ?? 0,
    src_len: src?.prefixlen ?? 0,
    tos: spec.tos === undefined ? 0 : checkInt(spec.tos, 'tos', 0, 255),
    table: table > 255 ? RT_TABLE.RT_TABLE_UNSPEC : table,
    action,
    flags: spec.not ? FIB_RULE.FIB_RULE_INVERT : 0,
    attrs,
  };
}
