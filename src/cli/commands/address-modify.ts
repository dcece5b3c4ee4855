// tsip address { add | change | replace | del } IFADDR dev IFNAME ...
//
// ip/ipaddress.c ipaddr_modify(), as iproute2 6.1 reads it: the request is
// built while the arguments are read, then the link is looked up and one
// RTM_NEWADDR / RTM_DELADDR goes out. What ip leaves to the kernel (a label
// of another link's name) is left to it here too; the flags ip refuses
// (nodad on IPv4, permanent) it warns about and leaves out, as ip does.

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/constants.js';
import { IFA_F, INFINITY_LIFE_TIME, address } from '../../netlink/rtnl/address.js';
import { RTM, RT_SCOPE } from '../../netlink/rtnl/constants.js';
import { encodeBody, type Attrs } from '../../netlink/schema.js';
import { Args, CliError, duparg, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { parsePrefix } from '../print/ip-prefix.js';
import type { Prefix } from '../print/route-filter.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { ADDRESS_USAGE } from './ip-usage.js';
import { bytesOf, getAddr, getUnsigned, preferredFamily, scopeId } from './ip-parse.js';
import { nameToIndex, withSession } from './rtnl-session.js';

/**
 * ip's ifa_flag_data[]: each flag word, whether the kernel alone sets it
 * (ip warns "not mutable" and sends nothing), and whether it is IPv6's
 * only (ip warns and leaves it out when the family is not IPv6 yet).
 */
const FLAG_WORDS: Readonly<Record<string, readonly [mask: number, readonly: boolean, v6only: boolean]>> = {
  secondary: [IFA_F.IFA_F_SECONDARY, true, false], temporary: [IFA_F.IFA_F_SECONDARY, true, false],
  nodad: [IFA_F.IFA_F_NODAD, false, true], optimistic: [IFA_F.IFA_F_OPTIMISTIC, false, true],
  dadfailed: [IFA_F.IFA_F_DADFAILED, true, true], home: [IFA_F.IFA_F_HOMEADDRESS, false, true],
  deprecated: [IFA_F.IFA_F_DEPRECATED, true, true], tentative: [IFA_F.IFA_F_TENTATIVE, true, true],
  permanent: [IFA_F.IFA_F_PERMANENT, true, true], mngtmpaddr: [IFA_F.IFA_F_MANAGETEMPADDR, false, true],
  noprefixroute: [IFA_F.IFA_F_NOPREFIXROUTE, false, false], autojoin: [IFA_F.IFA_F_MCAUTOJOIN, false, false],
  'stable-privacy': [IFA_F.IFA_F_STABLE_PRIVACY, true, true],
};

/** set_lifetime(): "forever" or a u32. */
function lifetime(arg: string): number | undefined {
  return arg === 'forever' ? INFINITY_LIFE_TIME : getUnsigned(arg);
}

/** The broadcast of "brd +" (host bits set) or "brd -" (cleared), from the peer's prefix; none past /30. */
function computedBroadcast(peer: Prefix, plus: boolean): Buffer | undefined {
  if (peer.bitlen > 30) return undefined;
  const v = peer.bytes.length >= 4 ? Buffer.from(peer.bytes).readUInt32BE(0) : 0;
  const host = peer.bitlen === 0 ? 0xffffffff : 2 ** (32 - peer.bitlen) - 1;
  const out = Buffer.alloc(4);
  out.writeUInt32BE((plus ? v | host : v & ~host) >>> 0);
  return out;
}

const isMulticast = (p: Prefix): boolean =>
  (p.family === AF_INET && (p.bytes[0]! & 0xf0) === 0xe0) || (p.family === AF_INET6 && p.bytes[0] === 0xff);

type Cmd = 'add' | 'change' | 'replace' | 'delete';

const REQUEST: Record<Cmd, [type: number, flags: number]> = {
  add: [RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL],
  change: [RTM.RTM_NEWADDR, NLM_F_REPLACE],
  replace: [RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE],
  delete: [RTM.RTM_DELADDR, 0],
};

export async function modifyAddress(cmd: Cmd, argv: string[], ctx: CliContext): Promise<number> {
  const del = cmd === 'delete';
  const names = loadRtNames();
  const args = new Args(argv);
  let family = preferredFamily(ctx.opts);
  const attrs: Attrs = {};
  let prefixlen = 0;
  let scope = 0;
  let scoped = false;
  let flags = 0;
  let dev: string | undefined;
  let local: Prefix | undefined;
  let localArg = '';
  let peer: Prefix | undefined;
  let brd: '+' | '-' | undefined;
  let brdGiven = false;
  let anyGiven = false;
  let validArg: string | undefined;
  let preferredArg: string | undefined;
  let valid = INFINITY_LIFE_TIME;
  let preferred = INFINITY_LIFE_TIME;

  while (!args.done) {
    const a = args.take();
    if (a === 'peer' || a === 'remote') {
      const v = args.value();
      if (peer) throw duparg('peer', v);
      peer = parsePrefix(v, family);
      if (family === AF_UNSPEC) family = peer.family;
      attrs.IFA_ADDRESS = bytesOf(peer);
      prefixlen = peer.bitlen;
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = args.value();
      if (brdGiven) throw duparg('broadcast', v);
      brdGiven = true;
      if (v === '+' || v === '-') brd = v;
      else {
        const b = getAddr(v, family);
        if (family === AF_UNSPEC) family = b.family;
        attrs.IFA_BROADCAST = bytesOf(b);
      }
    } else if (a === 'anycast') {
      const v = args.value();
      if (anyGiven) throw duparg('anycast', v);
      anyGiven = true;
      const b = getAddr(v, family);
      if (family === AF_UNSPEC) family = b.family;
      attrs.IFA_ANYCAST = bytesOf(b);
    } else if (a === 'scope') {
      const v = args.value();
      const s = scopeId(names, v);
      if (s === undefined) throw invarg('invalid scope value.', v);
      scope = s;
      scoped = true;
    } else if (a === 'dev') {
      dev = args.value();
    } else if (a === 'label') {
      attrs.IFA_LABEL = args.value();
    } else if (a === 'metric' || a === 'priority' || a === 'preference') {
      const v = args.value();
      const m = getUnsigned(v);
      if (m === undefined) throw invarg('"metric" value is invalid\n', v);
      attrs.IFA_RT_PRIORITY = m;
    } else if (matches(a, 'valid_lft')) {
      if (validArg !== undefined) throw duparg('valid_lft', a);
      validArg = args.value();
      const v = lifetime(validArg);
      if (v === undefined) throw invarg('valid_lft value', validArg);
      valid = v;
    } else if (matches(a, 'preferred_lft')) {
      if (preferredArg !== undefined) throw duparg('preferred_lft', a);
      preferredArg = args.value();
      const v = lifetime(preferredArg);
      if (v === undefined) throw invarg('preferred_lft value', preferredArg);
      preferred = v;
    } else if (Object.hasOwn(FLAG_WORDS, a)) {
      const [mask, readonly, v6only] = FLAG_WORDS[a]!;
      if (readonly) ctx.io.err(`Warning: ${a} option is not mutable from userspace\n`);
      else if (v6only && family !== AF_INET6) ctx.io.err(`Warning: ${a} option can be set only for IPv6 addresses\n`);
      else flags |= mask;
    } else {
      const v = a === 'local' ? args.value() : a;
      if (matches(v, 'help')) return usage(ctx);
      if (local) throw duparg2('local', v);
      localArg = v;
      local = parsePrefix(v, family);
      if (family === AF_UNSPEC) family = local.family;
      attrs.IFA_LOCAL = bytesOf(local);
    }
  }
  if (flags > 0xff) attrs.IFA_FLAGS = flags;
  if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.', 1);

  if (!peer && local) {
    if (del && local.family === AF_INET && !local.specified) {
      ctx.io.err('Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
        `         Explicitly specify the prefix length (${localArg}/${local.bitlen}) to avoid this warning.\n` +
        '         This special behaviour is likely to disappear in further releases,\n' +
        '         fix your scripts!\n');
    } else {
      peer = local;
      attrs.IFA_ADDRESS = bytesOf(local);
    }
  }
  if (prefixlen === 0) prefixlen = local?.bitlen ?? 0;
  if (brd && !del) {
    if (family !== AF_INET) throw new CliError('Broadcast can be set only for IPv4 addresses', 1);
    const b = peer && computedBroadcast(peer, brd === '+');
    if (b) attrs.IFA_BROADCAST = b;
  }
  if (!scoped && !del) scope = local?.family === AF_INET && local.bytes[0] === 127 ? RT_SCOPE.RT_SCOPE_HOST : 0;

  const [type, nlFlags] = REQUEST[cmd];
  return withSession(ctx, (sock) => {
    const index = nameToIndex(sock, dev!);
    if (!index) throw new CliError(`Cannot find device "${dev}"`, 1);
    if (validArg !== undefined || preferredArg !== undefined) {
      if (!valid) throw new CliError('valid_lft is zero', 1);
      if (valid < preferred) throw new CliError('preferred_lft is greater than valid_lft', 1);
      attrs.IFA_CACHEINFO = { ifa_prefered: preferred, ifa_valid: valid, cstamp: 0, tstamp: 0 };
    }
    if (flags & IFA_F.IFA_F_MCAUTOJOIN && !(local && isMulticast(local))) throw new CliError('autojoin needs multicast address', 1);
    const body = { ifa_family: family, ifa_prefixlen: prefixlen, ifa_flags: flags > 0xff ? 0 : flags, ifa_scope: scope, ifa_index: index, attrs };
    sock.request(type, nlFlags, (w) => encodeBody(address, body, w));
    return 0;
  });
}

function usage(ctx: CliContext): number {
  ctx.io.err(ADDRESS_USAGE);
  return 255;
}
