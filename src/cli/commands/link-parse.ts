// The arguments ip link add/set/delete share (ip/iplink.c iplink_parse()),
// read one by one in ip's order so that abbreviations resolve as ip
// resolves them ("a" is address, "n" is nomaster, "m" is master) and the
// first bad argument is the one reported, worded as ip words it. A master
// is looked up as it is read (ip does it there too); everything else that
// touches the kernel happens after. Parsing stops after "type KIND": what
// follows belongs to the kind (link-kind-args.ts).
//
// Arguments ip takes but tsip's link operations cannot carry yet (flags
// such as arp/multicast/promisc, numtxqueues, broadcast, xdp, vf, ...) are
// checked as ip checks them, then refused: "tsip does not support ...".

import type { NetnsRef } from '../../netlink/netns.js';
import { type Args, CliError, duparg, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { LINK_USAGE } from './link-usage.js';
import { getInteger, getUnsigned, llAddrA2n, nameToIndex, netnsArg, U32, validAltIfname, validIfname } from './link-util.js';

/** IFALIASZ: an alias is at most 255 bytes */
const IFALIASZ = 256;

export interface LinkArgs {
  up?: boolean;
  /** the name to create, or to rename to (already dropped when it is the device's own) */
  name?: string;
  /** the device named (set, delete), or the name to create (add) */
  dev?: string;
  /** `link DEV`: the lower link, by name */
  link?: string;
  address?: Buffer;
  txqueuelen?: number;
  mtu?: number;
  netns?: NetnsRef;
  /** master ifindex; 0 for nomaster */
  master?: number;
  alias?: string;
  group?: number;
  /** `type KIND`: the rest of the arguments are the kind's */
  type?: string;
}

/** ip's usage(): the whole `ip link help` text on stderr, exit 255. */
export const usage = () => new CliError(LINK_USAGE.replace(/\n$/, ''));

/** "tsip does not support X yet": an argument ip takes that the link ops cannot carry. */
export const unsupported = (what: string) => new CliError(`Error: tsip does not support "${what}" yet.`);

/** on_off(): exit 1 */
const onOffError = (key: string, v: string) => new CliError(`Error: argument of "${key}" must be "on" or "off", not "${v}"`, 1);

/** parse_on_off(): its own wording, and ip returns -EINVAL: exit 22 */
const parseOnOffError = (key: string, v: string) => new CliError(`Error: argument of "${key}" must be one of "off", "on", not "${v}"`, 22);

/** rtnl_group_a2n(): a name from /etc/iproute2/group, or a number >= 0 */
export function groupA2n(arg: string, names: ReadonlyMap<number, string>): number | undefined {
  for (const [id, name] of names) if (name === arg) return id;
  const v = getInteger(arg);
  if (v !== undefined) return v >= 0 ? v : undefined;
  // strtol() reads longer numbers and the int keeps the low 32 bits
  const big = /^\s*[+-]?\d+$/.test(arg) ? BigInt.asIntN(32, BigInt(arg.trim())) : undefined;
  return big !== undefined && big >= 0n ? Number(big) : undefined;
}

const ON_OFF = new Set(['multicast', 'allmulticast', 'promisc', 'trailers', 'arp']);
const LINK_MODES = ['default', 'dormant'];
const OPERSTATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'];

/**
 * Arguments ip takes and tsip cannot send: the value is checked as ip
 * checks it (its error first), then the argument is refused. Returns
 * false for an argument that is none of these.
 */
function refuseUnsupported(a: Args, arg: string, dev: string | undefined): false {
  if (ON_OFF.has(arg) || matches(arg, 'dynamic')) {
    const key = ON_OFF.has(arg) ? arg : 'dynamic';
    const v = a.value();
    if (v !== 'on' && v !== 'off') throw onOffError(key, v);
    throw unsupported(key);
  }
  if (arg === 'carrier' || arg === 'protodown') {
    const v = a.value();
    if (v !== 'on' && v !== 'off') throw parseOnOffError(arg, v);
    throw unsupported(arg);
  }
  if (arg === 'index') {
    const v = a.value();
    if (!(/^\s*[+-]?\d/.test(v) && parseInt(v, 10) > 0)) throw invarg('Invalid "index" value', v); // atoi()
    throw unsupported('index');
  }
  for (const key of ['numtxqueues', 'numrxqueues', 'link-netnsid']) {
    if (!matches(arg, key)) continue;
    const v = a.value();
    if (getInteger(v) === undefined) throw invarg(`Invalid "${key}" value\n`, v);
    throw unsupported(key);
  }
  if (matches(arg, 'broadcast') || arg === 'brd') {
    llAddrA2n(a.value());
    throw unsupported('broadcast');
  }
  if (arg === 'mode' || arg === 'state') {
    const v = a.value();
    if (!(arg === 'mode' ? LINK_MODES : OPERSTATES).includes(v.toLowerCase())) {
      throw invarg(arg === 'mode' ? 'Invalid link mode\n' : 'Invalid operstate\n', v);
    }
    throw unsupported(arg);
  }
  if (['xdp', 'xdpgeneric', 'xdpdrv', 'xdpoffload', 'vrf', 'protodown_reason', 'parentdev'].includes(arg)) {
    a.value();
    throw unsupported(arg);
  }
  if (arg === 'vf') {
    const v = a.value();
    if (getInteger(v) === undefined) throw invarg('Invalid "vf" value\n', v);
    if (dev === undefined) throw new CliError('Error: argument "dev" is required');
    throw unsupported('vf');
  }
  if (['gso_max_size', 'gso_max_segs', 'gro_max_size'].includes(arg)) {
    const v = a.value();
    if (getUnsigned(v, U32) === undefined) throw invarg(`Invalid "${arg}" value\n`, v);
    throw unsupported(arg);
  }
  for (const key of ['addrgenmode', 'link-netns']) {
    if (!matches(arg, key)) continue;
    a.value();
    throw unsupported(key);
  }
  return false;
}

/**
 * iplink_parse(): the common arguments, up to and including "type KIND".
 * `create` is ip link add (and the peer of a veth): a name and a dev that
 * differ are an error there, a rename elsewhere.
 */
export async function parseLinkArgs(a: Args, ctx: CliContext, create: boolean, groups: ReadonlyMap<number, string>): Promise<LinkArgs> {
  const p: LinkArgs = {};
  let name: string | undefined;
  let devIsName = false; // ip's "dev == name": the dev pointer is the name's
  const dup = <K extends keyof LinkArgs>(key: K, label: string, v: string) => {
    if (p[key] !== undefined) throw duparg(label, v);
  };
  while (!a.done) {
    const arg = a.take();
    if (arg === 'up') p.up = true;
    else if (arg === 'down') p.up = false;
    else if (arg === 'name') {
      const v = a.value();
      if (name !== undefined) throw duparg('name', v);
      if (!validIfname(v)) throw invarg('"name" not a valid ifname', v);
      name = v;
      if (p.dev === undefined) {
        p.dev = v;
        devIsName = true;
      }
    } else if (matches(arg, 'link')) p.link = a.value();
    else if (matches(arg, 'address')) p.address = llAddrA2n(a.value());
    else if (matches(arg, 'txqueuelen') || arg === 'qlen' || matches(arg, 'txqlen')) {
      const v = a.value();
      dup('txqueuelen', 'txqueuelen', v);
      const n = getInteger(v);
      if (n === undefined) throw invarg('Invalid "txqueuelen" value\n', v);
      p.txqueuelen = n >>> 0;
    } else if (arg === 'mtu') {
      const v = a.value();
      dup('mtu', 'mtu', v);
      const n = getInteger(v);
      if (n === undefined) throw invarg('Invalid "mtu" value\n', v);
      p.mtu = n >>> 0;
    } else if (arg === 'netns') {
      const v = a.value();
      dup('netns', 'netns', v);
      p.netns = netnsArg(v);
    } else if (matches(arg, 'master')) {
      const v = a.value();
      const index = await nameToIndex(ctx, v);
      if (!index) throw invarg('Device does not exist\n', v);
      p.master = index;
    } else if (matches(arg, 'nomaster')) p.master = 0;
    else if (matches(arg, 'type')) {
      p.type = a.value();
      break;
    } else if (matches(arg, 'alias')) {
      const v = a.value();
      if (Buffer.byteLength(v) >= IFALIASZ) throw invarg('alias too long\n', v);
      p.alias = v;
    } else if (arg === 'group') {
      const v = a.value();
      dup('group', 'group', v);
      const g = groupA2n(v, groups);
      if (g === undefined) throw invarg('Invalid "group" value\n', v);
      p.group = g;
    } else if (refuseUnsupported(a, arg, p.dev)) {
      /* never: it throws for every argument it knows */
    } else {
      if (matches(arg, 'help')) throw usage();
      const v = arg === 'dev' ? a.value() : arg;
      if (p.dev !== undefined && !devIsName) throw duparg2('dev', v);
      if (!validAltIfname(v)) throw invarg('"dev" not a valid ifname', v);
      p.dev = v;
      devIsName = false;
    }
  }
  // "ip link add dev X" and "ip link add name X" are the same; a rename to
  // the device's own name is no rename
  if (name !== undefined && name !== p.dev) p.name = name;
  return p;
}
