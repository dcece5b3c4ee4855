// The next hops and gateways of `ip route add` (ip/iproute.c parse_nexthops,
// parse_one_nh, and the "via" / "as" of iproute_modify): a gateway of the
// route's family is RTA_GATEWAY, of another RTA_VIA; each "nexthop NH" is
// one struct rtnexthop of RTA_MULTIPATH, its device looked up as it is read.

import { AF_UNSPEC } from '../../netlink/constants.js';
import { RTNH_F_ONLINK } from '../../netlink/rtnl/constants.js';
import type { RtMsg, RtNexthop } from '../../netlink/rtnl/route.js';
import type { Attrs, Body } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { CliError, invarg, matches, type Args } from '../args.js';
import type { Io } from '../context.js';
import { readFamily } from '../print/route-selector.js';
import type { RtNames } from '../print/rt-names.js';
import { bytesOf, getAddr, getUnsigned, realmsOf } from './ip-parse.js';
import { nameToIndex } from './rtnl-session.js';

/** The route being built: rtmsg fields and attributes. */
export type RouteReq = Body<RtMsg>;

/** A keyword ip knows and tsip does not carry out (lightweight tunnel encapsulation). */
export const notImplemented = (what: string) => new CliError(`"${what}" is not implemented by tsip`);

/** A gateway: RTA_GATEWAY in the route's family, RTA_VIA {family, address} in another. */
export function gateway(args: Args, req: RouteReq, into: Attrs): void {
  let v = args.value();
  let family = readFamily(v);
  if (family === AF_UNSPEC) family = req.rtm_family;
  else v = args.value();
  const addr = getAddr(v, family);
  if (req.rtm_family === AF_UNSPEC) req.rtm_family = addr.family;
  if (addr.family === req.rtm_family) into.RTA_GATEWAY = bytesOf(addr);
  else into.RTA_VIA = { family: addr.family, addr: bytesOf(addr) };
}

/** "as [to] ADDRESS": RTA_NEWDST */
export function newdst(args: Args, req: RouteReq, into: Attrs): void {
  let v = args.value();
  if (v === 'to') v = args.value();
  const addr = getAddr(v, req.rtm_family);
  if (req.rtm_family === AF_UNSPEC) req.rtm_family = addr.family;
  into.RTA_NEWDST = bytesOf(addr);
}

/** parse_nexthops(): "nexthop NH" until the end; `args` stands on the first "nexthop". */
export function parseNexthops(args: Args, req: RouteReq, names: RtNames, sock: NetlinkSocket, io: Io): RtNexthop[] {
  const hops: RtNexthop[] = [];
  let word: string | undefined = 'nexthop';
  while (word !== undefined) {
    if (word !== 'nexthop') throw new CliError(`Error: "nexthop" or end of line is expected instead of "${word}"`);
    if (args.done) throw new CliError('Error: unexpected end of line after "nexthop"');
    const nh: RtNexthop = { rtnh_flags: 0, rtnh_hops: 0, rtnh_ifindex: 0, attrs: {} };
    word = parseOneNexthop(args, req, nh, names, sock, io);
    hops.push(nh);
  }
  return hops;
}

/** parse_one_nh(): one next hop's words; returns the word it stopped at (undefined at the end). */
function parseOneNexthop(args: Args, req: RouteReq, nh: RtNexthop, names: RtNames, sock: NetlinkSocket, io: Io): string | undefined {
  while (!args.done) {
    const a = args.take();
    if (a === 'via') {
      gateway(args, req, nh.attrs);
    } else if (a === 'dev') {
      const v = args.value();
      nh.rtnh_ifindex = nameToIndex(sock, v);
      if (!nh.rtnh_ifindex) {
        io.err(`Cannot find device "${v}"\n`);
        throw new CliError('Error: cannot parse nexthop');
      }
    } else if (a === 'weight') {
      const v = args.value();
      const w = getUnsigned(v);
      if (w === undefined || w === 0 || w > 256) throw invarg('"weight" is invalid\n', v);
      nh.rtnh_hops = w - 1;
    } else if (a === 'onlink') {
      nh.rtnh_flags |= RTNH_F_ONLINK;
    } else if (matches(a, 'realms')) {
      const v = args.value();
      const r = realmsOf(names, v);
      if (r === undefined) throw invarg('"realm" value is invalid\n', v);
      nh.attrs.RTA_FLOW = r;
    } else if (a === 'encap') {
      throw notImplemented('encap');
    } else if (a === 'as') {
      newdst(args, req, nh.attrs);
    } else {
      return a;
    }
  }
  return undefined;
}
