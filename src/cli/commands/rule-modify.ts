// tsip rule { add | del } SELECTOR ACTION
// tsip rule flush [ SELECTOR ]
//
// ip/iprule.c iprule_modify() and iprule_list_flush_or_save(IPRULE_FLUSH)
// as iproute2 6.1 reads them: the words are read in ip's order and the
// request is built while they are read (so its attributes follow the
// command line, as ip's do); the family is -4/-6's, else inet (a prefix of
// the other family goes to the kernel as it is, which refuses it); table
// main when no table and no other action is given. One RTM_NEWRULE
// (NLM_F_CREATE|NLM_F_EXCL) or RTM_DELRULE goes out. A flush dumps the
// family's rules and sends each one the selector keeps, priority 0 aside,
// back as RTM_DELRULE, as ip does.

import { ipProtocolByName } from '../../ops/ip-protocols.js';
import { AF_INET, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL } from '../../netlink/constants.js';
import { RTM, RT_TABLE } from '../../netlink/rtnl/constants.js';
import { FIB_RULE, FR_ACT, rule, type FibRulePortRange, type RuleMessage } from '../../netlink/rtnl/rule.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import { Args, CliError, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parsePrefix } from '../print/ip-prefix.js';
import { rtntypeId } from '../print/route-selector.js';
import { ruleAccepted, type RuleFilter } from '../print/rule.js';
import type { RtNames } from '../print/rt-names.js';
import { bytesOf, dsfieldId, getUnsigned, preferredFamily, protocolId, realmsOf, tableId } from './ip-parse.js';
import { groupA2n } from './link-parse.js';
import { terminated, withSession } from './rtnl-session.js';

/** The name tables the words are read with. */
export interface RuleNames {
  names: RtNames;
  /** /etc/protocols */
  protocols: ReadonlyMap<number, string>;
  /** /etc/iproute2/group */
  groups: ReadonlyMap<number, string>;
}

/** check_ifname(): 1 to 15 bytes, no "/" and no white space (":" is allowed) */
export function ruleIfname(arg: string, msg: string): string {
  if (!arg || Buffer.byteLength(arg) >= 16 || /[/\s]/.test(arg)) throw invarg(msg, arg);
  return arg;
}

/** inet_proto_a2n(): a name of /etc/protocols or a number up to 255 */
export function ipprotoOf(protocols: ReadonlyMap<number, string>, arg: string): number | undefined {
  const byName = ipProtocolByName(arg, protocols);
  const n = byName ?? getUnsigned(arg);
  return n === undefined || n > 255 ? undefined : n;
}

/** sscanf(arg, "%u-%u"): both numbers, or undefined */
export function uidRangeOf(arg: string): { start: number; end: number } | undefined {
  const m = /^\s*\+?(\d+)-\s*\+?(\d+)/.exec(arg);
  return m ? { start: Number(BigInt.asUintN(32, BigInt(m[1]!))), end: Number(BigInt.asUintN(32, BigInt(m[2]!))) } : undefined;
}

/** sscanf(arg, "%hu-%hu") as iprule_modify() reads a port range: one number is start and end; each keeps its low 16 bits. */
function portsOf(arg: string): FibRulePortRange | undefined {
  const m = /^\s*([+-]?\d+)(?:-\s*([+-]?\d+))?/.exec(arg);
  if (!m) return undefined;
  const u16 = (s: string) => Number(BigInt.asUintN(16, BigInt(s)));
  const start = u16(m[1]!);
  return { start, end: m[2] === undefined ? start : u16(m[2]) };
}

function usageError(cmd: 'add' | 'del'): CliError {
  return new CliError(`"tsip rule ${cmd}" requires arguments.`, 1, false);
}

/** iprule_modify(): RTM_NEWRULE or RTM_DELRULE, the words read as ip reads them. */
export async function modifyRule(del: boolean, argv: string[], ctx: CliContext, t: RuleNames, usage: () => number): Promise<number> {
  if (argv.length === 0) throw usageError(del ? 'del' : 'add');
  const family = preferredFamily(ctx.opts);
  const req: Partial<RuleMessage> & { attrs: Attrs } = {
    family, dst_len: 0, src_len: 0, tos: 0, table: 0, action: del ? FR_ACT.FR_ACT_UNSPEC : FR_ACT.FR_ACT_TO_TBL, flags: 0, attrs: {},
  };
  const a = req.attrs;
  let tableOk = false, l3mdev = false, tid = 0;
  const args = new Args(argv);
  while (!args.done) {
    const arg = args.take();
    if (arg === 'not') {
      req.flags! |= FIB_RULE.FIB_RULE_INVERT;
    } else if (arg === 'from' || arg === 'to') {
      const p = parsePrefix(args.value(), family);
      if (arg === 'from') req.src_len = p.bitlen;
      else req.dst_len = p.bitlen;
      if (p.bytes.length) a[arg === 'from' ? 'FRA_SRC' : 'FRA_DST'] = bytesOf(p);
    } else if (matches(arg, 'preference') || matches(arg, 'order') || matches(arg, 'priority')) {
      const v = args.value();
      const n = getUnsigned(v);
      if (n === undefined) throw invarg('preference value is invalid\n', v);
      a.FRA_PRIORITY = n;
    } else if (arg === 'tos' || matches(arg, 'dsfield')) {
      const v = args.value();
      const n = dsfieldId(t.names, v);
      if (n === undefined) throw invarg('TOS value is invalid\n', v);
      req.tos = n;
    } else if (arg === 'fwmark') {
      const v = args.value();
      const slash = v.indexOf('/');
      const mark = slash < 0 ? v : v.slice(0, slash);
      const n = getUnsigned(mark);
      if (n === undefined) throw invarg('fwmark value is invalid\n', mark);
      a.FRA_FWMARK = n;
      if (slash >= 0) {
        const k = getUnsigned(v.slice(slash + 1));
        if (k === undefined) throw invarg('fwmask value is invalid\n', v.slice(slash + 1));
        a.FRA_FWMASK = k;
      }
    } else if (matches(arg, 'realms')) {
      const v = args.value();
      const r = realmsOf(t.names, v);
      if (r === undefined) throw invarg('invalid realms\n', v);
      a.FRA_FLOW = r;
    } else if (matches(arg, 'protocol')) {
      const v = args.value();
      const p = protocolId(t.names, v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      a.FRA_PROTOCOL = p;
    } else if (matches(arg, 'table') || arg === 'lookup') {
      const v = args.value();
      const n = tableId(t.names, v);
      if (n === undefined) throw invarg('invalid table ID\n', v);
      tid = n;
      if (n < 256) req.table = n;
      else {
        req.table = RT_TABLE.RT_TABLE_UNSPEC;
        a.FRA_TABLE = n;
      }
      tableOk = true;
    } else if (matches(arg, 'suppress_prefixlength') || arg === 'sup_pl') {
      const v = args.value();
      const n = getUnsigned(v);
      if (n === undefined || n > 0x7fffffff) throw invarg('suppress_prefixlength value is invalid\n', v);
      a.FRA_SUPPRESS_PREFIXLEN = n;
    } else if (matches(arg, 'suppress_ifgroup') || arg === 'sup_group') {
      const v = args.value();
      const g = groupA2n(v, t.groups);
      if (g === undefined) throw invarg('Invalid "suppress_ifgroup" value\n', v);
      a.FRA_SUPPRESS_IFGROUP = g;
    } else if (arg === 'dev' || arg === 'iif') {
      a.FRA_IIFNAME = ruleIfname(args.value(), '"iif"/"dev" not a valid ifname');
    } else if (arg === 'oif') {
      a.FRA_OIFNAME = ruleIfname(args.value(), '"oif" not a valid ifname');
    } else if (arg === 'l3mdev') {
      a.FRA_L3MDEV = 1;
      tableOk = true;
      l3mdev = true;
    } else if (arg === 'uidrange') {
      const v = args.value();
      const r = uidRangeOf(v);
      if (!r) throw invarg('invalid UID range\n', v);
      a.FRA_UID_RANGE = r;
    } else if (arg === 'ipproto') {
      const v = args.value();
      const n = ipprotoOf(t.protocols, v);
      if (n === undefined) throw invarg('Invalid "ipproto" value\n', v);
      a.FRA_IP_PROTO = n;
    } else if (arg === 'sport' || arg === 'dport') {
      const v = args.value();
      const r = portsOf(v);
      if (!r) throw invarg('invalid port range\n', v);
      a[arg === 'sport' ? 'FRA_SPORT_RANGE' : 'FRA_DPORT_RANGE'] = r;
    } else if (arg === 'nat' || matches(arg, 'map-to')) {
      throw new CliError('tsip rule: "nat" (route NAT, deprecated) is not supported by tsip.');
    } else {
      const word = arg === 'type' ? args.value() : arg;
      if (matches(word, 'help')) return usage();
      if (matches(word, 'goto')) {
        const v = args.value();
        const n = getUnsigned(v);
        if (n === undefined) throw invarg('invalid target\n', v);
        a.FRA_GOTO = n;
        req.action = FR_ACT.FR_ACT_GOTO;
      } else if (matches(word, 'nop')) {
        req.action = FR_ACT.FR_ACT_NOP;
      } else {
        const type = rtntypeId(word);
        if (type === undefined) throw invarg('Failed to parse rule type', word);
        req.action = type;
      }
      tableOk = true;
    }
  }
  if (l3mdev && tid !== 0) throw new CliError('table can not be specified for l3mdev rules', 22, false);
  if (req.family === AF_UNSPEC) req.family = AF_INET;
  if (!tableOk && !del) req.table = RT_TABLE.RT_TABLE_MAIN;
  return withSession(ctx, (sock) => {
    sock.request(del ? RTM.RTM_DELRULE : RTM.RTM_NEWRULE, del ? 0 : NLM_F_CREATE | NLM_F_EXCL, (w) => encodeBody(rule, req, w));
    return 0;
  });
}

/** iprule_list_flush_or_save(IPRULE_FLUSH): the rules the selector keeps, but priority 0's, deleted as dumped. */
export async function flushRules(filter: RuleFilter, ctx: CliContext): Promise<number> {
  const family = filter.family || AF_INET;
  return withSession(ctx, (sock) => {
    const rules = terminated('Dump', 1, () => sock.dump(RTM.RTM_GETRULE, 0, (w) => encodeBody(rule, { family }, w),
      (m) => Buffer.from(m.buf.subarray(m.start, m.end))));
    terminated('Flush', 1, () => {
      for (const bytes of rules) {
        const m = decodeBody(rule, bytes, 0, bytes.length) as RuleMessage;
        if (!ruleAccepted(m, filter) || m.attrs.FRA_PRIORITY === undefined) continue;
        sock.request(RTM.RTM_DELRULE, 0, (w) => w.bytes(bytes));
      }
    });
    return 0;
  });
}
