// tsip route get [ fibmatch ] ADDRESS [ from ADDRESS iif STRING ] [ oif STRING ]
//                [ tos TOS ] [ mark NUMBER ] [ uid NUMBER ] [ ipproto PROTOCOL ]
//                [ sport NUMBER ] [ dport NUMBER ] [ notify ] [ connected ]
//
// ip/iproute.c iproute_get(): one RTM_GETROUTE without NLM_F_DUMP, the
// kernel's lookup for one destination, printed unfiltered. "connected"
// asks again and prints the second answer too, as ip does.

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { RTM, RTM_F_FIB_MATCH, RTM_F_LOOKUP_TABLE, RTM_F_NOTIFY } from '../../netlink/rtnl/constants.js';
import { route, type RouteMessage } from '../../netlink/rtnl/route.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import { Args, CliError, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parsePrefix } from '../print/ip-prefix.js';
import { formatRouteGet } from '../print/route.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { bytesOf, dsfieldId, getAddr, getU16, getUnsigned, preferredFamily } from './ip-parse.js';
import { ROUTE_USAGE } from './ip-usage.js';
import { linkNames, nameToIndex, withSession } from './rtnl-session.js';

/** inet_proto_a2n(): the protocols /etc/protocols names most, or a number. */
const IP_PROTOS: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, sctp: 132, udplite: 136 };

export async function getRoute(argv: string[], ctx: CliContext): Promise<number> {
  const names = loadRtNames();
  const req = { rtm_family: preferredFamily(ctx.opts), rtm_dst_len: 0, rtm_src_len: 0, rtm_tos: 0, rtm_flags: 0, attrs: {} as Attrs };
  const a = req.attrs;
  const args = new Args(argv);
  let idev: string | undefined;
  let odev: string | undefined;
  let connected = false;
  let fibMatch = false;
  let fromOk = false;
  let mark = 0;
  let found = false;

  while (!args.done) {
    const arg = args.take();
    if (arg === 'tos' || matches(arg, 'dsfield')) {
      const v = args.value();
      const tos = dsfieldId(names, v);
      if (tos === undefined) throw invarg('TOS value is invalid\n', v);
      req.rtm_tos = tos;
    } else if (matches(arg, 'from')) {
      const v = args.value();
      if (matches(v, 'help')) return usage(ctx);
      fromOk = true;
      const p = parsePrefix(v, req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = p.family;
      if (p.bytes.length) a.RTA_SRC = bytesOf(p);
      req.rtm_src_len = p.bitlen;
    } else if (matches(arg, 'iif')) {
      idev = args.value();
    } else if (matches(arg, 'mark')) {
      const v = args.value();
      const m = getUnsigned(v);
      if (m === undefined) throw invarg('invalid mark value', v);
      mark = m;
    } else if (matches(arg, 'oif') || arg === 'dev') {
      odev = args.value();
    } else if (matches(arg, 'notify')) {
      req.rtm_flags |= RTM_F_NOTIFY;
    } else if (matches(arg, 'connected')) {
      connected = true;
    } else if (matches(arg, 'vrf')) {
      throw invarg('Invalid VRF\n', args.value());
    } else if (matches(arg, 'uid')) {
      const v = args.value();
      const uid = getUnsigned(v);
      if (uid === undefined) throw invarg('invalid UID\n', v);
      a.RTA_UID = uid;
    } else if (matches(arg, 'fibmatch')) {
      fibMatch = true;
    } else if (arg === 'as') {
      let v = args.value();
      if (v === 'to') v = args.value();
      const addr = getAddr(v, req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = addr.family;
      a.RTA_NEWDST = bytesOf(addr);
    } else if (matches(arg, 'sport') || matches(arg, 'dport')) {
      const v = args.value();
      const port = getU16(v);
      if (port === undefined) throw invarg(`invalid ${matches(arg, 'sport') ? 'sport' : 'dport'}\n`, v);
      a[matches(arg, 'sport') ? 'RTA_SPORT' : 'RTA_DPORT'] = port;
    } else if (matches(arg, 'ipproto')) {
      const v = args.value();
      const p = IP_PROTOS[v] ?? getUnsigned(v);
      if (p === undefined || p > 255) throw invarg('Invalid "ipproto" value\n', v);
      a.RTA_IP_PROTO = p;
    } else {
      const v = arg === 'to' ? args.value() : arg;
      if (matches(v, 'help')) return usage(ctx);
      const p = parsePrefix(v, req.rtm_family);
      if (req.rtm_family === AF_UNSPEC) req.rtm_family = p.family;
      if (p.bytes.length) a.RTA_DST = bytesOf(p);
      const full = req.rtm_family === AF_INET ? 32 : req.rtm_family === AF_INET6 ? 128 : -1;
      if (full > 0 && p.bitlen !== full) {
        ctx.io.err(`Warning: /${p.bitlen} as prefix is invalid, only /${full} (or none) is supported.\n`);
        req.rtm_dst_len = full;
      } else req.rtm_dst_len = p.bitlen;
      found = true;
    }
  }
  if (!found) throw new CliError('need at least a destination address', 1);

  return withSession(ctx, async (sock, op) => {
    if (idev !== undefined) {
      const idx = nameToIndex(sock, idev);
      if (!idx) throw new CliError(`Cannot find device "${idev}"`, 1);
      a.RTA_IIF = idx;
    }
    if (odev !== undefined) {
      const idx = nameToIndex(sock, odev);
      if (!idx) throw new CliError(`Cannot find device "${odev}"`, 1);
      a.RTA_OIF = idx;
    }
    if (mark) a.RTA_MARK = mark;
    if (req.rtm_family === AF_UNSPEC) req.rtm_family = AF_INET;
    if (req.rtm_family === AF_INET) req.rtm_flags |= RTM_F_LOOKUP_TABLE;
    if (fibMatch) req.rtm_flags |= RTM_F_FIB_MATCH;
    const ask = (): RouteMessage => {
      const [answer] = sock.request(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, req, w), (m) => decodeBody(route, m.buf, m.start, m.end) as RouteMessage);
      if (!answer) throw new CliError('Not a route?', 1);
      return answer;
    };
    const opts = ctx.opts;
    let answer = ask();
    const print = { json: opts.json, pretty: opts.pretty, details: opts.details, stats: opts.stats, oneline: opts.oneline, linkNames: await linkNames(op), names };
    if (connected && !fromOk) {
      ctx.io.out(formatRouteGet(answer, print));
      if (answer.attrs.RTA_PREFSRC === undefined && answer.attrs.RTA_SRC === undefined) throw new CliError('Failed to connect the route', 1);
      answer = ask();
      // ip has closed its JSON context by now: the second answer prints as text
      ctx.io.out(formatRouteGet(answer, { ...print, json: false }));
      return 0;
    }
    ctx.io.out(formatRouteGet(answer, print));
    return 0;
  });
}

function usage(ctx: CliContext): number {
  ctx.io.err(ROUTE_USAGE);
  return 255;
}
