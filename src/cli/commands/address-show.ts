// tsip address [ show [ SELECTOR ] ]
//
// ip/ipaddress.c ipaddr_list_flush_or_save() for a listing: the link asked
// for by "dev" (one RTM_GETLINK) or a dump of the links in the family of
// -4/-6, a dump of the addresses, ip's filters (./address-select.ts), and
// the printers (./address-print.ts over ../print/address.ts).

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import type { AddressMessage } from '../../netlink/rtnl/address.js';
import { RTEXT_FILTER_VF, RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import type { CliContext } from '../context.js';
import { loadNameTables } from '../print/conf.js';
import { dumpAddrs, dumpLinks, isUsage, namer, select, usage } from './address-dump.js';
import { formatAddressSelection } from './address-print.js';
import { addressPasses, keepLinks, linkRecord, type AddressFilter } from './address-select.js';
import { AF_PACKET, preferredFamily } from './ip-parse.js';
import { netnsNames, withSession } from './rtnl-session.js';

/** The links `show` prints from: the one asked for by "dev" (a full RTM_GETLINK), else a dump in the family of -4/-6. */
function linksFor(sock: NetlinkSocket, f: AddressFilter, preferred: number): LinkMessage[] {
  if (!f.ifindex) return dumpLinks(sock, preferred, f);
  return sock.request(RTM.RTM_GETLINK, 0, (w) => encodeBody(link, { ifi_index: f.ifindex, attrs: { IFLA_EXT_MASK: RTEXT_FILTER_VF } }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage);
}

export async function showAddresses(argv: string[], ctx: CliContext): Promise<number> {
  const { opts } = ctx;
  const preferred = preferredFamily(opts);
  try {
    return await withSession(ctx, async (sock, op) => {
      const f = select(argv, ctx, sock);
      const links = linksFor(sock, f, preferred);
      const partial = preferred === AF_INET6 || f.ifindex > 0 || f.kind !== undefined || f.master > 0;
      const known = partial ? dumpLinks(sock, AF_UNSPEC) : links;
      const name = namer(known);
      const addrs = f.family === AF_PACKET ? [] : dumpAddrs(sock, f.family, f.ifindex).map((a) => a.msg);
      const shown = f.family === AF_PACKET ? links : keepLinks(links, addrs, f, name);
      const nsNames = await netnsNames(op, shown);
      const sel = { linkRecord: (l: LinkMessage) => linkRecord(l, f), address: (m: AddressMessage) => addressPasses(m, f, name), up: f.up, linksOnly: f.family === AF_PACKET };
      ctx.io.out(formatAddressSelection(shown, addrs, sel, {
        json: opts.json, pretty: opts.pretty, brief: opts.brief, details: opts.details, stats: opts.stats, oneline: opts.oneline,
        ...(f.family === AF_INET ? { family: 'inet' as const } : f.family === AF_INET6 ? { family: 'inet6' as const } : {}),
        ...(nsNames ? { netnsNames: nsNames } : {}),
        names: loadNameTables(),
        known,
      }));
      return 0;
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

