// `ip address show` with a selector: ../print/address.ts's formatAddresses
// with the two things ip does when it filters, composed from the same
// exported printer pieces (print_linkinfo, print_addrinfo):
//
//   - every address of a printed link is visited, and one the selector
//     rejects still opens and closes its JSON object: ip -j prints "{}"
//     for it in "addr_info" (print_selected_addrinfo() + print_addrinfo()
//     returning early);
//   - a link print_linkinfo() rejects still opens and closes its JSON
//     object ("{}"); under "label PATTERN" the link's own record is not
//     printed (its line, its brief columns, its JSON keys), only its
//     addresses are.

import { AF_INET, AF_INET6 } from '../../netlink/constants.js';
import type { AddressMessage } from '../../netlink/rtnl/address.js';
import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { printAddrinfo } from '../print/address.js';
import { PrintContext, type PrintOptions } from '../print/context.js';
import { printLinkStats, printLinkinfo } from '../print/link.js';

export interface Selection {
  /** print_linkinfo()'s verdict on a link: -1 not printed, 0 addresses only, 1 printed */
  linkRecord(l: LinkMessage): -1 | 0 | 1;
  /** print_addrinfo()'s verdict on an address */
  address(m: AddressMessage): boolean;
  /** "up": the addresses of a link that is down are skipped */
  up: boolean;
  /** -0 (ip's link family): links only, no "addr_info" */
  linksOnly?: boolean;
}

/**
 * The links given (those ipaddr_filter() kept, in dump order), each with
 * those of `addrs` on it in the family asked, as ip prints them under a
 * selector.
 */
export function formatAddressSelection(
  links: readonly LinkMessage[], addrs: readonly AddressMessage[], sel: Selection, opts: PrintOptions,
): string {
  const ctx = new PrintContext(opts, links);
  const out = ctx.out;
  const family = opts.family === 'inet' ? AF_INET : opts.family === 'inet6' ? AF_INET6 : 0;
  out.openAnonArray();
  for (const l of links) {
    out.openObject();
    let res = 0;
    // -o prints each address on its own line, with no link record (no_link)
    if (opts.brief || !opts.oneline) {
      res = sel.linkRecord(l);
      if (res > 0) res = printLinkinfo(ctx, l, { doLink: false, family });
    }
    if (res >= 0 && !sel.linksOnly) printSelectedAddrinfo(ctx, l, addrs, family, sel);
    if (res > 0 && ctx.stats) {
      printLinkStats(ctx, l.attrs);
      out.nl();
    }
    out.closeObject();
  }
  out.closeArray('json', null);
  return out.finish();
}

/** print_selected_addrinfo() */
function printSelectedAddrinfo(ctx: PrintContext, l: LinkMessage, addrs: readonly AddressMessage[], family: number, sel: Selection): void {
  const out = ctx.out;
  out.openArray('json', 'addr_info');
  for (const m of addrs) {
    if (m.ifa_index !== l.ifi_index || (family && m.ifa_family !== family)) continue;
    if (sel.up && !(l.ifi_flags & 1 /* IFF_UP */)) continue;
    out.openObject();
    if (sel.address(m)) printAddrinfo(ctx, m);
    out.closeObject();
  }
  out.closeArray('json', null);
  if (ctx.opts.brief) out.string('fp', null, '%s', '\n');
}
