// `ip rule show`, printed as iproute2 6.1 prints it (ip/iprule.c
// print_rule), from decoded RTM_NEWRULE / RTM_DELRULE messages:
//
//   0:	from all lookup local
//   120:	from all fwmark 0x10/0xff lookup 102
//   190:	not from all to 10.4.0.0/16 prohibit
//   197:	from 10.6.0.0/16 lookup 106 realms 3/4 proto static
//
// "PRIO:\t", then each field with a leading space. -j writes the same
// calls as [{"priority":0,"src":"all","table":"local"},...]. ip 6.1 knows
// nothing after FRA_DPORT_RANGE: FRA_DSCP, FRA_FLOWLABEL and the port and
// DSCP masks are not printed. Pure: the selector is parsed by the command.

import { IP_PROTOCOL_NAMES } from '../../ops/ip-protocols.js';
import { AF_INET, AF_INET6 } from '../../netlink/constants.js';
import { RTM, RTPROT } from '../../netlink/rtnl/constants.js';
import { FIB_RULE, FR_ACT, type FibRulePortRange, type FibRuleUidRange, type RuleMessage } from '../../netlink/rtnl/rule.js';
import { DEFAULT_GROUPS } from './names.js';
import { Output } from './output.js';
import { addrText } from './route-parts.js';
import { DEFAULT_RT_NAMES, dsfieldName, rtprotName, rtrealmName, rttableName, rtntypeName, type RtNames } from './rt-names.js';

/** RTN_NAT: a rule action only very old kernels sent ("map-to"). */
const RTN_NAT = 10;

/** ip rule show's selector (iprule.c's filter); everything unset selects all. */
export interface RuleFilter {
  /** -4/-6 (ip's preferred_family); AF_UNSPEC (0) for any */
  family?: number;
  pref?: number;
  not?: boolean;
  tos?: number;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  l3mdev?: boolean;
  uidrange?: FibRuleUidRange;
  ipproto?: number;
  sport?: FibRulePortRange;
  dport?: FibRulePortRange;
  /** a table id; 0 for any */
  table?: number;
  /** FRA_PROTOCOL */
  protocol?: number;
  /** "from PREFIX": family, address bytes and prefix length */
  src?: { family: number; bytes: Buffer; bitlen: number };
  dst?: { family: number; bytes: Buffer; bitlen: number };
}

export interface RulePrintOptions {
  json?: boolean;
  pretty?: boolean;
  /** -d: "proto" of every rule */
  details?: number | boolean;
  filter?: RuleFilter;
  names?: RtNames;
  /** device group names (/etc/iproute2/group), for suppress_ifgroup */
  groups?: ReadonlyMap<number, string>;
  /** IP protocol names (/etc/protocols), for ipproto */
  protocols?: ReadonlyMap<number, string>;
}

const hostLen = (family: number): number => (family === AF_INET ? 32 : family === AF_INET6 ? 128 : -1);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** inet_addr_match(): the first `bits` bits of a and b are equal. */
function prefixMatch(a: Buffer, b: Buffer, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
  }
  return true;
}

function addrBytes(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v !== 'string') return Buffer.alloc(16);
  if (v.includes(':')) {
    const [head = '', tail = ''] = v.split('::');
    const h = head ? head.split(':') : [];
    const t = v.includes('::') ? (tail ? tail.split(':') : []) : [];
    const words = v.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    const b = Buffer.alloc(16);
    words.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16) || 0, i * 2));
    return b;
  }
  return Buffer.from(v.split('.').map(Number));
}

/** filter_nlmsg(): does ip rule show's selector keep this rule? */
export function ruleAccepted(m: RuleMessage, f: RuleFilter = {}): boolean {
  const a = m.attrs;
  if (f.family && m.family !== f.family) return false;
  if (f.pref !== undefined && f.pref !== (num(a.FRA_PRIORITY) ?? 0)) return false;
  if (f.not && !(m.flags & FIB_RULE.FIB_RULE_INVERT)) return false;
  for (const [want, v, len] of [[f.src, a.FRA_SRC, m.src_len], [f.dst, a.FRA_DST, m.dst_len]] as const) {
    if (!want) continue;
    if (want.family !== m.family || want.bitlen > len) return false;
    if (want.bitlen && (v === undefined || !prefixMatch(addrBytes(v), want.bytes, want.bitlen))) return false;
  }
  if (f.tos !== undefined && f.tos !== m.tos) return false;
  if (f.fwmark && f.fwmark !== (num(a.FRA_FWMARK) ?? 0)) return false;
  if (f.fwmask && f.fwmask !== (num(a.FRA_FWMASK) ?? 0)) return false;
  if (f.iif !== undefined && a.FRA_IIFNAME !== f.iif) return false;
  if (f.oif !== undefined && a.FRA_OIFNAME !== f.oif) return false;
  if (f.l3mdev && !a.FRA_L3MDEV) return false;
  if (f.uidrange) {
    const r = a.FRA_UID_RANGE as FibRuleUidRange | undefined;
    if (!r || r.start !== f.uidrange.start || r.end !== f.uidrange.end) return false;
  }
  if (f.ipproto && f.ipproto !== (num(a.FRA_IP_PROTO) ?? 0)) return false;
  for (const [want, v] of [[f.sport, a.FRA_SPORT_RANGE], [f.dport, a.FRA_DPORT_RANGE]] as const) {
    if (!want?.start) continue;
    const r = v as FibRulePortRange | undefined;
    if (!r || r.start !== want.start || r.end !== want.end) return false;
  }
  const table = num(a.FRA_TABLE) ?? m.table;
  if (f.table && f.table !== table) return false;
  if (f.protocol !== undefined && f.protocol !== (num(a.FRA_PROTOCOL) ?? 0)) return false;
  return true;
}

interface Ctx {
  out: Output;
  details: boolean;
  names: RtNames;
  groups: ReadonlyMap<number, string>;
  protocols: ReadonlyMap<number, string>;
}

function ports(out: Output, key: string, r: FibRulePortRange): void {
  if (r.start === r.end) out.uint('any', key, ` ${key} %u`, r.start);
  else {
    out.uint('any', `${key}_start`, ` ${key} %u`, r.start);
    out.uint('any', `${key}_end`, '-%u', r.end);
  }
}

/** print_rule(): one rule, after ip's filter kept it. */
function printRule(c: Ctx, m: RuleMessage, deleted: boolean): void {
  const { out } = c;
  const a = m.attrs;
  const hl = hostLen(m.family);
  out.openObject();
  if (deleted) out.bool('any', 'deleted', 'Deleted ', true);
  out.uint('any', 'priority', '%u:\t', num(a.FRA_PRIORITY) ?? 0);
  if (m.flags & FIB_RULE.FIB_RULE_INVERT) out.null('any', 'not', 'not ', null);

  if (a.FRA_SRC !== undefined) {
    out.fp('from ');
    out.string('any', 'src', '%s', addrText(m.family, a.FRA_SRC));
    if (m.src_len !== hl) out.uint('any', 'srclen', '/%u', m.src_len);
  } else if (m.src_len) {
    out.string('any', 'src', 'from %s', '0');
    out.uint('any', 'srclen', '/%u', m.src_len);
  } else {
    out.string('any', 'src', 'from %s', 'all');
  }
  if (a.FRA_DST !== undefined) {
    out.fp(' to ');
    out.string('any', 'dst', '%s', addrText(m.family, a.FRA_DST));
    if (m.dst_len !== hl) out.uint('any', 'dstlen', '/%u', m.dst_len);
  } else if (m.dst_len) {
    out.string('any', 'dst', ' to %s', '0');
    out.uint('any', 'dstlen', '/%u', m.dst_len);
  }
  if (m.tos) out.string('any', 'tos', ' tos %s', dsfieldName(m.tos, c.names));

  if (a.FRA_FWMARK !== undefined || a.FRA_FWMASK !== undefined) {
    const mark = (num(a.FRA_FWMARK) ?? 0) >>> 0;
    const mask = a.FRA_FWMASK !== undefined ? (num(a.FRA_FWMASK) ?? 0) >>> 0 : 0;
    out.hex0x('any', 'fwmark', ' fwmark %#llx', mark);
    if (a.FRA_FWMASK !== undefined && mask !== 0xffffffff) out.hex0x('any', 'fwmask', '/%#llx', mask);
  }
  if (typeof a.FRA_IIFNAME === 'string') {
    out.fp(' iif ');
    out.string('any', 'iif', '%s', a.FRA_IIFNAME);
    if (m.flags & FIB_RULE.FIB_RULE_IIF_DETACHED) out.null('any', 'iif_detached', ' [detached]', null);
  }
  if (typeof a.FRA_OIFNAME === 'string') {
    out.fp(' oif ');
    out.string('any', 'oif', '%s', a.FRA_OIFNAME);
    if (m.flags & FIB_RULE.FIB_RULE_OIF_DETACHED) out.null('any', 'oif_detached', ' [detached]', null);
  }
  if (a.FRA_L3MDEV) out.null('any', 'l3mdev', ' lookup [l3mdev-table]', null);
  const uid = a.FRA_UID_RANGE as FibRuleUidRange | undefined;
  if (uid) {
    out.uint('any', 'uid_start', ' uidrange %u', uid.start);
    out.uint('any', 'uid_end', '-%u', uid.end);
  }
  const ipproto = num(a.FRA_IP_PROTO);
  if (ipproto !== undefined) out.string('any', 'ipproto', ' ipproto %s', c.protocols.get(ipproto) ?? `ipproto-${ipproto}`);
  if (a.FRA_SPORT_RANGE) ports(out, 'sport', a.FRA_SPORT_RANGE as FibRulePortRange);
  if (a.FRA_DPORT_RANGE) ports(out, 'dport', a.FRA_DPORT_RANGE as FibRulePortRange);
  if (a.FRA_TUN_ID !== undefined) out.u64('any', 'tun_id', ' tun_id %llu', BigInt(a.FRA_TUN_ID as bigint));

  const table = (num(a.FRA_TABLE) ?? m.table) >>> 0;
  if (table) {
    out.string('any', 'table', ' lookup %s', rttableName(table, c.names));
    const pl = num(a.FRA_SUPPRESS_PREFIXLEN);
    if (pl !== undefined && pl !== -1) out.int('any', 'suppress_prefixlen', ' suppress_prefixlength %d', pl);
    const group = num(a.FRA_SUPPRESS_IFGROUP);
    if (group !== undefined && group !== -1) out.string('any', 'suppress_ifgroup', ' suppress_ifgroup %s', c.groups.get(group) ?? String(group));
  }
  const flow = num(a.FRA_FLOW);
  if (flow !== undefined) {
    const from = flow >>> 16;
    if (from) out.string('any', 'flow_from', ' realms %s/', rtrealmName(from, c.names));
    else out.fp(' realms ');
    out.string('any', 'flow_to', '%s', rtrealmName(flow & 0xffff, c.names));
  }
  if (m.action === RTN_NAT) {
    if (a.FRA_GATEWAY !== undefined) out.string('any', 'nat_gateway', ' map-to %s', addrText(m.family, a.FRA_GATEWAY));
    else out.null('any', 'masquerade', ' masquerade', null);
  } else if (m.action === FR_ACT.FR_ACT_GOTO) {
    if (a.FRA_GOTO !== undefined) out.uint('any', 'goto', ' goto %u', num(a.FRA_GOTO) ?? 0);
    else out.string('any', 'goto', ' goto %s', 'none');
    if (m.flags & FIB_RULE.FIB_RULE_UNRESOLVED) out.null('any', 'unresolved', ' [unresolved]', null);
  } else if (m.action === FR_ACT.FR_ACT_NOP) {
    out.null('any', 'nop', ' nop', null);
  } else if (m.action !== FR_ACT.FR_ACT_TO_TBL) {
    out.string('any', 'action', ' %s', rtntypeName(m.action));
  }
  const proto = num(a.FRA_PROTOCOL);
  if (proto !== undefined && ((proto && proto !== RTPROT.RTPROT_KERNEL) || c.details)) {
    out.string('any', 'protocol', ' proto %s', rtprotName(proto, c.names));
  }
  out.fp('\n');
  out.closeObject();
}

function ctxOf(opts: RulePrintOptions): Ctx {
  return {
    out: new Output({ json: opts.json, pretty: opts.pretty }),
    details: !!opts.details,
    names: opts.names ?? DEFAULT_RT_NAMES,
    groups: opts.groups ?? DEFAULT_GROUPS,
    protocols: opts.protocols ?? IP_PROTOCOL_NAMES,
  };
}

/** `ip rule show`: the rules of a dump that the selector keeps, in dump order. */
export function formatRules(rules: readonly RuleMessage[], opts: RulePrintOptions = {}): string {
  const c = ctxOf(opts);
  c.out.openAnonArray();
  for (const r of rules) if (ruleAccepted(r, opts.filter)) printRule(c, r, false);
  c.out.closeArray('json', null);
  return c.out.finish();
}

/** One rule as `ip monitor rule` prints it ("Deleted " first for RTM_DELRULE); '' when the filter drops it. */
export function formatRuleEvent(type: number, m: RuleMessage, opts: RulePrintOptions = {}): string {
  if (type !== RTM.RTM_NEWRULE && type !== RTM.RTM_DELRULE) return '';
  if (!ruleAccepted(m, opts.filter)) return '';
  const c = ctxOf({ ...opts, json: false });
  printRule(c, m, type === RTM.RTM_DELRULE);
  return c.out.finish();
}
