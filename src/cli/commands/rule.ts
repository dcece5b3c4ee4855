// tsip rule [ { list | show | lst } [ SELECTOR ] ]
// tsip rule { add | del } SELECTOR ACTION      (rule-modify.ts)
// tsip rule flush [ SELECTOR ]                 (rule-modify.ts)
//
// ip/iprule.c do_iprule() and iprule_list_flush_or_save(): one RTM_GETRULE
// dump of the family (-6, else inet), filtered by the selector as ip
// filters it and printed by ../print/rule.ts. Saving and restoring rules
// are not implemented.

import { readFileSync } from 'node:fs';
import { AF_INET } from '../../netlink/constants.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import { rule, type RuleMessage } from '../../netlink/rtnl/rule.js';
import { decodeBody, encodeBody } from '../../netlink/schema.js';
import { Args, CliError, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parseIdNameFile } from '../print/conf.js';
import { parsePrefix } from '../print/ip-prefix.js';
import { DEFAULT_GROUPS } from '../print/names.js';
import { loadIpProtocols } from '../../ops/ip-protocols.js';
import { formatRules, type RuleFilter } from '../print/rule.js';
import { loadRtNames } from '../print/rt-names-file.js';
import type { RtNames } from '../print/rt-names.js';
import { dsfieldId, getUnsigned, preferredFamily, protocolId, tableId } from './ip-parse.js';
import { RULE_USAGE } from './ip-usage.js';
import { flushRules, ipprotoOf, modifyRule, ruleIfname as ifname, uidRangeOf } from './rule-modify.js';
import { terminated, withSession } from './rtnl-session.js';

/** /etc/iproute2/group: device group names. */
function loadGroups(): ReadonlyMap<number, string> {
  try {
    return new Map([...DEFAULT_GROUPS, ...parseIdNameFile(readFileSync('/etc/iproute2/group', 'utf8'))]);
  } catch {
    return DEFAULT_GROUPS;
  }
}

function portRange(arg: string, key: string): { start: number; end: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(arg);
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start > 0xffff || end > 0xffff) throw invarg(`invalid ${key}\n`, arg);
  return { start, end };
}

/**
 * The selector words of iprule_list_flush_or_save(), in ip's order.
 * "protocol" filters a flush alone (`flush`): ip rule show lists every protocol.
 */
export function parseRuleSelector(argv: readonly string[], family: number, names: RtNames, protocols: ReadonlyMap<number, string>, flush = false): RuleFilter {
  const af = family || AF_INET;
  const f: RuleFilter = { family };
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (matches(a, 'preference') || matches(a, 'order') || matches(a, 'priority')) {
      const v = args.value();
      const n = getUnsigned(v);
      if (n === undefined) throw invarg('preference value is invalid\n', v);
      f.pref = n;
    } else if (a === 'not') {
      f.not = true;
    } else if (a === 'tos' || a === 'dsfield') {
      const v = args.value();
      const n = dsfieldId(names, v);
      if (n === undefined) throw invarg('TOS value is invalid\n', v);
      f.tos = n;
    } else if (a === 'fwmark') {
      const v = args.value();
      const [mark = '', mask] = v.split('/', 2);
      const n = getUnsigned(mark);
      if (n === undefined) throw invarg('fwmark value is invalid\n', mark);
      f.fwmark = n;
      if (mask !== undefined) {
        const k = getUnsigned(mask);
        if (k === undefined) throw invarg('fwmask value is invalid\n', mask);
        f.fwmask = k;
      }
    } else if (a === 'dev' || a === 'iif') {
      f.iif = ifname(args.value(), '"iif"/"dev" not a valid ifname');
    } else if (a === 'oif') {
      f.oif = ifname(args.value(), '"oif" not a valid ifname');
    } else if (a === 'l3mdev') {
      f.l3mdev = true;
    } else if (a === 'uidrange') {
      const v = args.value();
      const r = uidRangeOf(v);
      if (!r) throw invarg('invalid UID range\n', v);
      f.uidrange = r;
    } else if (a === 'ipproto') {
      const v = args.value();
      const n = ipprotoOf(protocols, v);
      if (n === undefined) throw invarg('Invalid "ipproto" value\n', v);
      f.ipproto = n;
    } else if (a === 'sport') {
      f.sport = portRange(args.value(), 'sport');
    } else if (a === 'dport') {
      f.dport = portRange(args.value(), 'dport');
    } else if (matches(a, 'lookup') || matches(a, 'table')) {
      const v = args.value();
      const n = tableId(names, v);
      if (n === undefined) throw invarg('table id value is invalid\n', v);
      f.table = n;
    } else if (matches(a, 'from') || matches(a, 'src')) {
      const p = parsePrefix(args.value(), af);
      f.src = { family: p.family, bitlen: p.bitlen, bytes: Buffer.from(p.bytes) };
    } else if (matches(a, 'protocol')) {
      // parsed, and used by flush alone: ip rule show lists every protocol
      const v = args.value();
      const p = protocolId(names, v);
      if (p === undefined && v !== 'all') throw invarg('invalid "protocol"\n', v);
      if (flush && p !== undefined) f.protocol = p;
    } else {
      let v = a;
      if (matches(a, 'dst') || matches(a, 'to')) v = args.value();
      const p = parsePrefix(v, af);
      f.dst = { family: p.family, bitlen: p.bitlen, bytes: Buffer.from(p.bytes) };
    }
  }
  return f;
}

function usage(ctx: CliContext): number {
  ctx.io.err(RULE_USAGE);
  return 255;
}

async function showRules(argv: string[], ctx: CliContext): Promise<number> {
  const { opts } = ctx;
  const family = preferredFamily(opts);
  const names = loadRtNames();
  const protocols = loadIpProtocols();
  const filter = parseRuleSelector(argv, family, names, protocols);
  return withSession(ctx, (sock) => {
    const rules = terminated('Dump', 1, () => sock.dump(RTM.RTM_GETRULE, 0, (w) => encodeBody(rule, { family: family || AF_INET }, w),
      (m) => decodeBody(rule, m.buf, m.start, m.end) as RuleMessage));
    ctx.io.out(formatRules(rules, { json: opts.json, pretty: opts.pretty, details: opts.details, filter, names, protocols, groups: loadGroups() }));
    return 0;
  });
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return showRules([], ctx);
  if (matches(cmd, 'list') || matches(cmd, 'lst') || matches(cmd, 'show')) return showRules(rest, ctx);
  if (matches(cmd, 'save') || matches(cmd, 'restore')) throw new CliError(`Command "${cmd}" is not implemented by tsip, try "tsip rule help".`);
  const t = () => ({ names: loadRtNames(), protocols: loadIpProtocols(), groups: loadGroups() });
  if (matches(cmd, 'add')) return modifyRule(false, rest, ctx, t(), () => usage(ctx));
  if (matches(cmd, 'delete')) return modifyRule(true, rest, ctx, t(), () => usage(ctx));
  if (matches(cmd, 'flush')) {
    const { names, protocols } = t();
    return flushRules(parseRuleSelector(rest, preferredFamily(ctx.opts), names, protocols, true), ctx);
  }
  if (matches(cmd, 'help')) return usage(ctx);
  throw new CliError(`Command "${cmd}" is unknown, try "tsip rule help".`);
}
