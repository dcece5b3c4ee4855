// tsip neigh { add | del | change | replace } { ADDR [ lladdr LLADDR ] [ nud STATE ] | proxy ADDR }
//            [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ] [ protocol PROTO ]
//
// ip/ipneigh.c ipneigh_modify() as iproute2 6.1 reads it: state permanent
// unless told (none for a managed entry), the link looked up last, one
// RTM_NEWNEIGH / RTM_DELNEIGH.
// The kernel judges the link-layer address (its length: "Invalid link
// address"), as it does for ip.

import { AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/constants.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import { NTF, NTF_EXT, NUD, neigh } from '../../netlink/rtnl/neigh.js';
import { encodeBody, type Attrs } from '../../netlink/schema.js';
import { Args, CliError, duparg, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { nudStateId } from '../print/neigh-selector.js';
import type { Prefix } from '../print/route-filter.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { bytesOf, getAddr, llAddrA2n, preferredFamily, protocolId } from './ip-parse.js';
import { NEIGH_USAGE } from './ip-usage.js';
import { nameToIndex, withSession } from './rtnl-session.js';

export type NeighCmd = 'add' | 'change' | 'replace' | 'delete';

const REQUEST: Record<NeighCmd, [type: number, flags: number]> = {
  add: [RTM.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL],
  change: [RTM.RTM_NEWNEIGH, NLM_F_REPLACE],
  replace: [RTM.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE],
  delete: [RTM.RTM_DELNEIGH, 0],
};

export async function modifyNeighbour(cmd: NeighCmd, argv: string[], ctx: CliContext): Promise<number> {
  const family = preferredFamily(ctx.opts);
  const args = new Args(argv);
  let state: number = NUD.NUD_PERMANENT;
  let flags = 0;
  let extFlags = 0;
  let protocol = 0;
  let dev: string | undefined;
  let devOk = false;
  let lladdr: string | undefined;
  let dst: Prefix | undefined;

  while (!args.done) {
    const a = args.take();
    if (matches(a, 'lladdr')) {
      const v = args.value();
      if (lladdr !== undefined) throw duparg('lladdr', v);
      lladdr = v;
    } else if (a === 'nud') {
      const v = args.value();
      const s = nudStateId(v);
      if (s === undefined) throw invarg('nud state is bad', v);
      state = s;
    } else if (matches(a, 'proxy')) {
      const v = args.value();
      if (matches(v, 'help')) return usage(ctx);
      if (dst) throw duparg('address', v);
      dst = getAddr(v, family);
      devOk = true;
      flags |= NTF.NTF_PROXY;
    } else if (a === 'router') {
      flags |= NTF.NTF_ROUTER;
    } else if (a === 'use') {
      flags |= NTF.NTF_USE;
    } else if (a === 'managed') {
      extFlags |= NTF_EXT.NTF_EXT_MANAGED;
      state = NUD.NUD_NONE;
    } else if (matches(a, 'extern_learn')) {
      flags |= NTF.NTF_EXT_LEARNED;
    } else if (a === 'dev') {
      dev = args.value();
      devOk = true;
    } else if (matches(a, 'protocol')) {
      const v = args.value();
      const p = protocolId(loadRtNames(), v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      protocol = p;
    } else {
      let v = a === 'to' ? args.value() : a;
      if (matches(v, 'help')) v = args.value();
      if (dst) throw duparg2('to', v);
      dst = getAddr(v, family);
    }
  }
  if (!devOk || !dst || dst.family === AF_UNSPEC) throw new CliError('Device and destination are required arguments.');

  const attrs: Attrs = { NDA_DST: bytesOf(dst) };
  if (protocol) attrs.NDA_PROTOCOL = protocol;
  if (extFlags) attrs.NDA_FLAGS_EXT = extFlags;
  if (lladdr !== undefined && lladdr !== 'null') attrs.NDA_LLADDR = llAddrA2n(lladdr);
  const [type, nlFlags] = REQUEST[cmd];
  const dstFamily = dst.family;
  return withSession(ctx, (sock) => {
    let index = 0;
    if (dev !== undefined) {
      index = nameToIndex(sock, dev);
      if (!index) throw new CliError(`Cannot find device "${dev}"`, 1);
    }
    const body = { ndm_family: dstFamily, ndm_ifindex: index, ndm_state: state, ndm_flags: flags, attrs };
    sock.request(type, nlFlags, (w) => encodeBody(neigh, body, w));
    return 0;
  });
}

function usage(ctx: CliContext): number {
  ctx.io.err(NEIGH_USAGE);
  return 255;
}
