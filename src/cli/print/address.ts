// `ip addr show`: each link (ip/ipaddress.c print_linkinfo(), ./link.ts)
// with its addresses beneath (print_addrinfo(), print_selected_addrinfo()):
//
//   3: va@vb: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
//       link/ether 32:e0:fd:ad:38:39 brd ff:ff:ff:ff:ff:ff
//       inet 10.1.1.1/24 brd 10.1.1.255 scope global va:1
//          valid_lft forever preferred_lft forever
//
// -4/-6 keep only that family's addresses and the links that have one
// (ipaddr_filter()); -br prints "name state addr/len ..."; -j puts the
// addresses in each link's "addr_info" array. Pure: decoded messages in,
// text out.

import type { AddressMessage } from '../../netlink/rtnl/address.js';
import { IFA_F, INFINITY_LIFE_TIME } from '../../netlink/rtnl/address.js';
import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { PrintContext, type PrintOptions } from './context.js';
import { printLinkStats, printLinkinfo, type LinkView } from './link.js';
import { IFA_FLAG_PRINT_ORDER, familyName } from './names.js';
import { sprintf } from './printf.js';

const AF_INET = 2;
const AF_INET6 = 10;

/** print_ifa_flags(): "secondary ", "dynamic " (not permanent), "noprefixroute ", "flags 80 " for the rest */
function printIfaFlags(ctx: PrintContext, family: number, flags: number): void {
  const out = ctx.out;
  for (const [name, mask] of IFA_FLAG_PRINT_ORDER) {
    if (mask === IFA_F.IFA_F_PERMANENT) {
      if (!(flags & mask)) out.bool('any', 'dynamic', 'dynamic ', true);
    } else if (flags & mask) {
      if (mask === IFA_F.IFA_F_SECONDARY && family === AF_INET6) {
        out.bool('any', 'temporary', 'temporary ', true);
      } else {
        out.string('fp', null, '%s ', name);
        out.bool('json', name, null, true);
      }
    }
    flags &= ~mask;
  }
  if (flags) {
    if (out.isJson) out.string('json', 'ifa_flags', null, sprintf('%02x', flags));
    else out.fp('flags %02x ', flags);
  }
}

/** "       valid_lft forever preferred_lft 500sec" */
function printLifetimes(ctx: PrintContext, ci: { ifa_valid: number; ifa_prefered: number }, flags: number): void {
  const out = ctx.out;
  out.nl();
  out.fp('       valid_lft ');
  if (ci.ifa_valid === INFINITY_LIFE_TIME) {
    out.uint('json', 'valid_life_time', null, INFINITY_LIFE_TIME);
    out.fp('forever');
  } else {
    out.uint('any', 'valid_life_time', '%usec', ci.ifa_valid);
  }
  out.fp(' preferred_lft ');
  if (ci.ifa_prefered === INFINITY_LIFE_TIME) {
    out.uint('json', 'preferred_life_time', null, INFINITY_LIFE_TIME);
    out.fp('forever');
  } else if (flags & IFA_F.IFA_F_DEPRECATED) {
    out.int('any', 'preferred_life_time', '%dsec', ci.ifa_prefered);
  } else {
    out.uint('any', 'preferred_life_time', '%usec', ci.ifa_prefered);
  }
}

/** print_addrinfo(): one address; under -br only "local[ peer address]/len ". */
export function printAddrinfo(ctx: PrintContext, m: AddressMessage): void {
  const out = ctx.out;
  const a = m.attrs;
  const flags = (a.IFA_FLAGS as number | undefined) ?? m.ifa_flags;
  const local = (a.IFA_LOCAL ?? a.IFA_ADDRESS) as string | undefined;
  const address = (a.IFA_ADDRESS ?? a.IFA_LOCAL) as string | undefined;
  const brief = !!ctx.opts.brief;

  if (!brief) {
    if (ctx.opts.oneline) {
      const dev = ctx.indexToName(m.ifa_index);
      if (out.isJson) {
        out.int('json', 'index', null, m.ifa_index);
        out.string('json', 'dev', null, dev);
      } else {
        out.fp('%u: %s', m.ifa_index, dev);
      }
    }
    const name = familyName(m.ifa_family);
    if (name !== '???') out.string('any', 'family', '    %s ', name);
    else out.int('any', 'family_index', '    family %d ', m.ifa_family);
  }

  if (local !== undefined) {
    out.string('any', 'local', '%s', local);
    if (address !== undefined && address !== local) {
      out.string('fp', null, ' %s ', 'peer');
      out.string('any', 'address', '%s', address);
    }
    out.int('any', 'prefixlen', '/%d ', m.ifa_prefixlen);
    if (a.IFA_RT_PRIORITY !== undefined) out.uint('any', 'metric', 'metric %u ', a.IFA_RT_PRIORITY as number);
  }
  if (brief) return;

  if (a.IFA_BROADCAST !== undefined) {
    out.string('fp', null, '%s ', 'brd');
    out.string('any', 'broadcast', '%s ', a.IFA_BROADCAST as string);
  }
  if (a.IFA_ANYCAST !== undefined) {
    out.string('fp', null, '%s ', 'any');
    out.string('any', 'anycast', '%s ', a.IFA_ANYCAST as string);
  }
  out.string('any', 'scope', 'scope %s ', ctx.names.scopes.get(m.ifa_scope) ?? String(m.ifa_scope));
  printIfaFlags(ctx, m.ifa_family, flags);
  if (a.IFA_LABEL !== undefined) out.string('any', 'label', '%s', a.IFA_LABEL as string);
  if (a.IFA_CACHEINFO !== undefined) printLifetimes(ctx, a.IFA_CACHEINFO as { ifa_valid: number; ifa_prefered: number }, flags);
  out.string('fp', null, '%s', '\n');
}

const familyNumber = (f: PrintOptions['family']) => (f === 'inet' ? AF_INET : f === 'inet6' ? AF_INET6 : 0);

/** ipaddr_filter(): with -4/-6, only links that have an address of that family. */
function keepLink(l: LinkMessage, addrs: readonly AddressMessage[], family: number): boolean {
  let hasAny = false;
  for (const m of addrs) {
    if (m.ifa_index !== l.ifi_index) continue;
    hasAny = true;
    if (!family || m.ifa_family === family) return true;
  }
  return !hasAny && !family;
}

/**
 * `ip addr show`: the links in `links` (kernel order) that pass the family
 * filter, each with its addresses from `addrs` (kernel order).
 *
 * With -6, ip dumps links with ifi_family AF_INET6, whose messages carry no
 * IFLA_TXQLEN (ip then asks SIOCGIFTXQLEN): pass the full link dump as
 * `opts.known` to print "qlen" as ip does.
 */
export function formatAddresses(links: readonly LinkMessage[], addrs: readonly AddressMessage[], opts: PrintOptions = {}): string {
  const ctx = new PrintContext(opts, links);
  const out = ctx.out;
  const family = familyNumber(opts.family);
  const view: LinkView = { doLink: false, family };
  out.openAnonArray();
  for (const l of links) {
    if (!keepLink(l, addrs, family)) continue;
    out.openObject();
    // -o prints each address on its own line, with no link record (no_link)
    const res = opts.brief || !opts.oneline ? printLinkinfo(ctx, l, view) : 0;
    out.openArray('json', 'addr_info');
    for (const m of addrs) {
      if (m.ifa_index !== l.ifi_index || (family && m.ifa_family !== family)) continue;
      out.openObject();
      printAddrinfo(ctx, m);
      out.closeObject();
    }
    out.closeArray('json', null);
    if (opts.brief) out.string('fp', null, '%s', '\n');
    if (res > 0 && ctx.stats) {
      printLinkStats(ctx, l.attrs);
      out.nl();
    }
    out.closeObject();
  }
  out.closeArray('json', null);
  return out.finish();
}
