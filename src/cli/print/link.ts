// `ip link show` and the link half of `ip addr show`: ip/ipaddress.c
// print_linkinfo() and print_linkinfo_brief(), ported call for call so that
// text, -d, -s, -br and -j (-p) come out as iproute2 6.1 prints them:
//
//   36: veth0@if37: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
//       link/ether 9a:9b:f7:b2:ca:62 brd ff:ff:ff:ff:ff:ff link-netnsid 1
//
// Pure: decoded RTM_NEWLINK bodies in, text out.

import type { LinkMessage } from '../../netlink/rtnl/link.js';
import type { Attrs } from '../../netlink/schema.js';
import { PrintContext, type PrintOptions } from './context.js';
import {
  linkName, llAddr, printAfSpec, printLinkFlags, printLinkType, printNameAndLink, printOperstate, printProtoDown,
} from './link-parts.js';
import { LINK_EVENTS, LINK_MODES, linkTypeName } from './names.js';
import { linkStats, printStats64 } from './stats.js';

export type { PrintOptions } from './context.js';

/** AF_PACKET: ip link's "family", which prints the link/ether line and no addresses */
export const AF_PACKET = 17;

/** What differs between `ip link` and `ip addr` when a link is printed. */
export interface LinkView {
  /** ip link (do_link): "mode DEFAULT", addrgenmode, alias and statistics in the record */
  doLink: boolean;
  /** filter.family: AF_PACKET for ip link, 0 or AF_INET/AF_INET6 for ip addr */
  family: number;
}

/** Details printed only with -d, as "key value " pairs, in ip's order. */
const DETAIL_UINTS: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_NUM_TX_QUEUES', 'num_tx_queues', 'numtxqueues %u '],
  ['IFLA_NUM_RX_QUEUES', 'num_rx_queues', 'numrxqueues %u '],
  ['IFLA_GSO_MAX_SIZE', 'gso_max_size', 'gso_max_size %u '],
  ['IFLA_GSO_MAX_SEGS', 'gso_max_segs', 'gso_max_segs %u '],
  ['IFLA_TSO_MAX_SIZE', 'tso_max_size', 'tso_max_size %u '],
  ['IFLA_TSO_MAX_SEGS', 'tso_max_segs', 'tso_max_segs %u '],
  ['IFLA_GRO_MAX_SIZE', 'gro_max_size', 'gro_max_size %u '],
];

/** __print_link_stats(): the RX/TX block, under "stats64" in JSON */
export function printLinkStats(ctx: PrintContext, a: Attrs): void {
  const s = linkStats(a);
  if (s) printStats64(ctx.out, s.stats, a.IFLA_CARRIER_CHANGES as number | undefined, s.key, ctx.stats, ctx.opts);
}

/** print_linkinfo_brief(): "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> " */
function printLinkBrief(ctx: PrintContext, l: LinkMessage, view: LinkView): void {
  const a = l.attrs;
  const mdown = printNameAndLink(ctx, '%-16s ', linkName(ctx, l), a);
  if (a.IFLA_OPERSTATE !== undefined) printOperstate(ctx, a.IFLA_OPERSTATE as number, true);
  if (view.family === AF_PACKET) {
    if (a.IFLA_ADDRESS !== undefined) ctx.out.string('any', 'address', '%s ', llAddr(a.IFLA_ADDRESS as string, l.ifi_type));
    printLinkFlags(ctx, l.ifi_flags, mdown);
    ctx.out.string('fp', null, '%s', '\n');
  }
}

/** The first line's tail: mtu, qdisc, master, state, mode, group, qlen, event. */
function printHeader(ctx: PrintContext, l: LinkMessage, view: LinkView): void {
  const out = ctx.out;
  const a = l.attrs;
  if (a.IFLA_MTU !== undefined) out.int('any', 'mtu', 'mtu %u ', a.IFLA_MTU as number);
  if (a.IFLA_QDISC !== undefined) out.string('any', 'qdisc', 'qdisc %s ', a.IFLA_QDISC as string);
  if (a.IFLA_MASTER !== undefined) out.string('any', 'master', 'master %s ', ctx.indexToName(a.IFLA_MASTER as number));
  if (a.IFLA_OPERSTATE !== undefined) printOperstate(ctx, a.IFLA_OPERSTATE as number, false);
  if (view.doLink && a.IFLA_LINKMODE !== undefined) {
    const mode = a.IFLA_LINKMODE as number;
    const name = LINK_MODES[mode];
    if (name === undefined) out.int('any', 'linkmode_index', 'mode %d ', mode);
    else out.string('any', 'linkmode', 'mode %s ', name);
  }
  if (a.IFLA_GROUP !== undefined) {
    const group = a.IFLA_GROUP as number;
    out.string('any', 'group', 'group %s ', ctx.names.groups.get(group) ?? String(group | 0));
  }
  // print_queuelen(): ip asks SIOCGIFTXQLEN when the message has no IFLA_TXQLEN
  // (AF_INET6 link messages); the full link message of `known` stands in for it
  const qlen = (a.IFLA_TXQLEN ?? ctx.known(l.ifi_index)?.attrs.IFLA_TXQLEN) as number | undefined;
  if (qlen) out.int('any', 'txqlen', 'qlen %d', qlen);
  if (a.IFLA_EVENT !== undefined) {
    const event = a.IFLA_EVENT as number;
    const name = LINK_EVENTS[event];
    if (name === undefined) out.int('any', 'event', 'event %d ', event);
    else if (event) out.string('any', 'event', 'event %s ', name);
  }
}

/** The "    link/ether ADDR brd ADDR" line. */
function printLinkLine(ctx: PrintContext, l: LinkMessage): void {
  const out = ctx.out;
  const a = l.attrs;
  out.nl();
  out.string('any', 'link_type', '    link/%s ', linkTypeName(l.ifi_type));
  if (a.IFLA_ADDRESS !== undefined) out.string('any', 'address', '%s', llAddr(a.IFLA_ADDRESS as string, l.ifi_type));
  if (a.IFLA_BROADCAST !== undefined) {
    if (l.ifi_flags & 0x10 /* IFF_POINTOPOINT */) {
      out.fp(' peer ');
      out.bool('json', 'link_pointtopoint', null, true);
    } else {
      out.fp(' brd ');
    }
    out.string('any', 'broadcast', '%s', llAddr(a.IFLA_BROADCAST as string, l.ifi_type));
  }
  const perm = a.IFLA_PERM_ADDRESS as string | undefined;
  if (perm !== undefined && perm !== a.IFLA_ADDRESS) {
    out.fp(' permaddr ');
    out.string('any', 'permaddr', '%s', llAddr(perm, l.ifi_type));
  }
}

/** " link-netns NAME" / " link-netnsid N", and the netns moves of notifications. */
function printNetns(ctx: PrintContext, a: Attrs): void {
  const out = ctx.out;
  if (a.IFLA_LINK_NETNSID !== undefined) {
    const id = a.IFLA_LINK_NETNSID as number;
    if (out.isJson) out.int('json', 'link_netnsid', null, id);
    else if (id < 0) out.fp(' link-netnsid %s', 'unknown');
    else {
      const name = ctx.opts.netnsNames?.get(id);
      if (name !== undefined) out.fp(' link-netns %s', name);
      else out.fp(' link-netnsid %d', id);
    }
  }
  if (a.IFLA_NEW_NETNSID !== undefined) {
    const id = a.IFLA_NEW_NETNSID as number;
    const name = ctx.opts.netnsNames?.get(id);
    if (name !== undefined) out.fp(' new-netns %s', name);
    else out.fp(' new-netnsid %d', id);
  }
  if (a.IFLA_NEW_IFINDEX !== undefined) out.fp(' new-ifindex %d', a.IFLA_NEW_IFINDEX as number);
}

/** The -d part of the record: promiscuity ... gro_max_size, the kind line, addrgenmode. */
function printDetails(ctx: PrintContext, a: Attrs, view: LinkView): void {
  const out = ctx.out;
  if (a.IFLA_PROMISCUITY !== undefined) out.uint('any', 'promiscuity', ' promiscuity %u ', a.IFLA_PROMISCUITY as number);
  if (a.IFLA_ALLMULTI !== undefined) out.uint('any', 'allmulti', ' allmulti %u ', a.IFLA_ALLMULTI as number);
  if (a.IFLA_MIN_MTU !== undefined) out.uint('any', 'min_mtu', 'minmtu %u ', a.IFLA_MIN_MTU as number);
  if (a.IFLA_MAX_MTU !== undefined) out.uint('any', 'max_mtu', 'maxmtu %u ', a.IFLA_MAX_MTU as number);
  if (a.IFLA_LINKINFO !== undefined) printLinkType(ctx, a.IFLA_LINKINFO as Attrs);
  if (view.doLink && a.IFLA_AF_SPEC !== undefined) printAfSpec(ctx, a.IFLA_AF_SPEC as Attrs);
  for (const [attr, key, fmt] of DETAIL_UINTS) if (a[attr] !== undefined) out.uint('any', key, fmt, a[attr] as number);
  if (a.IFLA_PHYS_PORT_NAME !== undefined) out.string('any', 'phys_port_name', 'portname %s ', a.IFLA_PHYS_PORT_NAME as string);
  if (Buffer.isBuffer(a.IFLA_PHYS_PORT_ID)) out.string('any', 'phys_port_id', 'portid %s ', a.IFLA_PHYS_PORT_ID.toString('hex'));
  if (Buffer.isBuffer(a.IFLA_PHYS_SWITCH_ID)) {
    out.string('any', 'phys_switch_id', 'switchid %s ', a.IFLA_PHYS_SWITCH_ID.toString('hex'));
  }
  if (a.IFLA_PARENT_DEV_BUS_NAME !== undefined) out.string('any', 'parentbus', 'parentbus %s ', a.IFLA_PARENT_DEV_BUS_NAME as string);
  if (a.IFLA_PARENT_DEV_NAME !== undefined) out.string('any', 'parentdev', 'parentdev %s ', a.IFLA_PARENT_DEV_NAME as string);
}

/**
 * print_linkinfo(): one link's record. Returns 0 when the brief form was
 * printed (ip then prints no statistics after the addresses), 1 otherwise.
 */
export function printLinkinfo(ctx: PrintContext, l: LinkMessage, view: LinkView): number {
  const out = ctx.out;
  const a = l.attrs;
  if (ctx.opts.brief) {
    printLinkBrief(ctx, l, view);
    return 0;
  }
  out.int('any', 'ifindex', '%d: ', l.ifi_index);
  const mdown = printNameAndLink(ctx, '%s: ', linkName(ctx, l), a);
  printLinkFlags(ctx, l.ifi_flags, mdown);
  printHeader(ctx, l, view);
  if (!view.family || view.family === AF_PACKET || ctx.details) printLinkLine(ctx, l);
  printNetns(ctx, a);
  if (a.IFLA_PROTO_DOWN !== undefined) printProtoDown(ctx, a);
  if (ctx.details) printDetails(ctx, a, view);
  if ((view.doLink || ctx.details) && a.IFLA_IFALIAS !== undefined) {
    out.fp('%s    ', out.SL);
    out.string('any', 'ifalias', 'alias %s', a.IFLA_IFALIAS as string);
  }
  if (view.doLink && ctx.stats) {
    out.nl();
    printLinkStats(ctx, a);
  }
  const props = a.IFLA_PROP_LIST as { IFLA_ALT_IFNAME?: string[] } | undefined;
  if (props) {
    out.openArray('json', 'altnames');
    for (const alt of props.IFLA_ALT_IFNAME ?? []) {
      out.fp('%s    altname ', out.SL);
      out.string('any', null, '%s', alt);
    }
    out.closeArray('json', null);
  }
  out.string('fp', null, '%s', '\n');
  return 1;
}

/**
 * `ip link show`: every link in `links`, in the order given (the kernel's
 * dump order), as text or JSON per `opts`.
 */
export function formatLinks(links: readonly LinkMessage[], opts: PrintOptions = {}): string {
  const ctx = new PrintContext(opts, links);
  const view: LinkView = { doLink: true, family: AF_PACKET };
  ctx.out.openAnonArray();
  for (const l of links) {
    ctx.out.openObject();
    printLinkinfo(ctx, l, view);
    ctx.out.closeObject();
  }
  ctx.out.closeArray('json', null);
  return ctx.out.finish();
}
