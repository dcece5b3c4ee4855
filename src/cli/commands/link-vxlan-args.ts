// ip link add ... type vxlan id VNI [ remote | group ADDR ] [ local ADDR ]
//   [ dev DEV ] [ ttl TTL ] [ tos TOS ] [ dstport P ] [ srcport MIN MAX ]
//   [ [no]learning ] [ [no]proxy ] [ [no]l2miss ] [ [no]l3miss ]
//   [ [no]udpcsum ] [ ageing S ] [ maxaddress N ] [ [no]external ]
// (ip/iplink_vxlan.c vxlan_parse_opt() in iproute2 6.1), keywords in ip's
// order, its checks and words; the warning ip prints when no dstport is
// given is printed here too.

import { parseIPv4, parseIPv6 } from '../../netlink/inet.js';
import type { VxlanOptions } from '../../ops/link-kinds.js';
import { type Args, CliError, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { DEFAULT_RT_NAMES } from '../print/rt-names.js';
import { unsupported } from './link-parse.js';
import { portRangeRefusal } from './link-refusals.js';
import { KIND_HELP } from './link-usage.js';
import { getU16, getU32, getUnsigned, nameToIndex, U8 } from './link-util.js';

type Family = 0 | 4 | 6;
interface Addr { family: Family; text: string; multicast: boolean; unspec: boolean }

const familyWord = (f: Family) => (f === 4 ? 'inet' : f === 6 ? 'inet6' : 'any valid');

/** get_addr(): an address of `family` (0: either), or exit 1 as ip does */
function getAddr(v: string, family: Family): Addr {
  if (['any', 'all', 'default'].includes(v)) return { family, text: v, multicast: false, unspec: true };
  const b4 = family !== 6 ? parseIPv4(v) : undefined;
  const b6 = !b4 && family !== 4 && v.includes(':') ? parseIPv6(v) : undefined;
  if (!b4 && !b6) throw new CliError(`Error: ${familyWord(family)} address is expected rather than "${v}".`, 1);
  const multicast = b4 ? (b4[0]! & 0xf0) === 0xe0 : b6![0] === 0xff;
  const unspec = (b4 ?? b6)!.every((x) => x === 0);
  return { family: b4 ? 4 : 6, text: v, multicast, unspec };
}

/** The [no]flag keywords, in ip's order: [keyword, option, value]. */
const FLAGS: ReadonlyArray<readonly [string, keyof VxlanOptions | null, boolean]> = [
  ['nolearning', 'learning', false], ['learning', 'learning', true],
  ['noproxy', 'proxy', false], ['proxy', 'proxy', true],
  ['norsc', null, false], ['rsc', null, true],
  ['nol2miss', 'l2miss', false], ['l2miss', 'l2miss', true],
  ['nol3miss', 'l3miss', false], ['l3miss', 'l3miss', true],
  ['udpcsum', 'udpCsum', true], ['noudpcsum', 'udpCsum', false],
  ['udp6zerocsumtx', null, true], ['noudp6zerocsumtx', null, false],
  ['udp6zerocsumrx', null, true], ['noudp6zerocsumrx', null, false],
  ['remcsumtx', null, true], ['noremcsumtx', null, false],
  ['remcsumrx', null, true], ['noremcsumrx', null, false],
  ['external', 'external', true], ['noexternal', 'external', false],
  ['gbp', null, true], ['gpe', null, true],
  ['vnifilter', null, true], ['novnifilter', null, false],
];

export async function parseVxlanArgs(a: Args, ctx: CliContext, create: boolean): Promise<VxlanOptions> {
  const explain = KIND_HELP.vxlan!.replace(/\n$/, '');
  const o: Partial<VxlanOptions> = {};
  const seen = new Set<string>();
  /** check_duparg(): one value per attribute */
  const once = (attr: string, key: string, v: string) => {
    if (seen.has(attr)) throw duparg2(key, v);
    seen.add(attr);
  };
  let daddr: Addr | undefined;
  let saddr: Addr | undefined;
  let dev = 0;
  while (!a.done) {
    const arg = a.take();
    if (matches(arg, 'id') || matches(arg, 'vni')) {
      const v = a.value();
      once('id', 'id', v);
      const n = getU32(v);
      if (n === undefined || n >= 1 << 24) throw invarg('invalid id', v);
      o.id = n;
    } else if (matches(arg, 'group') || matches(arg, 'remote')) {
      const group = matches(arg, 'group');
      if (daddr) throw new CliError('vxlan: both group and remote cannot be specified', 1);
      const v = a.value();
      once('group', group ? 'group' : 'remote', v);
      daddr = getAddr(v, saddr?.family ?? 0);
      if (daddr.unspec || daddr.multicast !== group) throw invarg(`invalid ${group ? 'group' : 'remote'} address`, v);
    } else if (matches(arg, 'local')) {
      const v = a.value();
      once('local', 'local', v);
      saddr = getAddr(v, daddr?.family ?? 0);
      if (saddr.unspec || saddr.multicast) throw invarg('invalid local address', v);
    } else if (matches(arg, 'dev')) {
      const v = a.value();
      once('dev', 'dev', v);
      dev = await nameToIndex(ctx, v);
      if (!dev) throw new CliError(`Cannot find device "${v}"`);
    } else if (matches(arg, 'ttl') || matches(arg, 'hoplimit')) {
      const v = a.value();
      once('ttl', 'ttl', v);
      if (v === 'inherit') o.ttl = 'inherit';
      else if (v === 'auto') o.ttl = 0;
      else {
        const n = getUnsigned(v, 0xffffffffn);
        if (n === undefined) throw invarg('invalid TTL', v);
        if (n > 255n) throw invarg('TTL must be <= 255', v);
        o.ttl = Number(n);
      }
    } else if (matches(arg, 'tos') || matches(arg, 'dsfield')) {
      const v = a.value();
      once('tos', 'tos', v);
      if (v === 'inherit') o.tos = 1;
      else {
        const named = [...DEFAULT_RT_NAMES.dsfield].find(([, name]) => name === v)?.[0];
        const n = named ?? getUnsigned(v, U8, 16);
        if (n === undefined) throw invarg('bad TOS value', v);
        o.tos = Number(n);
      }
    } else if (matches(arg, 'df') || matches(arg, 'label') || matches(arg, 'flowlabel')) {
      a.value();
      throw unsupported(matches(arg, 'df') ? 'df' : 'flowlabel');
    } else if (matches(arg, 'ageing')) {
      const v = a.value();
      once('ageing', 'ageing', v);
      const n = v === 'none' ? 0 : getU32(v);
      if (n === undefined) throw invarg('ageing timer', v);
      o.ageing = n;
    } else if (matches(arg, 'maxaddress')) {
      const v = a.value();
      once('maxaddress', 'maxaddress', v);
      const n = v === 'unlimited' ? 0 : getU32(v);
      if (n === undefined) throw invarg('max addresses', v);
      o.maxAddress = n;
    } else if (matches(arg, 'port') || matches(arg, 'srcport')) {
      const v = a.value();
      once('srcport', 'srcport', v);
      const low = getU16(v);
      if (low === undefined) throw invarg('min port', v);
      const w = a.value();
      const high = getU16(w);
      if (high === undefined) throw invarg('max port', w);
      if (high < low) throw portRangeRefusal();
      if (low || high) o.srcport = [low, high];
    } else if (matches(arg, 'dstport')) {
      const v = a.value();
      once('dstport', 'dstport', v);
      const n = getU16(v);
      if (n === undefined) throw invarg('dst port', v);
      o.dstport = n;
    } else {
      const flag = FLAGS.find(([kw]) => matches(arg, kw));
      if (flag) {
        const [kw, key, value] = flag;
        once(key ?? kw.replace(/^no/, ''), arg, arg);
        if (key === null) throw unsupported(kw);
        (o as Record<string, unknown>)[key] = value;
      } else if (matches(arg, 'help')) {
        throw new CliError(explain, 1);
      } else {
        throw new CliError(`vxlan: unknown command "${arg}"?\n${explain}`, 1);
      }
    }
  }
  if (o.external && o.id !== undefined) throw new CliError("vxlan: both 'external' and vni cannot be specified", 1);
  if (!o.external && o.id === undefined && create) throw new CliError('vxlan: missing virtual network identifier', 1);
  if (daddr?.multicast && !dev) throw new CliError("vxlan: 'group' requires 'dev' to be specified", 1);
  if (o.dstport === undefined && create) {
    ctx.io.err(`vxlan: destination port not specified
Will use Linux kernel default (non-standard value)
Use 'dstport 4789' to get the IANA assigned value
Use 'dstport 0' to get default and quiet this message
`);
  }
  // external (collect metadata) turns learning off unless it was asked for
  if (o.external && o.learning === undefined) o.learning = false;
  if (daddr) o[daddr.multicast ? 'group' : 'remote'] = daddr.text;
  if (saddr) o.local = saddr.text;
  if (dev) o.dev = dev;
  return o as VxlanOptions;
}
