// tsip nexthop { add | replace } id ID NH [ protocol ID ]
// tsip nexthop del id ID
// tsip nexthop flush [ protocol ID ] SELECTOR
//
// ip/ipnexthop.c ipnh_modify() and ipnh_flush() as iproute2 6.1 reads
// them. The words are read in ip's order and the request is built while
// they are read (attributes in command-line order, as ip's); a device is
// looked up when its word is read; what ip leaves to the kernel (a missing
// id, a family, a device) goes to the kernel, which words the refusal.
// "del" is read by the same parser (RTM_DELNEXTHOP, flags 0), as ip reads
// it. Encapsulation ("encap") is refused: tsip does not send lightweight
// tunnel attributes.
//
// A flush without a selector dumps the groups first (NHA_GROUPS) and
// deletes them, then dumps and deletes the rest; with a selector, one dump
// filtered by it. A delete the kernel refuses is reported ("Error deleting
// nexthop id N") and the flush goes on; the count is printed ("Flushed N
// nexthops", "Nothing to flush"), with or without -s.

import { AF_INET, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/constants.js';
import { NetlinkError } from '../../netlink/errors.js';
import { RTM, RTNH_F_ONLINK } from '../../netlink/rtnl/constants.js';
import { NEXTHOP_GRP_TYPE, nexthop, type NexthopGrp, type NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { USER_HZ } from '../../ops/nexthop-spec.js';
import { Args, CliError, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import type { RtNames } from '../print/rt-names.js';
import { bytesOf, getAddr, getU16, getUnsigned, preferredFamily, protocolId } from './ip-parse.js';
import { terminated } from './rtnl-session.js';

export type NexthopCmd = 'add' | 'replace' | 'delete';

const FLAGS: Record<NexthopCmd, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE | NLM_F_REPLACE, delete: 0 };

/** ipnh_parse_id() */
export function parseNhId(arg: string): number {
  const n = getUnsigned(arg);
  if (n === undefined) throw invarg('invalid id value', arg);
  return n;
}

/** ll_name_to_index(), or ip's invarg */
export type DeviceOf = (name: string) => number;

/** add_nh_group_attr(): "ID[,WEIGHT]/ID[,WEIGHT]/...", weights 1..256; undefined when an id is bad. */
function groupOf(arg: string): NexthopGrp[] | undefined {
  const out: NexthopGrp[] = [];
  for (const part of arg.split('/')) {
    const comma = part.indexOf(',');
    const id = getUnsigned(comma < 0 ? part : part.slice(0, comma));
    if (id === undefined) return undefined;
    let weight = 0;
    if (comma >= 0) {
      const ws = part.slice(comma + 1);
      const w = getUnsigned(ws);
      if (w === undefined || w === 0 || w > 256) throw invarg('"weight" is invalid\n', ws);
      weight = w - 1;
    }
    out.push({ id, weight, weight_high: 0 });
  }
  return out;
}

/** A timer in seconds as clock_t, in ip's u32 arithmetic (idle_timer * 100). */
const clockT = (n: number): number => Number(BigInt.asUintN(32, BigInt(n) * BigInt(USER_HZ)));

/** parse_nh_group_type_res(): the words after "resilient" that are its own; a nest when any word follows. */
function resilientArgs(args: Args, attrs: Attrs): void {
  if (args.done) return;
  const nest: Attrs = {};
  attrs.NHA_RES_GROUP = nest;
  for (;;) {
    const word = args.peek();
    if (word === 'buckets') {
      args.take();
      const v = args.value();
      const n = getU16(v);
      if (n === undefined) throw invarg('invalid buckets value', v);
      nest.NHA_RES_GROUP_BUCKETS = n;
    } else if (word === 'idle_timer' || word === 'unbalanced_timer') {
      args.take();
      const v = args.value();
      const n = getUnsigned(v);
      if (n === undefined) throw invarg(`invalid ${word === 'idle_timer' ? 'idle' : 'unbalanced'} timer value`, v);
      nest[word === 'idle_timer' ? 'NHA_RES_GROUP_IDLE_TIMER' : 'NHA_RES_GROUP_UNBALANCED_TIMER'] = clockT(n);
    } else {
      return;
    }
  }
}

/** ipnh_modify(): the request body, devices looked up with `deviceOf` as their words are read; 'help' for ip's usage(). */
export function parseNexthopModify(argv: readonly string[], family: number, names: RtNames, deviceOf: DeviceOf): Partial<NexthopMessage> | 'help' {
  const attrs: Attrs = {};
  const body: Partial<NexthopMessage> = { nh_family: family, nh_protocol: 0, nh_flags: 0, attrs };
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (a === 'id') {
      attrs.NHA_ID = parseNhId(args.value());
    } else if (a === 'dev') {
      attrs.NHA_OIF = deviceOf(args.value());
      if (!body.nh_family) body.nh_family = AF_INET;
    } else if (a === 'via') {
      const addr = getAddr(args.value(), body.nh_family!);
      if (!body.nh_family) body.nh_family = addr.family;
      attrs.NHA_GATEWAY = bytesOf(addr);
    } else if (a === 'blackhole') {
      attrs.NHA_BLACKHOLE = true;
      if (!body.nh_family) body.nh_family = AF_INET;
    } else if (a === 'fdb') {
      attrs.NHA_FDB = true;
    } else if (a === 'onlink') {
      body.nh_flags! |= RTNH_F_ONLINK;
    } else if (a === 'group') {
      const v = args.value();
      const g = groupOf(v);
      if (!g) throw invarg('"group" value is invalid\n', v);
      attrs.NHA_GROUP = g;
    } else if (a === 'type') {
      const v = args.value();
      if (v === 'mpath') attrs.NHA_GROUP_TYPE = NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_MPATH;
      else if (v === 'resilient') {
        resilientArgs(args, attrs);
        attrs.NHA_GROUP_TYPE = NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_RES;
      } else throw invarg('"type" value is invalid\n', v);
    } else if (matches(a, 'protocol')) {
      const v = args.value();
      const p = protocolId(names, v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      body.nh_protocol = p;
    } else if (a === 'encap') {
      throw new CliError('tsip nexthop: "encap" (lightweight tunnel encapsulation) is not supported by tsip.');
    } else if (a === 'help') {
      return 'help';
    } else {
      throw invarg('', a);
    }
  }
  return body;
}

/** ip nexthop add|replace|del: one RTM_NEWNEXTHOP or RTM_DELNEXTHOP. */
export function modifyNexthop(cmd: NexthopCmd, argv: readonly string[], ctx: CliContext, sock: NetlinkSocket, names: RtNames, deviceOf: DeviceOf, usage: () => number): number {
  const body = parseNexthopModify(argv, preferredFamily(ctx.opts), names, deviceOf);
  if (body === 'help') return usage();
  sock.request(cmd === 'delete' ? RTM.RTM_DELNEXTHOP : RTM.RTM_NEWNEXTHOP, FLAGS[cmd], (w) => encodeBody(nexthop, body, w));
  return 0;
}

/** ipnh_flush(): a dump of `attrs` (two, groups first, when `all`), each object the protocol keeps deleted by id. */
export function flushNexthops(ctx: CliContext, sock: NetlinkSocket, attrs: Attrs, protocol: number, all: boolean): number {
  const family = preferredFamily(ctx.opts);
  let flushed = 0;
  for (const pass of all ? [{ NHA_GROUPS: true }, {}] : [attrs]) {
    const msgs = terminated('Dump', 2, () => sock.dump(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: family, attrs: pass }, w),
      (m) => decodeBody(nexthop, m.buf, m.start, m.end) as NexthopMessage));
    for (const m of msgs) {
      if (protocol && m.nh_protocol !== protocol) continue;
      const id = m.attrs.NHA_ID as number | undefined;
      if (!id) continue;
      try {
        sock.request(RTM.RTM_DELNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: 0, attrs: { NHA_ID: id } }, w));
        flushed++;
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        ctx.io.err(`${e.message}\nError deleting nexthop id ${id}\n`);
      }
    }
  }
  ctx.io.out(flushed ? `Flushed ${flushed} nexthops\n` : 'Nothing to flush\n');
  return 0;
}
