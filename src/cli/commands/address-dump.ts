// What `tsip address show` and `flush` share: the selector read and its
// device resolved with ip's messages, and the dumps asked as ip asks them
// (lib/libnetlink.c rtnl_linkdump_req_filter_fn + iplink_filter_req,
// rtnl_addrdump_req + ipaddr_dump_filter).

import { AF_UNSPEC } from '../../netlink/constants.js';
import { address, type AddressMessage } from '../../netlink/rtnl/address.js';
import { RTEXT_FILTER_VF, RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { CliError } from '../args.js';
import type { CliContext } from '../context.js';
import { loadNameTables } from '../print/conf.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { parseAddressSelector, type AddressFilter } from './address-select.js';
import { AF_PACKET, preferredFamily } from './ip-parse.js';
import { ADDRESS_USAGE } from './ip-usage.js';
import { nameToIndex } from './rtnl-session.js';

/** RTM_GETLINK dump as ip sends it for `family` (rtnl_linkdump_req_filter_fn + iplink_filter_req). */
export function dumpLinks(sock: NetlinkSocket, family: number, f?: AddressFilter): LinkMessage[] {
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
export function dumpAddrs(sock: NetlinkSocket, family: number, ifindex: number): Array<{ msg: AddressMessage; body: Buffer }> {
  return sock.dump(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: family, ifa_index: ifindex }, w),
    (m) => ({ msg: decodeBody(address, m.buf, m.start, m.end) as AddressMessage, body: Buffer.from(m.buf.subarray(m.start, m.end)) }));
}

/** Parse the selector and resolve its device, with ip's messages. */
export function select(argv: string[], ctx: CliContext, sock: NetlinkSocket): AddressFilter {
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
export function namer(links: readonly LinkMessage[]): (index: number) => string {
  const byIndex = new Map(links.map((l) => [l.ifi_index, String(l.attrs.IFLA_IFNAME ?? '')]));
  return (i) => byIndex.get(i) ?? `if${i}`;
}

/** ip's usage() for the selector's "help": stderr, exit status 255. */
export function usage(ctx: CliContext): number {
  ctx.io.err(ADDRESS_USAGE);
  return 255;
}

/** The selector asked for help (parseAddressSelector's 'usage' error). */
export const isUsage = (e: unknown): boolean => e instanceof CliError && e.message === 'usage';
