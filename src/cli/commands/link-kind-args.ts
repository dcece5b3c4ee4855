// What follows "type KIND" on ip link add/set/delete: each kind's own
// arguments, read as that kind's parse_opt() in iproute2 6.1 reads them,
// into the options of src/ops/link-kinds.ts. veth and macvlan/macvtap are
// here; bridge and vxlan have their own files.
//
// ip runs a kind's parser only when arguments follow the kind; a kind ip
// knows but that parses nothing (ifb, dummy, ...) ignores them; a kind ip
// does not know takes none ("Garbage instead of arguments").

import type { BridgeOptions, MacvlanMode, MacvlanOptions, VethOptions, VethPeer, VxlanOptions } from '../../ops/link-kinds.js';
import { type Args, CliError, duparg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parseBridgeArgs } from './link-bridge-args.js';
import { peerUpRefusal } from './link-refusals.js';
import { parseLinkArgs, unsupported, usage } from './link-parse.js';
import { KIND_HELP } from './link-usage.js';
import { getU32, macText } from './link-util.js';
import { parseVxlanArgs } from './link-vxlan-args.js';

/** Text ip prints on stdout before it exits with `status` (veth's usage goes there). */
export class StdoutExit extends Error {
  constructor(readonly text: string, readonly status: number) {
    super('stdout exit');
  }
}

/** Kinds ip 6.1 has a link_util for without a parser: their arguments are ignored. */
const NO_PARSER = new Set(['ifb', 'dummy', 'nlmon', 'team', 'team_slave', 'vcan', 'netdevsim', 'wwan']);

/** Kinds ip 6.1 parses that tsip cannot (the kernel here lacks most of them). */
const OTHER_PARSERS = new Set([
  'amt', 'bareudp', 'bond', 'bond_slave', 'bridge_slave', 'can', 'dsa', 'erspan', 'geneve', 'gre', 'gretap', 'gtp',
  'hsr', 'ip6erspan', 'ip6gre', 'ip6gretap', 'ip6tnl', 'ipip', 'ipoib', 'ipvlan', 'ipvtap', 'lowpan', 'macsec',
  'rmnet', 'sit', 'virt_wifi', 'vlan', 'vrf', 'vti', 'vti6', 'vxcan', 'xfrm',
]);

export interface KindArgs {
  options?: VethOptions | BridgeOptions | MacvlanOptions | VxlanOptions;
}

/**
 * The kind's arguments (the rest of `a`). `create` is ip link add.
 * Returns the options for addLink(); throws as ip fails.
 */
export async function parseKindArgs(kind: string, a: Args, ctx: CliContext, create: boolean, groups: ReadonlyMap<number, string>): Promise<KindArgs> {
  if (a.done) return {};
  switch (kind) {
    case 'veth': return { options: await vethArgs(a, ctx, groups) };
    case 'bridge': return { options: parseBridgeArgs(a) };
    case 'macvlan':
    case 'macvtap': return { options: macvlanArgs(kind, a) };
    case 'vxlan': return { options: await parseVxlanArgs(a, ctx, create) };
    case 'tun':
    case 'tap': break;
    default:
      if (NO_PARSER.has(kind)) {
        a.rest();
        return {};
      }
      if (OTHER_PARSERS.has(kind)) throw unsupported(`type ${kind} ${a.peek()}`);
  }
  const next = a.take();
  if (matches(next, 'help')) throw usage();
  throw new CliError(`Garbage instead of arguments "${next} ...". Try "tsip link help".`, 1);
}

/* ---- veth: peer [ common arguments of the other end ] ---- */

async function vethArgs(a: Args, ctx: CliContext, groups: ReadonlyMap<number, string>): Promise<VethOptions> {
  if (a.take() !== 'peer') throw new StdoutExit(KIND_HELP.veth!, 1);
  const p = await parseLinkArgs(a, ctx, true, groups);
  if (p.type !== undefined) throw duparg('type', p.type);
  if (p.name !== undefined) throw new CliError('both "name" and "dev" cannot be used when creating devices.');
  if (p.up) throw peerUpRefusal();
  if (p.master !== undefined) throw unsupported('peer master');
  if (p.link !== undefined) throw unsupported('peer link');
  if (p.alias !== undefined) throw unsupported('peer alias');
  const peer: VethPeer = {};
  if (p.dev !== undefined) peer.name = p.dev;
  if (p.netns !== undefined) peer.netns = p.netns;
  if (p.address !== undefined) peer.address = macText(p.address);
  if (p.mtu !== undefined) peer.mtu = p.mtu;
  if (p.txqueuelen !== undefined) peer.txqueuelen = p.txqueuelen;
  if (p.group !== undefined) peer.group = p.group;
  return { peer };
}

/* ---- macvlan, macvtap: mode MODE [flag F] [nopromisc] [bcqueuelen N] ---- */

const MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru', 'source'];

function macvlanArgs(kind: string, a: Args): MacvlanOptions {
  const explain = KIND_HELP[kind]!;
  const fail = (msg: string) => new CliError(`${msg}\n${explain.replace(/\n$/, '')}`, 1);
  const o: MacvlanOptions = {};
  let nopromisc = false;
  while (!a.done) {
    const arg = a.take();
    if (matches(arg, 'mode')) {
      const v = a.value();
      if (!(MODES as readonly string[]).includes(v)) {
        throw new CliError(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${v}"`, 1);
      }
      o.mode = v as MacvlanMode;
    } else if (matches(arg, 'flag')) {
      const v = a.value();
      if (v === 'nopromisc') nopromisc = true;
      else if (v === 'nodst') throw unsupported('flag nodst');
      else if (v !== 'null') throw new CliError(`Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "${v}"`, 1);
    } else if (matches(arg, 'macaddr')) {
      throw unsupported('macaddr');
    } else if (matches(arg, 'nopromisc')) nopromisc = true;
    else if (matches(arg, 'nodst')) throw unsupported('nodst');
    else if (matches(arg, 'bcqueuelen')) {
      const v = a.value();
      const n = getU32(v);
      if (n === undefined) throw new CliError(`Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], not "${v}"`, 1);
      o.bcQueueLen = n;
    } else if (matches(arg, 'help')) {
      throw new CliError(explain.replace(/\n$/, ''), 1);
    } else {
      throw fail(`${kind}: unknown option "${arg}"?`);
    }
  }
  if (nopromisc) {
    if (o.mode !== 'passthru') throw fail(`${kind}: nopromisc flag only valid in passthru mode`);
    o.nopromisc = true;
  }
  return o;
}
