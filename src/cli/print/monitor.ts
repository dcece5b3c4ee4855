// `ip monitor`'s output, as iproute2 6.1 prints it (ip/ipmonitor.c
// accept_msg() and the printers it calls), from ops/monitor.ts's events:
//
//   Timestamp: Fri Nov 27 18:16:20 2026 75338 usec          -t
//   [2026-11-27T18:16:20.075338] [LINK]3: va@vb: <...> ...  -ts, label/all
//   [nsid current][ADDR]Deleted 3: va    inet 10.9.0.1/24 scope global va
//
// For every message ip prints the timestamp and the all-nsid tag first,
// then the object's label, and only then lets the object's printer filter
// ("dev DEV", cloned routes): a message filtered out leaves its prefix
// behind, joined to the next line. That is ip's output, so it is tsip's.
// Netconf records are filtered by "dev" that way too; rules and nexthops
// (and their buckets) are never filtered by device.
// ip 6.1 opens no JSON context for monitor: `ip -j monitor` prints this
// same text, and so does tsip.
//
// State ip keeps while it listens, kept here the same way:
//  - the link cache (lib/ll_map.c): every link at start, then each link
//    event remembered before it is printed (a peer namespace's too, by
//    index, as ip does); a miss asks the kernel (lookups.link);
//  - nsid -> name under /run/netns: the names at start; an nsid event
//    prints a cached name and forgets it, or looks a new id up
//    (lookups.netnsName) and caches it: ip's cache, quirks included;
//  - the route selector's ip6_multiple_tables.

import { strerror } from '../../netlink/errno.js';
import { AF_UNSPEC } from '../../netlink/constants.js';
import type { AddressMessage } from '../../netlink/rtnl/address.js';
import { RTM, RTM_F_CLONED } from '../../netlink/rtnl/constants.js';
import type { LinkMessage } from '../../netlink/rtnl/link.js';
import type { NeighMessage } from '../../netlink/rtnl/neigh.js';
import type { NetconfMessage } from '../../netlink/rtnl/netconf.js';
import type { NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import type { NsidMessage } from '../../netlink/rtnl/nsid.js';
import type { RuleMessage } from '../../netlink/rtnl/rule.js';
import type { RouteMessage, RtNexthop } from '../../netlink/rtnl/route.js';
import type { MonitorEvent, MonitorOverflow } from '../../ops/monitor.js';
import { printAddrinfo } from './address.js';
import { PrintContext, type NameTables } from './context.js';
import { printLinkinfo } from './link.js';
import { formatNeighbours, neighAccepted, newNeighFilter } from './neigh.js';
import { formatNetconf } from './netconf.js';
import { formatNexthopBucketEvent, formatNexthopEvent } from './nexthop.js';
import { formatNsidList } from './netns.js';
import { newRouteFilter, RouteSelector } from './route-filter.js';
import { formatRoute } from './route.js';
import type { RtNames } from './rt-names.js';
import { formatRuleEvent } from './rule.js';

const ENOBUFS = 105;

export interface MonitorView {
  /** -t: a "Timestamp: ..." line; -ts: a "[2026-...] " prefix */
  timestamp?: 'long' | 'short';
  /** "label" or "all": "[LINK]", "[ADDR]", ... before each message */
  label?: boolean;
  /** "all-nsid": "[nsid N]" / "[nsid current]" before each message */
  allNsid?: boolean;
  /** "dev DEV": its ifindex; links, addresses, routes, neighbours and netconf of others are not printed (rules and nexthops are) */
  dev?: number;
  /** -4 / -6 ...: AF_*; addresses, routes, rules and netconf of other families are not heard (ip joins fewer groups) */
  family?: number;
  details?: number;
  stats?: number;
  oneline?: boolean;
  brief?: boolean;
  /** name tables for links and addresses (/etc/iproute2/group, rt_scopes) */
  names?: Partial<NameTables>;
  /** name tables for routes, neighbours, rules and nexthops */
  rtNames?: RtNames;
  /** IP protocol names (/etc/protocols), for a rule's ipproto */
  protocols?: ReadonlyMap<number, string>;
}

/** What ip asks the kernel while it prints. */
export interface MonitorLookups {
  /** ll_link_get(): the link with this index now, or undefined */
  link(index: number): LinkMessage | undefined;
  /** netns_get_name(): the name under /run/netns of the namespace with this nsid */
  netnsName(nsid: number): Promise<string | undefined>;
}

export interface Printed {
  out: string;
  err: string;
  /** A record was printed: ip fflush()es stdout here (the prefixes of filtered messages wait in its buffer). */
  flush: boolean;
}

/** What an object's printer gives: its label (when "label"), and the record ('' when filtered out). */
type Part = readonly [label: string, record: string];

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** print_timestamp(): local time, as asctime(3) writes it, or ISO-like with -ts. */
export function formatTimestamp(ms: number, kind: 'long' | 'short'): string {
  const us = Math.round(ms * 1000);
  const usec = us % 1_000_000;
  const d = new Date((us - usec) / 1000);
  const hms = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  if (kind === 'short') {
    return `[${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${hms}.${String(usec).padStart(6, '0')}] `;
  }
  const asc = `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]}${String(d.getDate()).padStart(3)} ${hms} ${d.getFullYear()}`;
  return `Timestamp: ${asc} ${usec} usec\n`;
}

/** ip monitor prints no "qlen" (filter.showqueue is 0 there): the link printer gets no IFLA_TXQLEN. */
function withoutQlen(l: LinkMessage): LinkMessage {
  if (l.attrs.IFLA_TXQLEN === undefined) return l;
  const { IFLA_TXQLEN: _, ...attrs } = l.attrs;
  return { ...l, attrs };
}

/** The field that says an event's family, for the objects whose groups ip joins per family. */
const FAMILY_FIELD: Partial<Record<string, string>> = { address: 'ifa_family', route: 'rtm_family', rule: 'family', netconf: 'ncm_family' };

const familyOf = (ev: MonitorEvent): number | undefined => {
  const b = ev.body as Record<string, unknown> | undefined;
  const field = ev.object && FAMILY_FIELD[ev.object];
  const f = field ? b?.[field] : undefined;
  return typeof f === 'number' ? f : undefined;
};

export class MonitorPrinter {
  /** ifindex -> link (names and flags), stripped of IFLA_TXQLEN */
  private readonly links = new Map<number, LinkMessage>();
  /** ifindex -> name, beside `links`, for the route and neighbour printers */
  private readonly names = new Map<number, string>();
  private readonly routes: RouteSelector;

  constructor(
    private readonly view: MonitorView,
    links: readonly LinkMessage[],
    /** nsid -> name, updated as nsid events arrive */
    private readonly netns: Map<number, string>,
    private readonly lookups: MonitorLookups,
  ) {
    for (const l of links) this.remember(l);
    this.routes = new RouteSelector(this.routeFilter(), AF_UNSPEC);
  }

  /** Everything ip prints for one event: the prefix, then the object's record (perhaps none). */
  async event(ev: MonitorEvent): Promise<Printed> {
    const { view } = this;
    const fam = familyOf(ev);
    if (view.family && fam !== undefined && fam !== view.family) return { out: '', err: '', flush: false };
    let head = view.timestamp ? formatTimestamp(ev.time, view.timestamp) : '';
    if (view.allNsid) head += ev.nsid === undefined || ev.nsid < 0 ? '[nsid current]' : `[nsid ${ev.nsid}]`;
    if (!ev.body) {
      const h = ev.hdr;
      const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
      const err = ev.error
        ? `tsip: ${ev.name} not decoded: ${ev.error.message}\n`
        : `Unknown message: type=${hex(h.nlmsg_type)}(${h.nlmsg_type}) flags=${hex(h.nlmsg_flags)}(${h.nlmsg_flags}) len=${hex(h.nlmsg_len)}(${h.nlmsg_len})\n`;
      return { out: head, err, flush: false };
    }
    const b: unknown = ev.body;
    let part: Part;
    switch (ev.object) {
      case 'link': part = this.link(ev.type, b as LinkMessage); break;
      case 'address': part = this.address(ev.type, b as AddressMessage); break;
      case 'route': part = this.route(ev.type, b as RouteMessage); break;
      case 'neigh': part = this.neigh(ev.type, b as NeighMessage); break;
      case 'netconf': part = this.netconf(ev.type, b as NetconfMessage); break;
      case 'rule': part = ['[RULE]', formatRuleEvent(ev.type, b as RuleMessage, { details: this.view.details, names: this.view.rtNames, groups: this.view.names?.groups, protocols: this.view.protocols })]; break;
      case 'nsid': part = await this.nsid(ev.type, b as NsidMessage); break;
      case 'nexthop': part = this.nexthop(ev.type, b as NexthopMessage); break;
      default: part = ['', ''];
    }
    const [label, record] = part;
    return { out: head + (this.view.label ? label : '') + record, err: '', flush: record !== '' };
  }

  /** What ip prints on stderr when events were lost; it carries on. */
  overflow(o: MonitorOverflow): string {
    if (o.reason === 'ENOBUFS') return `netlink receive error ${strerror(ENOBUFS)} (${ENOBUFS})\n`;
    if (o.reason === 'truncated') return 'Message truncated\n';
    return '';
  }

  /** ll_remember_index() */
  private remember(l: LinkMessage): void {
    const name = l.attrs.IFLA_IFNAME;
    this.links.set(l.ifi_index, withoutQlen(l));
    if (typeof name === 'string') this.names.set(l.ifi_index, name);
  }

  private forget(index: number): void {
    this.links.delete(index);
    this.names.delete(index);
  }

  /** ll_index_to_name() on a miss: ask the kernel, and remember what it says. */
  private ensure(index: unknown): void {
    if (typeof index !== 'number' || index <= 0 || this.links.has(index)) return;
    const l = this.lookups.link(index);
    if (l) this.remember(l);
  }

  /** A print context over the link cache; `filterOneline` is ip's filter.oneline ("3: va" before an address). */
  private context(filterOneline = false): PrintContext {
    const { view } = this;
    const opts = {
      details: view.details, stats: view.stats, oneline: view.oneline, brief: view.brief,
      names: view.names, netnsNames: this.netns, known: [...this.links.values()],
    };
    const ctx = new PrintContext(opts, []);
    // Output's line breaks were fixed above (by -o alone); "N: dev" before an address is ip's filter.oneline.
    if (filterOneline) opts.oneline = true;
    return ctx;
  }

  private link(type: number, l: LinkMessage): Part {
    if (type === RTM.RTM_DELLINK) this.forget(l.ifi_index);
    else this.remember(l);
    const head = '[LINK]';
    if (this.view.dev && l.ifi_index !== this.view.dev) return [head, ''];
    if (l.attrs.IFLA_LINK_NETNSID === undefined) this.ensure(l.attrs.IFLA_LINK);
    this.ensure(l.attrs.IFLA_MASTER);
    const ctx = this.context();
    if (type === RTM.RTM_DELLINK) ctx.out.bool('any', 'deleted', 'Deleted ', true);
    printLinkinfo(ctx, withoutQlen(l), { doLink: false, family: 0 });
    return [head, ctx.out.finish()];
  }

  private address(type: number, m: AddressMessage): Part {
    const head = '[ADDR]';
    if (this.view.dev && m.ifa_index !== this.view.dev) return [head, ''];
    this.ensure(m.ifa_index);
    const ctx = this.context(true);
    if (type === RTM.RTM_DELADDR) ctx.out.bool('any', 'deleted', 'Deleted ', true);
    printAddrinfo(ctx, m);
    return [head, ctx.out.finish()];
  }

  /** iproute_reset_filter(ifindex): every table, and "dev" left out when it is the selector. */
  private routeFilter() {
    const dev = this.view.dev ?? 0;
    return newRouteFilter({ tb: 0, oif: dev, oifmask: dev ? -1 : 0 });
  }

  private route(type: number, r: RouteMessage): Part {
    if (r.rtm_flags & RTM_F_CLONED) return ['', ''];
    const head = '[ROUTE]';
    if (!this.routes.accepts(r)) return [head, ''];
    const a = r.attrs;
    this.ensure(a.RTA_OIF);
    this.ensure(a.RTA_IIF);
    if (Array.isArray(a.RTA_MULTIPATH)) for (const nh of a.RTA_MULTIPATH as RtNexthop[]) this.ensure(nh.rtnh_ifindex);
    const { oif, oifmask } = this.routeFilter();
    return [head, formatRoute(r, {
      linkNames: this.names, filter: { oif, oifmask }, deleted: type === RTM.RTM_DELROUTE,
      details: this.view.details, stats: this.view.stats, oneline: this.view.oneline, names: this.view.rtNames,
    })];
  }

  private neigh(type: number, n: NeighMessage): Part {
    // accept_msg() drops other families (after the prefix) before the label
    if (this.view.family && n.ndm_family !== this.view.family) return ['', ''];
    const head = '[NEIGH]';
    const filter = { state: ~0, index: this.view.dev ?? 0 };
    if (!neighAccepted(n, newNeighFilter(filter))) return [head, ''];
    this.ensure(n.ndm_ifindex);
    const what = type === RTM.RTM_DELNEIGH ? 'Deleted ' : type === RTM.RTM_GETNEIGH ? 'miss ' : '';
    return [head, what + formatNeighbours([n], { linkNames: this.names, filter, stats: this.view.stats, names: this.view.rtNames })];
  }

  /** print_netconf(): after the label, the "dev" filter; names from the link cache. */
  private netconf(type: number, m: NetconfMessage): Part {
    const ifindex = m.attrs.NETCONFA_IFINDEX;
    if (typeof ifindex === 'number' && ifindex > 0 && (!this.view.dev || ifindex === this.view.dev)) this.ensure(ifindex);
    return ['[NETCONF]', formatNetconf(type, m, { linkNames: this.names, filter: { ifindex: this.view.dev ?? 0 } })];
  }

  /** print_cache_nexthop() and print_nexthop_bucket(): never filtered by "dev". */
  private nexthop(type: number, m: NexthopMessage): Part {
    if (type === RTM.RTM_NEWNEXTHOPBUCKET || type === RTM.RTM_DELNEXTHOPBUCKET) return ['[NEXTHOP]', formatNexthopBucketEvent(m)];
    this.ensure(m.attrs.NHA_OIF);
    return ['[NEXTHOP]', formatNexthopEvent(type, m, { linkNames: this.names, details: this.view.details, names: this.view.rtNames })];
  }

  private async nsid(type: number, m: NsidMessage): Promise<Part> {
    const head = '[NSID]';
    const id = m.attrs.NETNSA_NSID;
    if (typeof id !== 'number') return [head, ''];
    // print_nsid(): a cached name is printed and forgotten (whichever
    // namespace the event came from); a new id is looked up and cached.
    let name = this.netns.get(id);
    if (name !== undefined) {
      this.netns.delete(id);
    } else if (type === RTM.RTM_NEWNSID && id >= 0) {
      name = await this.lookups.netnsName(id);
      if (name !== undefined) this.netns.set(id, name);
    }
    const current = m.attrs.NETNSA_CURRENT_NSID;
    const entry = { nsid: id, ...(typeof current === 'number' ? { currentNsid: current } : {}), ...(name !== undefined ? { name } : {}) };
    return [head, formatNsidList([entry], { deleted: type === RTM.RTM_DELNSID })];
  }
}
