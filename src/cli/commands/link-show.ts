// ip link show [ DEV | dev DEV ] [ group G ] [ up ] [ master DEV | nomaster ]
//              [ type KIND ] [ label PATTERN ] [ scope S ] [ to PREFIX ]
// (ip/ipaddress.c ipaddr_list_flush_or_save() for `ip link`, iproute2 6.1).
//
// What is asked of the kernel is what ip asks: a device alone is one
// RTM_GETLINK; otherwise one RTM_GETLINK dump (ifi_family AF_PACKET,
// IFLA_EXT_MASK RTEXT_FILTER_VF) carrying the master and kind filters,
// which the kernel applies (a kind it does not know it ignores). The other
// filters are ip's own, made here; a link they drop still prints as "{}"
// under -j, as ip prints it. Links named by a record ("@veth1", "master
// br0") but not in the answer are asked for one by one, as ip's link cache
// does.

import { AF_PACKET } from '../../netlink/constants.js';
import { RTEXT_FILTER_VF, RTM } from '../../netlink/rtnl/constants.js';
import { IFF, link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import { withRtnl } from '../../ops/context.js';
import { getLink } from '../../ops/link.js';
import { listNetns } from '../../ops/netns.js';
import { type Args, CliError, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { loadNameTables } from '../print/conf.js';
import { DEFAULT_SCOPES } from '../print/names.js';
import { formatLinkRecords } from './link-show-print.js';
import { groupA2n, usage } from './link-parse.js';
import { findLink, nameToIndex } from './link-util.js';

interface Filter {
  dev?: string;
  up?: boolean;
  group?: number;
  /** ifindex, or -1: no master (nomaster) */
  master?: number;
  kind?: string;
  slaveKind?: string;
  label?: string;
}

/** get_filter(): address flags, which filter addresses and so nothing in `ip link` */
const ADDRESS_FLAGS = new Set([
  'permanent', 'dynamic', 'secondary', 'primary', 'tentative', '-tentative', 'deprecated', '-deprecated',
  'home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'dadfailed', '-dadfailed', 'autojoin',
]);

async function parseFilter(a: Args, ctx: CliContext, groups: ReadonlyMap<number, string>): Promise<Filter> {
  const f: Filter = {};
  while (!a.done) {
    const arg = a.take();
    if (arg === 'to') {
      const v = a.value();
      throw new CliError(`Error: "${v}" may be inet prefix, but it is not allowed in this context.`, 1);
    } else if (arg === 'scope') {
      const v = a.value();
      const known = [...DEFAULT_SCOPES.values()].includes(v) || /^\s*\d+$/.test(v) || v === 'all';
      if (!known) throw invarg('invalid "scope"\n', v);
    } else if (arg === 'up') f.up = true;
    else if (ADDRESS_FLAGS.has(arg)) {
      /* address filters: nothing to filter among links */
    } else if (arg === 'label') f.label = a.value();
    else if (arg === 'group') {
      const v = a.value();
      const g = groupA2n(v, groups);
      if (g === undefined) throw invarg('Invalid "group" value\n', v);
      f.group = g;
    } else if (arg === 'master') {
      const v = a.value();
      const index = await nameToIndex(ctx, v);
      if (!index) throw invarg('Device does not exist\n', v);
      f.master = index;
    } else if (arg === 'vrf') {
      const v = a.value();
      const l = await findLink(ctx, v);
      if (kindOf(l?.attrs) !== 'vrf') throw invarg('Not a valid VRF name\n', v);
      f.master = l!.ifi_index;
    } else if (arg === 'type') {
      const v = a.value();
      if (v.length > 6 && v.endsWith('_slave')) f.slaveKind = v.slice(0, -6);
      else f.kind = v;
    } else if (arg === 'nomaster') f.master = -1;
    else {
      const v = arg === 'dev' ? a.value() : arg;
      if (arg !== 'dev' && matches(arg, 'help')) throw usage();
      if (f.dev !== undefined) throw duparg2('dev', v);
      f.dev = v;
    }
  }
  return f;
}

function kindOf(a: Attrs | undefined, slave = false): string | undefined {
  const li = a?.IFLA_LINKINFO as Attrs | undefined;
  return (slave ? li?.IFLA_INFO_SLAVE_KIND : li?.IFLA_INFO_KIND) as string | undefined;
}

/** print_linkinfo()'s filters: whether ip prints this link (else "{}" under -j). */
function keep(m: LinkMessage, f: Filter): boolean {
  const a = m.attrs;
  if (f.up && !(m.ifi_flags & IFF.IFF_UP)) return false;
  if (f.label !== undefined) return false; // ip 6.1 matches a label against no link in `ip link`
  if (f.group !== undefined && a.IFLA_GROUP !== undefined && a.IFLA_GROUP !== f.group) return false;
  const master = a.IFLA_MASTER as number | undefined;
  if (f.master !== undefined && f.master > 0 && master !== f.master) return false;
  if (f.master === -1 && master) return false;
  if (f.kind !== undefined && kindOf(a) !== f.kind) return false;
  if (f.slaveKind !== undefined && kindOf(a, true) !== f.slaveKind) return false;
  return true;
}

/** The dump ip sends for `ip link show` with these filters. */
function dump(ctx: CliContext, f: Filter): LinkMessage[] {
  const attrs: Attrs = { IFLA_EXT_MASK: RTEXT_FILTER_VF };
  if (f.master) attrs.IFLA_MASTER = f.master >>> 0;
  if (f.kind !== undefined) attrs.IFLA_LINKINFO = { IFLA_INFO_KIND: f.kind };
  return withRtnl(ctx.op, (sock) => sock.dump(RTM.RTM_GETLINK, 0,
    (w) => encodeBody(link, { ifi_family: AF_PACKET, attrs }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage));
}

/** ll_index_to_name()'s lookups: the links a record names that the answer lacks. */
async function withNamedLinks(ctx: CliContext, got: readonly LinkMessage[]): Promise<LinkMessage[]> {
  const known = new Map(got.map((m) => [m.ifi_index, m]));
  const wanted = new Set<number>();
  for (const m of got) {
    const peer = m.attrs.IFLA_LINK as number | undefined;
    if (peer && m.attrs.IFLA_LINK_NETNSID === undefined) wanted.add(peer);
    const master = m.attrs.IFLA_MASTER as number | undefined;
    if (master) wanted.add(master);
  }
  for (const index of wanted) {
    if (known.has(index)) continue;
    try {
      known.set(index, (await getLink(index, ctx.op)).message);
    } catch {
      /* gone: ip prints "if<N>" */
    }
  }
  return [...known.values()];
}

/** nsid -> name of the namespaces under /run/netns, for "link-netns NAME" (text only, as ip). */
async function netnsNames(ctx: CliContext, shown: readonly LinkMessage[]): Promise<Map<number, string> | undefined> {
  if (ctx.opts.json || !shown.some((m) => m.attrs.IFLA_LINK_NETNSID !== undefined)) return undefined;
  const names = new Map<number, string>();
  for (const e of await listNetns(ctx.op)) if (e.id !== undefined && !names.has(e.id)) names.set(e.id, e.name);
  return names;
}

export async function linkShow(a: Args, ctx: CliContext): Promise<number> {
  const names = loadNameTables();
  const f = await parseFilter(a, ctx, names.groups);
  let records: LinkMessage[];
  let known: LinkMessage[];
  if (f.dev !== undefined) {
    const l = await findLink(ctx, f.dev);
    if (!l) {
      if (!/^if\d+$/.test(f.dev)) throw new CliError(`Device "${f.dev}" does not exist.`, 1);
      // ll_idx_a2n() turns "ifN" into an index; the kernel knows no such name
      throw new CliError('RTNETLINK answers: No such device\nCannot send link get request: No such device', 1);
    }
    records = [l];
    known = await withNamedLinks(ctx, records);
  } else {
    records = dump(ctx, f);
    known = await withNamedLinks(ctx, records);
  }
  const shown = records.map((m) => (keep(m, f) ? m : null));
  const o = ctx.opts;
  ctx.io.out(formatLinkRecords(shown, {
    json: o.json, pretty: o.pretty, brief: o.brief, details: o.details, stats: o.stats, oneline: o.oneline,
    human: o.human, iec: o.iec, names, known,
    ...(await netnsNames(ctx, shown.filter((m): m is LinkMessage => m !== null)).then((n) => (n ? { netnsNames: n } : {}))),
  }));
  return 0;
}
