// The pieces of an `ip route` line that ip/iproute.c prints in helpers of
// their own: flags, metrics, cache flags and cacheinfo, realms, gateways,
// and the next hops of a multipath route. Each is a port of the C function
// named in its comment, print call for print call, so that text and JSON
// come from the same calls as in ip.

import { AF_INET, AF_INET6, AF_MPLS } from '../../netlink/constants.js';
import { formatIP, parseIP } from '../../netlink/inet.js';
import {
  RTM_F_CLONED, RTM_F_NOTIFY, RTM_F_OFFLOAD, RTM_F_TRAP, RTN, RTNH_F_DEAD, RTNH_F_LINKDOWN, RTNH_F_OFFLOAD,
  RTNH_F_ONLINK, RTNH_F_PERVASIVE, RTNH_F_TRAP, RTNH_F_UNRESOLVED,
} from '../../netlink/rtnl/constants.js';
import type { RtaCacheinfo, RtNexthop, RtVia } from '../../netlink/rtnl/route.js';
import type { Attrs } from '../../netlink/schema.js';
import type { Output } from './output.js';
import { familyName, rtrealmName, type RtNames } from './rt-names.js';

/** RTM_F_OFFLOAD_FAILED, newer than the constants module: <linux/rtnetlink.h> */
const RTM_F_OFFLOAD_FAILED = 0x20000000;

/** rt_addr_n2a(): an address attribute's text in `family`. */
export function addrText(family: number, v: unknown): string {
  if (family === AF_MPLS) {
    const b = typeof v === 'string' ? parseIP(v) : Buffer.isBuffer(v) ? v : undefined;
    return b ? mplsText(b) : '???';
  }
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v) && (family === AF_INET || family === AF_INET6)) return formatIP(v) ?? '???';
  return '???';
}

/** mpls_ntop(): labels joined by "/", up to the bottom of the stack. */
function mplsText(b: Buffer): string {
  const out: string[] = [];
  for (let o = 0; o + 4 <= b.length; o += 4) {
    const e = b.readUInt32BE(o);
    out.push(String(e >>> 12));
    if (e & 0x100) break;
  }
  return out.join('/');
}

/** ll_index_to_name(): the name, "*" for 0, "if%u" when unknown. */
export function ifName(names: ReadonlyMap<number, string>, index: number): string {
  if (index === 0) return '*';
  return names.get(index) ?? `if${index >>> 0}`;
}

const RT_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [RTNH_F_DEAD, 'dead'], [RTNH_F_ONLINK, 'onlink'], [RTNH_F_PERVASIVE, 'pervasive'],
  [RTNH_F_OFFLOAD, 'offload'], [RTNH_F_TRAP, 'trap'], [RTM_F_NOTIFY, 'notify'],
  [RTNH_F_LINKDOWN, 'linkdown'], [RTNH_F_UNRESOLVED, 'unresolved'], [RTM_F_OFFLOAD, 'rt_offload'],
  [RTM_F_TRAP, 'rt_trap'], [RTM_F_OFFLOAD_FAILED, 'rt_offload_failed'],
];

/** print_rt_flags(): "onlink linkdown ", or "flags": [...] */
export function printRtFlags(out: Output, flags: number): void {
  out.openArray('json', 'flags');
  for (const [bit, name] of RT_FLAGS) if (flags & bit) out.string('any', null, '%s ', name);
  out.closeArray('json', null);
}

/** print_rt_pref(): RFC 4191 router preference, with no space after it. */
export function printPref(out: Output, pref: number): void {
  const name = pref === 3 ? 'low' : pref === 0 ? 'medium' : pref === 1 ? 'high' : undefined;
  if (name) out.string('any', 'pref', 'pref %s', name);
  else out.uint('any', 'pref', '%u', pref);
}

/** print_rta_gateway(): "via 10.1.1.254 " */
export function printGateway(out: Output, family: number, v: unknown): void {
  const gw = addrText(family, v);
  if (out.isJson) out.string('json', 'gateway', null, gw);
  else out.fp('via %s ', gw);
}

/** print_rta_via(): a gateway of another family, "via inet6 fe80::1 " */
export function printVia(out: Output, via: RtVia): void {
  const host = addrText(via.family, via.addr);
  if (out.isJson) {
    out.openObject('via');
    out.string('json', 'family', null, familyName(via.family));
    out.string('json', 'host', null, host);
    out.closeObject();
  } else {
    out.fp('via %s ', familyName(via.family));
    out.fp('%s ', host);
  }
}

/** print_rta_newdst(): "as to 100/200 " */
export function printNewdst(out: Output, family: number, v: unknown): void {
  const to = addrText(family, v);
  if (out.isJson) out.string('json', 'to', null, to);
  else out.fp('as to %s ', to);
}

/** print_rta_flow(): "realm 5 " or "realms 2/5 " */
export function printFlow(out: Output, flow: number, names: RtNames): void {
  const from = flow >>> 16;
  const to = flow & 0xffff;
  if (out.isJson) {
    out.openObject('flow');
    if (from) out.string('json', 'from', null, rtrealmName(from, names));
    out.string('json', 'to', null, rtrealmName(to, names));
    out.closeObject();
  } else {
    out.fp('realm%s ', from ? 's' : '');
    if (from) out.fp('%s/', rtrealmName(from, names));
    out.fp('%s ', rtrealmName(to, names));
  }
}

/* RTCF_*: the flags of a cached IPv4 route, above bit 16. <linux/in_route.h> */
const RTCF: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, 'local'], [0x40000000, 'reject'], [0x20000000, 'mc'], [0x10000000, 'brd'],
  [0x08000000, 'dst-nat'], [0x00800000, 'src-nat'], [0x00400000, 'masq'], [0x00020000, 'dst-direct'],
  [0x04000000, 'src-direct'], [0x00040000, 'redirected'], [0x01000000, 'redirect'], [0x00200000, 'fastroute'],
  [0x00010000, 'notify'], [0x00080000, 'proxy'],
];

/** print_cache_flags(): "\n    cache <local> ", or "cache": [...] */
export function printCacheFlags(out: Output, rtmFlags: number): void {
  let flags = (rtmFlags & ~0xffff) >>> 0;
  if (out.isJson) {
    out.openArray('json', 'cache');
  } else {
    out.fp('%s    cache ', out.SL);
    if (flags === 0) return;
    out.fp('<');
  }
  for (const [bit, name] of RTCF) {
    if (!(flags & bit)) continue;
    flags = (flags & ~bit) >>> 0;
    if (out.isJson) out.string('json', null, null, name);
    else out.fp('%s%s', name, flags ? ',' : '> ');
  }
  if (flags) out.hex('any', 'flags', '%x>', flags);
  if (out.isJson) out.closeArray('json', null);
}

/** print_rta_cacheinfo(): expiry and error; with -s, users, used and age. */
export function printCacheinfo(out: Output, ci: RtaCacheinfo, stats: boolean, hz: number): void {
  if (ci.rta_expires !== 0) out.int('any', 'expires', 'expires %dsec ', Math.trunc(ci.rta_expires / hz));
  if (ci.rta_error !== 0) out.uint('any', 'error', 'error %u ', ci.rta_error);
  if (stats) {
    if (ci.rta_clntref) out.uint('any', 'users', 'users %u ', ci.rta_clntref);
    if (ci.rta_used !== 0) out.uint('any', 'used', 'used %u ', ci.rta_used);
    if (ci.rta_lastuse !== 0) out.uint('any', 'age', 'age %usec ', Math.trunc(ci.rta_lastuse / hz));
  }
  if (ci.rta_id) out.hex0x('any', 'ipid', 'ipid 0x%04llx ', ci.rta_id);
  if (ci.rta_ts || ci.rta_tsage) {
    out.hex0x('any', 'ts', 'ts 0x%llx', ci.rta_ts);
    out.uint('any', 'tsage', 'tsage %usec ', ci.rta_tsage);
  }
}

/** mx_names[]: the RTAX_* ids ip names, by id. */
const MX_NAMES: readonly (string | undefined)[] = [
  undefined, undefined, 'mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering',
  'hoplimit', 'initcwnd', 'features', 'rto_min', 'initrwnd', 'quickack', 'congctl', 'fastopen_no_cookie',
];
const RTAX_MAX = 17;
const RTAX_IDS: Record<string, number> = Object.fromEntries(
  ['RTAX_LOCK', 'RTAX_MTU', 'RTAX_WINDOW', 'RTAX_RTT', 'RTAX_RTTVAR', 'RTAX_SSTHRESH', 'RTAX_CWND', 'RTAX_ADVMSS',
    'RTAX_REORDERING', 'RTAX_HOPLIMIT', 'RTAX_INITCWND', 'RTAX_FEATURES', 'RTAX_RTO_MIN', 'RTAX_INITRWND',
    'RTAX_QUICKACK', 'RTAX_CC_ALGO', 'RTAX_FASTOPEN_NO_COOKIE'].map((n, i) => [n, i + 1]));

/** C's "%g": six significant digits, trailing zeros dropped. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const p = Number(x.toPrecision(6));
  const e = Math.floor(Math.log10(Math.abs(p)));
  if (e < -4 || e >= 6) {
    const [m, ex] = p.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(ex);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(p);
}

/** print_rta_metrics(): "mtu lock 1400 rtt 30ms ", or "metrics": [{...}] */
export function printMetrics(out: Output, metrics: Attrs): void {
  const byId = new Map<number, unknown>();
  for (const [k, v] of Object.entries(metrics)) {
    const id = RTAX_IDS[k];
    if (id !== undefined) byId.set(id, v);
  }
  out.openArray('json', 'metrics');
  out.openObject();
  const lock = (byId.get(1) as number | undefined) ?? 0;
  for (let i = 2; i <= RTAX_MAX; i++) {
    const v = byId.get(i);
    const locked = i < 32 && (lock & (1 << i)) !== 0;
    if (v === undefined && !locked) continue;
    let val = v !== undefined && i !== 16 ? (v as number) >>> 0 : 0;
    if (i === 10 && val === 0xffffffff) continue; // hoplimit -1
    if (!out.isJson) {
      const name = MX_NAMES[i];
      if (name) out.fp('%s ', name);
      else out.fp('metric %d ', i);
      if (locked) out.fp('lock ');
    }
    switch (i) {
      case 12: // RTAX_FEATURES
        if (val & 1) out.null('any', 'ecn', 'ecn ', null);
        if (val & ~1) out.hex0x('any', 'features', '%#llx ', val);
        break;
      case 4: case 5: case 13: // RTAX_RTT, RTAX_RTTVAR, RTAX_RTO_MIN
        if (i === 4) val = Math.floor(val / 8);
        else if (i === 5) val = Math.floor(val / 4);
        if (out.isJson) out.uint('json', MX_NAMES[i]!, null, val);
        else if (val >= 1000) out.fp('%ss ', formatG(val / 1e3));
        else out.fp('%ums ', val);
        break;
      case 16: // RTAX_CC_ALGO
        out.string('any', 'congestion', '%s ', String(v ?? ''));
        break;
      default:
        out.uint('any', MX_NAMES[i] ?? null, '%u ', val);
    }
  }
  out.closeObject();
  out.closeArray('json', null);
}

/** print_rta_multipath(): "\n\tnexthop via 10.1.1.3 dev veth0 weight 2 " per next hop. */
export function printMultipath(
  out: Output, r: { rtm_family: number; rtm_flags: number; rtm_type: number }, hops: readonly RtNexthop[],
  linkNames: ReadonlyMap<number, string>, names: RtNames,
): void {
  const mcast = (r.rtm_flags & RTM_F_CLONED) !== 0 && r.rtm_type === RTN.RTN_MULTICAST;
  let first = true;
  out.openArray('json', 'nexthops');
  for (const nh of hops) {
    out.openObject();
    if (mcast) {
      out.fp(first ? 'Oifs: ' : ' ');
      first = false;
    } else {
      out.fp('%s\tnexthop ', out.SL);
    }
    const a = nh.attrs;
    if (a.RTA_NEWDST !== undefined) printNewdst(out, r.rtm_family, a.RTA_NEWDST);
    if (a.RTA_GATEWAY !== undefined) printGateway(out, r.rtm_family, a.RTA_GATEWAY);
    if (a.RTA_VIA !== undefined) printVia(out, a.RTA_VIA as RtVia);
    if (typeof a.RTA_FLOW === 'number') printFlow(out, a.RTA_FLOW, names);
    const dev = ifName(linkNames, nh.rtnh_ifindex);
    if (mcast) {
      out.string('any', 'dev', '%s', dev);
      if (nh.rtnh_hops !== 1) out.int('any', 'ttl', '(ttl>%d)', nh.rtnh_hops);
      out.fp(' ');
    } else {
      out.string('any', 'dev', 'dev %s ', dev);
      if (r.rtm_family !== AF_MPLS) out.int('any', 'weight', 'weight %d ', nh.rtnh_hops + 1);
    }
    printRtFlags(out, nh.rtnh_flags);
    out.closeObject();
  }
  out.closeArray('json', null);
}
