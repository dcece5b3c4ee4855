// The selector of `ip address { show | flush }` (ip/ipaddress.c
// ipaddr_list_flush_or_save) and the three filters ip applies with it:
//
//   linkRecord     print_linkinfo():  dev, up, group, master/nomaster, type
//   addressPasses  print_addrinfo():  dev, scope, flags, label, to PREFIX, family
//   keepLinks      ipaddr_filter():   links with a selected address, or with
//                                     no address at all when no family is set
//
// Pure but for link names, looked up through the caller's `indexOf`.

import { AF_UNSPEC } from '../../netlink/constants.js';
import { parseIP } from '../../netlink/inet.js';
import { IFA_F } from '../../netlink/rtnl/address.js';
import type { AddressMessage } from '../../netlink/rtnl/address.js';
import { IFF, type LinkMessage } from '../../netlink/rtnl/link.js';
import { RT_SCOPE } from '../../netlink/rtnl/constants.js';
import { Args, CliError, duparg2, invarg, matches } from '../args.js';
import { parsePrefix, strtoul0 } from '../print/ip-prefix.js';
import { addrMatch, type Prefix } from '../print/route-filter.js';
import type { RtNames } from '../print/rt-names.js';
import { fnmatch } from './fnmatch.js';
import { AF_PACKET, scopeId } from './ip-parse.js';

const IFF_UP = IFF.IFF_UP;

export interface AddressFilter {
  family: number;
  ifindex: number;
  /** the "dev" argument, resolved once parsing is done */
  dev?: string;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label?: string;
  pfx?: Prefix;
  up: boolean;
  /** -1: any group */
  group: number;
  /** > 0: only this master's ports; -1: only links without a master (nomaster) */
  master: number;
  kind?: string;
  slaveKind?: string;
}

/** ip's ifa_flag_names[]: the flag keywords of FLAG-LIST, in ip's order. */
const FLAG_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['secondary', IFA_F.IFA_F_SECONDARY], ['temporary', IFA_F.IFA_F_SECONDARY], ['nodad', IFA_F.IFA_F_NODAD],
  ['optimistic', IFA_F.IFA_F_OPTIMISTIC], ['dadfailed', IFA_F.IFA_F_DADFAILED], ['home', IFA_F.IFA_F_HOMEADDRESS],
  ['deprecated', IFA_F.IFA_F_DEPRECATED], ['tentative', IFA_F.IFA_F_TENTATIVE], ['permanent', IFA_F.IFA_F_PERMANENT],
  ['mngtmpaddr', IFA_F.IFA_F_MANAGETEMPADDR], ['noprefixroute', IFA_F.IFA_F_NOPREFIXROUTE],
  ['autojoin', IFA_F.IFA_F_MCAUTOJOIN], ['stable-privacy', IFA_F.IFA_F_STABLE_PRIVACY],
];

/** get_filter(): a FLAG-LIST word ("-" negates; dynamic and primary are not-permanent and not-secondary); false when it is not one. */
function flagFilter(f: AddressFilter, word: string): boolean {
  let inv = word.startsWith('-');
  let name = inv ? word.slice(1) : word;
  if (name === 'dynamic' || name === 'primary') {
    inv = !inv;
    name = name === 'dynamic' ? 'permanent' : 'secondary';
  }
  const row = FLAG_NAMES.find(([n]) => n === name);
  if (!row) return false;
  f.flags = inv ? f.flags & ~row[1] : f.flags | row[1];
  f.flagmask |= row[1];
  return true;
}

export interface SelectorContext {
  family: number;
  names: RtNames;
  groups: ReadonlyMap<number, string>;
  /** ll_name_to_index(): 0 when there is no such link */
  indexOf(name: string): number;
}

/** The SELECTOR of ip address show/flush; "help" throws the 'usage' CliError. */
export function parseAddressSelector(argv: readonly string[], ctx: SelectorContext): AddressFilter {
  const f: AddressFilter = { family: ctx.family, ifindex: 0, scope: 0, scopemask: 0, flags: 0, flagmask: 0, up: false, group: -1, master: 0 };
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (a === 'to') {
      f.pfx = parsePrefix(args.value(), f.family);
      if (f.family === AF_UNSPEC) f.family = f.pfx.family;
    } else if (a === 'scope') {
      const v = args.value();
      f.scopemask = -1;
      let s = scopeId(ctx.names, v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
        s = RT_SCOPE.RT_SCOPE_NOWHERE;
        f.scopemask = 0;
      }
      f.scope = s;
    } else if (a === 'up') {
      f.up = true;
    } else if (flagFilter(f, a)) {
      /* a FLAG */
    } else if (a === 'label') {
      f.label = args.value();
    } else if (a === 'group') {
      const v = args.value();
      const g = groupId(ctx.groups, v);
      if (g === undefined) throw invarg('Invalid "group" value\n', v);
      f.group = g;
    } else if (a === 'master') {
      const v = args.value();
      const idx = ctx.indexOf(v);
      if (!idx) throw invarg('Device does not exist\n', v);
      f.master = idx;
    } else if (a === 'nomaster') {
      f.master = -1;
    } else if (a === 'vrf') {
      throw invarg('Not a valid VRF name\n', args.value());
    } else if (a === 'type') {
      const v = args.value();
      if (v.endsWith('_slave')) f.slaveKind = v.slice(0, -'_slave'.length);
      else f.kind = v;
    } else {
      let v = a;
      if (a === 'dev') v = args.value();
      else if (matches(a, 'help')) throw new CliError('usage', 255);
      if (f.dev !== undefined) throw duparg2('dev', v);
      f.dev = v;
    }
  }
  return f;
}

/** rtnl_group_a2n(): a name of /etc/iproute2/group, or a number. */
function groupId(groups: ReadonlyMap<number, string>, arg: string): number | undefined {
  for (const [id, name] of groups) if (name === arg) return id;
  const n = strtoul0(arg);
  return n !== undefined && n <= 0x7fffffff ? n : undefined;
}

/** The link's kind, or its port kind (IFLA_INFO_KIND / IFLA_INFO_SLAVE_KIND); undefined without IFLA_LINKINFO. */
function kindOf(l: LinkMessage, slave: boolean): string | undefined {
  const li = l.attrs.IFLA_LINKINFO as { IFLA_INFO_KIND?: string; IFLA_INFO_SLAVE_KIND?: string } | undefined;
  if (!li) return undefined;
  return (slave ? li.IFLA_INFO_SLAVE_KIND : li.IFLA_INFO_KIND) ?? '';
}

/**
 * print_linkinfo()'s filter: -1 when the link is not printed (its JSON
 * object stays empty), 0 when only its addresses are (under "label", which
 * also skips the group, master and type tests), 1 when it is.
 */
export function linkRecord(l: LinkMessage, f: AddressFilter): -1 | 0 | 1 {
  const a = l.attrs;
  if (f.ifindex && l.ifi_index !== f.ifindex) return -1;
  if (f.up && !(l.ifi_flags & IFF_UP)) return -1;
  if (f.label !== undefined) return 0;
  if (typeof a.IFLA_GROUP === 'number' && f.group !== -1 && a.IFLA_GROUP !== f.group) return -1;
  const master = typeof a.IFLA_MASTER === 'number' ? a.IFLA_MASTER : 0;
  if (f.master > 0 && master !== f.master) return -1;
  if (f.master < 0 && master) return -1;
  if (f.kind !== undefined && kindOf(l, false) !== f.kind) return -1;
  if (f.slaveKind !== undefined && kindOf(l, true) !== f.slaveKind) return -1;
  return 1;
}

const flagsOf = (m: AddressMessage): number => (m.attrs.IFA_FLAGS as number | undefined) ?? m.ifa_flags;

/** print_addrinfo()'s filter; `linkName` names an address's link for a label without IFA_LABEL. */
export function addressPasses(m: AddressMessage, f: AddressFilter, linkName: (index: number) => string): boolean {
  if (f.ifindex && m.ifa_index !== f.ifindex) return false;
  return selected(m, f, linkName) && (!f.family || m.ifa_family === f.family);
}

/** The checks ipaddr_filter() and print_addrinfo() share. */
function selected(m: AddressMessage, f: AddressFilter, linkName: (index: number) => string): boolean {
  if ((f.scope ^ m.ifa_scope) & f.scopemask) return false;
  if ((f.flags ^ flagsOf(m)) & f.flagmask) return false;
  if (f.label !== undefined) {
    const label = (m.attrs.IFA_LABEL as string | undefined) ?? linkName(m.ifa_index);
    if (!fnmatch(f.label, label)) return false;
  }
  if (f.pfx?.family) {
    const local = (m.attrs.IFA_LOCAL ?? m.attrs.IFA_ADDRESS) as string | undefined;
    if (local !== undefined && !addrMatch(addressBytes(local), f.pfx.bytes, f.pfx.bitlen)) return false;
  }
  return true;
}

const addressBytes = (text: string): Uint8Array => parseIP(text) ?? new Uint8Array(0);

/** ipaddr_filter(): the links to print, in dump order. */
export function keepLinks(links: readonly LinkMessage[], addrs: readonly AddressMessage[], f: AddressFilter, linkName: (index: number) => string): LinkMessage[] {
  return links.filter((l) => {
    let missing = true;
    for (const m of addrs) {
      if (m.ifa_index !== l.ifi_index) continue;
      missing = false;
      if (f.family && f.family !== m.ifa_family) continue;
      if (selected(m, f, linkName)) return true;
    }
    return missing && (f.family === AF_UNSPEC || f.family === AF_PACKET);
  });
}
