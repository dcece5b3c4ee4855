// tsip route { add | change | replace | prepend | append | test | del } ROUTE
//
// ip/iproute.c iproute_modify() as iproute2 6.1 reads it: keywords are
// tried in ip's order (so "p" is priority and "t" is table, as in ip), the
// request is built while they are read, the output link is looked up, the
// next hops follow "nexthop", and the defaults ip fills in (family, table,
// scope) come last. One RTM_NEWROUTE / RTM_DELROUTE goes out; what the
// kernel refuses (a gateway off-link, a prefix with host bits) it words.

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/constants.js';
import { RTM, RTN, RTNH_F_ONLINK, RTPROT, RT_SCOPE, RT_TABLE } from '../../netlink/rtnl/constants.js';
import { ICMPV6_ROUTER_PREF_HIGH, ICMPV6_ROUTER_PREF_LOW, ICMPV6_ROUTER_PREF_MEDIUM, route } from '../../netlink/rtnl/route.js';
import { encodeBody } from '../../netlink/schema.js';
import { Args, CliError, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parsePrefix } from '../print/ip-prefix.js';
import { rtntypeId } from '../print/route-selector.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { bytesOf, dsfieldId, getAddr, getU8, getUnsigned, preferredFamily, protocolId, realmsOf, scopeId, tableId } from './ip-parse.js';
import { ROUTE_USAGE } from './ip-usage.js';
import { Metrics } from './route-metrics.js';
import { gateway, newdst, notImplemented, parseNexthops, type RouteReq } from './route-nexthops.js';
import { nameToIndex, withSession } from './rtnl-session.js';

export type RouteCmd = 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'test' | 'delete';

const FLAGS: Record<RouteCmd, number> = {
  add: NLM_F_CREATE | NLM_F_EXCL, change: NLM_F_REPLACE, replace: NLM_F_CREATE | NLM_F_REPLACE,
  prepend: NLM_F_CREATE, append: NLM_F_CREATE | NLM_F_APPEND, test: NLM_F_EXCL, delete: 0,
};

const PREFS: Record<string, number> = { low: ICMPV6_ROUTER_PREF_LOW, medium: ICMPV6_ROUTER_PREF_MEDIUM, high: ICMPV6_ROUTER_PREF_HIGH };

export async function modifyRoute(cmd: RouteCmd, argv: string[], ctx: CliContext): Promise<number> {
  const del = cmd === 'delete';
  const names = loadRtNames();
  const req: RouteReq = {
    rtm_family: preferredFamily(ctx.opts), rtm_dst_len: 0, rtm_src_len: 0, rtm_tos: 0, rtm_table: RT_TABLE.RT_TABLE_MAIN,
    rtm_protocol: del ? 0 : RTPROT.RTPROT_BOOT, rtm_scope: del ? RT_SCOPE.RT_SCOPE_NOWHERE : RT_SCOPE.RT_SCOPE_UNIVERSE,
    rtm_type: del ? 0 : RTN.RTN_UNICAST, rtm_flags: 0, attrs: {},
  };
  const a = req.attrs;
  const metrics = new Metrics();
  const args = new Args(argv);
  let dev: string | undefined;
  let gwOk = false, dstOk = false, nhsOk = false, scopeOk = false, tableOk = false, typeOk = false, nhid = 0;

  while (!args.done) {
    const arg = args.take();
    if (arg === 'src') {
      const addr = getAddr(args.value(), req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = addr.family;
      a.RTA_PREFSRC = bytesOf(addr);
    } else if (arg === 'as') {
      newdst(args, req, a);
    } else if (arg === 'via') {
      if (gwOk) throw invarg('use nexthop syntax to specify multiple via\n', arg);
      gwOk = true;
      gateway(args, req, a);
    } else if (arg === 'from') {
      const p = parsePrefix(args.value(), req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = p.family;
      if (p.bytes.length) a.RTA_SRC = bytesOf(p);
      req.rtm_src_len = p.bitlen;
    } else if (arg === 'tos' || matches(arg, 'dsfield')) {
      const v = args.value();
      const tos = dsfieldId(names, v);
      if (tos === undefined) throw invarg('"tos" value is invalid\n', v);
      req.rtm_tos = tos;
    } else if (arg === 'expires') {
      const v = args.value();
      const e = getUnsigned(v);
      if (e === undefined) throw invarg('"expires" value is invalid\n', v);
      a.RTA_EXPIRES = e;
    } else if (matches(arg, 'metric') || matches(arg, 'priority') || arg === 'preference') {
      const v = args.value();
      const m = getUnsigned(v);
      if (m === undefined) throw invarg('"metric" value is invalid\n', v);
      a.RTA_PRIORITY = m;
    } else if (arg === 'scope') {
      const v = args.value();
      const s = scopeId(names, v);
      if (s === undefined) throw invarg('invalid "scope" value\n', v);
      req.rtm_scope = s;
      scopeOk = true;
    } else if (metrics.read(arg, args)) {
      /* a metric */
    } else if (matches(arg, 'realms')) {
      const v = args.value();
      const r = realmsOf(names, v);
      if (r === undefined) throw invarg('"realm" value is invalid\n', v);
      a.RTA_FLOW = r;
    } else if (arg === 'onlink') {
      req.rtm_flags |= RTNH_F_ONLINK;
    } else if (arg === 'nexthop') {
      nhsOk = true;
      break;
    } else if (arg === 'nhid') {
      const v = args.value();
      const id = getUnsigned(v);
      if (id === undefined) throw invarg('"id" value is invalid\n', v);
      nhid = id;
      a.RTA_NH_ID = id;
    } else if (matches(arg, 'protocol')) {
      const v = args.value();
      const p = protocolId(names, v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      req.rtm_protocol = p;
    } else if (matches(arg, 'table')) {
      const v = args.value();
      const t = tableId(names, v);
      if (t === undefined) throw invarg('"table" value is invalid\n', v);
      setTable(req, t);
      tableOk = true;
    } else if (matches(arg, 'vrf')) {
      throw invarg('Invalid VRF\n', args.value());
    } else if (arg === 'dev' || arg === 'oif') {
      dev = args.value();
    } else if (matches(arg, 'pref')) {
      const v = args.value();
      const p = PREFS[v] ?? getU8(v);
      if (p === undefined) throw invarg('"pref" value is invalid\n', v);
      a.RTA_PREF = p;
    } else if (arg === 'encap') {
      throw notImplemented('encap');
    } else if (arg === 'ttl-propagate') {
      const v = args.value();
      if (matches(v, 'enabled')) a.RTA_TTL_PROPAGATE = 1;
      else if (matches(v, 'disabled')) a.RTA_TTL_PROPAGATE = 0;
      else throw invarg('"ttl-propagate" value is invalid\n', v);
    } else {
      let v = arg === 'to' ? args.value() : arg;
      const type = /^[0-9]/.test(v) ? undefined : rtntypeId(v);
      if (type !== undefined) {
        v = args.value();
        req.rtm_type = type;
        typeOk = true;
      }
      if (matches(v, 'help')) return usage(ctx);
      if (dstOk) throw duparg2('to', v);
      const dst = parsePrefix(v, req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = dst.family;
      req.rtm_dst_len = dst.bitlen;
      dstOk = true;
      if (dst.bytes.length) a.RTA_DST = bytesOf(dst);
    }
  }
  if (!dstOk) return usage(ctx);

  return withSession(ctx, (sock) => {
    if (dev !== undefined) {
      const idx = nameToIndex(sock, dev);
      if (!idx) throw new CliError(`Cannot find device "${dev}"`, 1);
      a.RTA_OIF = idx;
    }
    const mx = metrics.toAttrs();
    if (mx) a.RTA_METRICS = mx;
    if (nhsOk) a.RTA_MULTIPATH = parseNexthops(args, req, names, sock, ctx.io);
    fillDefaults(req, del, { gwOk, nhsOk, scopeOk, tableOk, typeOk, nhid });
    sock.request(del ? RTM.RTM_DELROUTE : RTM.RTM_NEWROUTE, FLAGS[cmd], (w) => encodeBody(route, req as Partial<RouteReq>, w));
    return 0;
  });
}

function setTable(req: RouteReq, t: number): void {
  if (t < 256) req.rtm_table = t;
  else {
    req.rtm_table = RT_TABLE.RT_TABLE_UNSPEC;
    req.attrs.RTA_TABLE = t;
  }
}

/** What ip fills in when it was not given: family inet, the local table, the scope. */
function fillDefaults(req: RouteReq, del: boolean, ok: { gwOk: boolean; nhsOk: boolean; scopeOk: boolean; tableOk: boolean; typeOk: boolean; nhid: number }): void {
  if (req.rtm_family === AF_UNSPEC) req.rtm_family = AF_INET;
  const t = req.rtm_type;
  if (!ok.tableOk && (t === RTN.RTN_LOCAL || t === RTN.RTN_BROADCAST || t === RTN.RTN_NAT || t === RTN.RTN_ANYCAST)) {
    req.rtm_table = RT_TABLE.RT_TABLE_LOCAL;
  }
  if (!ok.scopeOk) {
    if (req.rtm_family === AF_INET6 || req.rtm_family === 28 /* AF_MPLS */) req.rtm_scope = RT_SCOPE.RT_SCOPE_UNIVERSE;
    else if (t === RTN.RTN_LOCAL || t === RTN.RTN_NAT) req.rtm_scope = RT_SCOPE.RT_SCOPE_HOST;
    else if (t === RTN.RTN_BROADCAST || t === RTN.RTN_MULTICAST || t === RTN.RTN_ANYCAST) req.rtm_scope = RT_SCOPE.RT_SCOPE_LINK;
    else if (t === RTN.RTN_UNICAST || t === RTN.RTN_UNSPEC) {
      if (del) req.rtm_scope = RT_SCOPE.RT_SCOPE_NOWHERE;
      else if (!ok.gwOk && !ok.nhsOk && !ok.nhid) req.rtm_scope = RT_SCOPE.RT_SCOPE_LINK;
    }
  }
  if (!ok.typeOk && req.rtm_family === 28) req.rtm_type = RTN.RTN_UNICAST;
}

function usage(ctx: CliContext): number {
  ctx.io.err(ROUTE_USAGE);
  return 255;
}
