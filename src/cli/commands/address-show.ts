// tsip address [ show [ SELECTOR ] ]     tsip address flush SELECTOR
//
// ip/ipaddress.c ipaddr_list_flush_or_save(): `show` dumps the links and
// the addresses as ip asks for them, keeps what ip's filters keep
// (./address-select.ts) and prints with ../print/address.ts; `flush` dumps
// the addresses and deletes each selected one, round after round, as
// ipaddr_flush() does (an address already gone with its primary is not an
// error).

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { strerror } from '../../netlink/errno.js';
import { NetlinkError } from '../../netlink/errors.js';
import { IFA_F, address, type AddressMessage } from '../../netlink/rtnl/address.js';
import { RTEXT_FILTER_VF, RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { CliError } from '../args.js';
import type { CliContext } from '../context.js';
import { printAddrinfo } from '../print/address.js';
import { loadNameTables } from '../print/conf.js';
import { PrintContext } from '../print/context.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { formatAddressSelection } from './address-print.js';
import { addressPasses, keepLinks, linkRecord, parseAddressSelector, type AddressFilter } from './address-select.js';
import { AF_PACKET, preferredFamily } from './ip-parse.js';
import { ADDRESS_USAGE } from './ip-usage.js';
import { nameToIndex, netnsNames, terminated, withSession } from './rtnl-session.js';

/** RTM_GETLINK dump as ip sends it for `family` (rtnl_linkdump_req_filter_fn + iplink_filter_req). */
function dumpLinks(sock: NetlinkSocket, family: number, f?: AddressFilter): LinkMessage[] {
  const attrs: Attrs = {};
  if (family === AF_UNSPEC || family === AF_PACKET) {
    attrs.IFLA_EXT_MASK = RTEXT_FILTER_VF;
    if (f && f.master > 0) attrs.IFLA_MASTER = f.master;
    if (f?.kind !== undefined) attrs.IFLA_LINKINFO = { IFLA_INFO_KIND: f.kind };
  }
  return sock.dump(RTM.RTM_GETLINK, 0, (w) => encodeBody(link, { ifi_family: family, attrs }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage);
}

/** An RTM_GETADDR dump: each message decoded, with its body's bytes (what flush sends back). */
function dumpAddrs(sock: NetlinkSocket, family: number, ifindex: number): Array<{ msg: AddressMessage; body: Buffer }> {
  return sock.dump(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: family, ifa_index: ifindex }, w),
    (m) => ({ msg: decodeBody(address, m.buf, m.start, m.end) as AddressMessage, body: Buffer.from(m.buf.subarray(m.start, m.end)) }));
}

/** Parse the selector and resolve its device, with ip's messages. */
function select(argv: string[], ctx: CliContext, sock: NetlinkSocket): AddressFilter {
  const names = loadRtNames();
  const f = parseAddressSelector(argv, {
    family: preferredFamily(ctx.opts), names, groups: loadNameTables().groups, indexOf: (n) => nameToIndex(sock, n),
  });
  if (f.dev !== undefined) {
    f.ifindex = nameToIndex(sock, f.dev);
    if (f.ifindex <= 0) throw new CliError(`Device "${f.dev}" does not exist.`, 1);
  }
  return f;
}

/** The name of a link by index, from a dump, for labels matched against it. */
function namer(links: readonly LinkMessage[]): (index: number) => string {
  const byIndex = new Map(links.map((l) => [l.ifi_index, String(l.attrs.IFLA_IFNAME ?? '')]));
  return (i) => byIndex.get(i) ?? `if${i}`;
}

const usage = (ctx: CliContext): number => {
  ctx.io.err(ADDRESS_USAGE);
  return 255;
};

const isUsage = (e: unknown): boolean => e instanceof CliError && e.message === 'usage';

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

export async function flushAddresses(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 0) throw new CliError('Flush requires arguments.', 1);
  if (preferredFamily(ctx.opts) === AF_PACKET) throw new CliError('Cannot flush link addresses.', 1);
  const { io, opts } = ctx;
  try {
    return await withSession(ctx, (sock) => {
      const f = select(argv, ctx, sock);
      const known = f.label !== undefined || opts.stats > 1 ? dumpLinks(sock, AF_UNSPEC) : [];
      const name = namer(known);
      const primaryOnly = !(f.flags & IFA_F.IFA_F_SECONDARY) && (f.flagmask & IFA_F.IFA_F_SECONDARY) !== 0;
      const maxRounds = opts.loops;
      for (let round = 0; maxRounds === 0 || round < maxRounds;) {
        const found = terminated('Flush', 1, () => dumpAddrs(sock, f.family, 0)).filter((a) => addressPasses(a.msg, f, name));
        if (found.length === 0) return flushDone(ctx, round);
        round++;
        if (opts.stats > 1) for (const a of found) io.out(flushedLine(a.msg, known));
        for (const a of found) {
          try {
            sock.request(RTM.RTM_DELADDR, 0, (w) => w.bytes(a.body));
          } catch (e) {
            if (!(e instanceof NetlinkError)) throw e;
            if (e.code === 'EADDRNOTAVAIL') continue;
            throw new CliError(`Failed to send flush request: ${strerror(e.errno)}`, 255);
          }
        }
        if (opts.stats) io.out(`\n*** Round ${round}, deleting ${found.length} addresses ***\n`);
        if (primaryOnly) return flushDone(ctx, round);
      }
      io.err(`*** Flush remains incomplete after ${maxRounds} rounds. ***\n`);
      return 255;
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

/**
 * An address as ip -s -s prints it while flushing: print_addrinfo() with
 * the "INDEX: DEV" head of -o, but its lines broken as usual.
 */
function flushedLine(m: AddressMessage, links: readonly LinkMessage[]): string {
  const ctx = new PrintContext({ oneline: true, names: loadNameTables() }, links);
  printAddrinfo(ctx, m);
  return ctx.out.finish().replace(`${ctx.out.SL}       valid_lft`, '\n       valid_lft');
}

function flushDone(ctx: CliContext, round: number): number {
  if (ctx.opts.stats) {
    if (round === 0) ctx.io.out('Nothing to flush.\n');
    else ctx.io.out(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
  }
  return 0;
}
