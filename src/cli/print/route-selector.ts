// The SELECTOR of `ip route { show | list } SELECTOR` read into ip's route
// filter (ip/iproute.c iproute_list_flush_or_save):
//
//   [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ] [ table TABLE_ID ]
//   [ proto RTPROTO ] [ type TYPE ] [ scope SCOPE ] [ dev DEV ] [ iif DEV ]
//   [ via [ FAMILY ] PREFIX ] [ src PREFIX ] [ tos TOS ] [ realms REALMS ]
//   [ mark MARK ] [ metric METRIC ] [ from { root | match | exact } PREFIX ]
//   [ cached | cloned ] [ table all | cache ]
//
// Keywords match by prefix as in ip ("ta" is "table"). Device names become
// indexes through the caller's lookup.

import { AF_INET, AF_UNSPEC } from '../../netlink/constants.js';
import { RT_SCOPE, RTN } from '../../netlink/rtnl/constants.js';
import { Args, CliError, invarg, matches } from '../args.js';
import { parsePrefix, strtoul0 } from './ip-prefix.js';
import { newRouteFilter, type RouteFilter } from './route-filter.js';
import { DEFAULT_RT_NAMES, type RtNames } from './rt-names.js';

export interface SelectorContext {
  /** -4/-6: preferred_family (AF_UNSPEC for none) */
  family: number;
  /** ll_name_to_index(): the ifindex of a device name, undefined when there is none */
  linkIndex(name: string): number | undefined;
  names?: RtNames;
}

/** The filter, and the family ip asks the kernel for. */
export interface RouteSelection {
  filter: RouteFilter;
  dumpFamily: number;
}

/** A name of `table`, or a number up to `max` (rtnl_*_a2n). */
export function nameToId(table: ReadonlyMap<number, string>, arg: string, max = 255): number | undefined {
  for (const [id, name] of table) if (name === arg) return id;
  const n = strtoul0(arg);
  return n !== undefined && n <= max ? n : undefined;
}

/** rtnl_rtntype_a2n() */
export function rtntypeId(arg: string): number | undefined {
  if (arg === 'local') return RTN.RTN_LOCAL;
  if (arg === 'nat') return RTN.RTN_NAT;
  if (matches(arg, 'broadcast') || arg === 'brd') return RTN.RTN_BROADCAST;
  if (matches(arg, 'anycast')) return RTN.RTN_ANYCAST;
  if (matches(arg, 'multicast')) return RTN.RTN_MULTICAST;
  if (matches(arg, 'prohibit')) return RTN.RTN_PROHIBIT;
  if (matches(arg, 'unreachable')) return RTN.RTN_UNREACHABLE;
  if (matches(arg, 'blackhole')) return RTN.RTN_BLACKHOLE;
  if (matches(arg, 'xresolve')) return RTN.RTN_XRESOLVE;
  if (matches(arg, 'unicast')) return RTN.RTN_UNICAST;
  if (arg === 'throw') return RTN.RTN_THROW;
  const n = strtoul0(arg);
  return n !== undefined && n <= 255 ? n : undefined;
}

/** read_family(): a FAMILY word before an address, AF_UNSPEC when it is not one. */
export function readFamily(arg: string): number {
  switch (arg) {
    case 'inet': return AF_INET;
    case 'inet6': return 10;
    case 'dnet': return 12;
    case 'link': return 17;
    case 'ipx': return 4;
    case 'mpls': return 28;
    case 'bridge': return 7;
    default: return AF_UNSPEC;
  }
}

/** get_rt_realms_or_raw(): "5", "2/5", "2/", "/5", names from rt_realms. */
export function realmsOf(names: RtNames, arg: string): number | undefined {
  const raw = strtoul0(arg);
  if (raw !== undefined && raw <= 0xffffffff) return raw;
  const slash = arg.indexOf('/');
  let out = 0;
  let rest = arg;
  if (slash >= 0) {
    const from = nameToId(names.realms, arg.slice(0, slash));
    if (from === undefined) return undefined;
    out = from << 16;
    rest = arg.slice(slash + 1);
  }
  if (rest) {
    const to = nameToId(names.realms, rest);
    if (to === undefined) return undefined;
    out |= to;
  }
  return out >>> 0;
}

const nodev = (name: string) => new CliError(`Cannot find device "${name}"`, 1);

/** Read a route selector as `ip route show` does. */
export function parseRouteSelector(argv: readonly string[], ctx: SelectorContext): RouteSelection {
  const names = ctx.names ?? DEFAULT_RT_NAMES;
  const f = newRouteFilter();
  const fam = ctx.family;
  const args = new Args(argv);
  let dev: string | undefined;
  let iif: string | undefined;
  while (!args.done) {
    const a = args.take();
    if (matches(a, 'table')) {
      const v = args.value();
      const id = nameToId(names.tables, v, 0xffffffff);
      if (id !== undefined) f.tb = id;
      else if (v === 'all') f.tb = 0;
      else if (v === 'cache') f.cloned = 1;
      else if (v === 'help') throw new CliError('usage', 255);
      else throw invarg('table id value is invalid\n', v);
    } else if (matches(a, 'cached') || matches(a, 'cloned')) {
      f.cloned = 1;
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      const v = args.value();
      const tos = nameToId(names.dsfield, v) ?? hex(v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      f.tos = tos;
      f.tosmask = -1;
    } else if (matches(a, 'protocol')) {
      const v = args.value();
      f.protocolmask = -1;
      let p = nameToId(names.protos, v);
      if (p === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
        p = 0;
        f.protocolmask = 0;
      }
      f.protocol = p;
    } else if (matches(a, 'scope')) {
      const v = args.value();
      f.scopemask = -1;
      let s = nameToId(names.scopes, v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
        s = RT_SCOPE.RT_SCOPE_NOWHERE;
        f.scopemask = 0;
      }
      f.scope = s;
    } else if (matches(a, 'type')) {
      const v = args.value();
      const t = rtntypeId(v);
      if (t === undefined) throw invarg('node type value is invalid\n', v);
      f.typemask = 1 << t;
    } else if (a === 'dev' || a === 'oif') {
      dev = args.value();
    } else if (a === 'iif') {
      iif = args.value();
    } else if (a === 'mark') {
      const v = args.value();
      const m = strtoul0(v);
      if (m === undefined || m > 0xffffffff) throw invarg('invalid mark value', v);
      f.mark = m | 0;
      f.markmask = -1;
    } else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = args.value();
      const m = strtoul0(v);
      if (m === undefined || m > 0xffffffff) throw invarg('"metric" value is invalid\n', v);
      f.metric = m | 0;
      f.metricmask = -1;
    } else if (a === 'via') {
      let v = args.value();
      let family = readFamily(v);
      if (family === AF_UNSPEC) family = fam;
      else v = args.value();
      f.rvia = parsePrefix(v, family);
    } else if (a === 'src') {
      f.rprefsrc = parsePrefix(args.value(), fam);
    } else if (matches(a, 'realms')) {
      const v = args.value();
      const r = realmsOf(names, v);
      if (r === undefined) throw invarg('invalid realms\n', v);
      f.realm = r | 0;
      f.realmmask = -1;
      if ((r & 0xffff) === 0 && v.endsWith('/')) f.realmmask &= ~0xffff;
      if ((r & 0xffff0000) === 0 && (!v.includes('/') || v.startsWith('/'))) f.realmmask &= 0xffff;
    } else if (matches(a, 'from')) {
      const v = args.value();
      if (matches(v, 'root')) f.rsrc = parsePrefix(args.value(), fam);
      else if (matches(v, 'match')) f.msrc = parsePrefix(args.value(), fam);
      else {
        f.msrc = parsePrefix(matches(v, 'exact') ? args.value() : v, fam);
        f.rsrc = f.msrc;
      }
    } else {
      let v = a;
      if (matches(v, 'to')) v = args.value();
      if (matches(v, 'root')) f.rdst = parsePrefix(args.value(), fam);
      else if (matches(v, 'match')) f.mdst = parsePrefix(args.value(), fam);
      else {
        f.mdst = parsePrefix(matches(v, 'exact') ? args.value() : v, fam);
        f.rdst = f.mdst;
      }
    }
  }
  const dumpFamily = fam === AF_UNSPEC && f.tb ? AF_INET : fam;
  if (iif !== undefined) {
    const idx = ctx.linkIndex(iif);
    if (!idx) throw nodev(iif);
    f.iif = idx;
    f.iifmask = -1;
  }
  if (dev !== undefined) {
    const idx = ctx.linkIndex(dev);
    if (!idx) throw nodev(dev);
    f.oif = idx;
    f.oifmask = -1;
  }
  return { filter: f, dumpFamily };
}

/** strtoul(arg, &end, 16) up to 255 (rtnl_dsfield_a2n's numbers). */
function hex(v: string): number | undefined {
  if (!/^(0[xX])?[0-9a-fA-F]+$/.test(v)) return undefined;
  const n = parseInt(v.replace(/^0[xX]/, ''), 16);
  return n <= 255 ? n : undefined;
}
