// tsip route [ { list | show } SELECTOR ]     tsip route flush SELECTOR
//
// ip/iproute.c iproute_list_flush_or_save(): the selector is read by
// ../print/route-selector.ts into ip's filter, the dump is asked as ip asks
// it (routeDumpRequest) and printed by ../print/route.ts. `flush` deletes
// every route the filter selects, round after round until none is left,
// sending each route back as RTM_DELROUTE as ip does; "flush cache" writes
// the IPv4 cache's flush file in the namespace.

import { AF_INET, AF_INET6 } from '../../netlink/constants.js';
import { strerror } from '../../netlink/errno.js';
import { NetlinkError } from '../../netlink/errors.js';
import { RTM, RT_TABLE } from '../../netlink/rtnl/constants.js';
import { nexthop, type NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import { route, type RouteMessage } from '../../netlink/rtnl/route.js';
import { decodeBody, encodeBody, type Body } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { JsonWriter } from '../print/json.js';
import { nexthopInfoOf, type NexthopInfo } from '../print/nexthop-info.js';
import { setSysctl } from '../../ops/sysctl.js';
import { CliError } from '../args.js';
import type { CliContext } from '../context.js';
import { RouteSelector, routeDumpRequest, type RouteFilter } from '../print/route-filter.js';
import { formatRoutes, type RoutePrintOptions } from '../print/route.js';
import { parseRouteSelector, type RouteSelection } from '../print/route-selector.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { preferredFamily } from './ip-parse.js';
import { ROUTE_USAGE } from './ip-usage.js';
import { linkNames, nameToIndex, terminated, terminatedError, withSession } from './rtnl-session.js';

interface Dumped {
  msg: RouteMessage;
  /** the message's body as the kernel sent it: what flush sends back */
  body: Buffer;
}

function dumpRoutes(sock: NetlinkSocket, sel: RouteSelection): Dumped[] {
  const req = routeDumpRequest(sel.filter, sel.dumpFamily);
  return sock.dump(RTM.RTM_GETROUTE, 0, (w) => encodeBody(route, req as Partial<Body>, w),
    (m) => ({ msg: decodeBody(route, m.buf, m.start, m.end) as RouteMessage, body: Buffer.from(m.buf.subarray(m.start, m.end)) }));
}

function selectorOf(argv: string[], ctx: CliContext, sock: NetlinkSocket): RouteSelection {
  return parseRouteSelector(argv, { family: preferredFamily(ctx.opts), linkIndex: (n) => nameToIndex(sock, n) || undefined, names: loadRtNames() });
}

/** How `show` prints, and -s -s `flush` its deletions. */
function printOptions(ctx: CliContext, sel: RouteSelection, names: ReadonlyMap<number, string>, nexthops?: ReadonlyMap<number, NexthopInfo>): RoutePrintOptions {
  const { opts } = ctx;
  return {
    json: opts.json, pretty: opts.pretty, details: opts.details, stats: opts.stats, oneline: opts.oneline,
    family: sel.dumpFamily, linkNames: names, filter: sel.filter, names: loadRtNames(), nexthops,
  };
}

/**
 * print_cache_nexthop_id(): with -d, ip asks the kernel for each nexthop
 * object a route uses (RTM_GETNEXTHOP by NHA_ID, once per id) and prints it
 * as "nh_info"; one it cannot get is left out.
 */
function nexthopsOf(sock: NetlinkSocket, routes: readonly Dumped[]): Map<number, NexthopInfo> {
  const out = new Map<number, NexthopInfo>();
  for (const { msg } of routes) {
    const id = msg.attrs.RTA_NH_ID;
    if (typeof id !== 'number' || out.has(id)) continue;
    try {
      const [m] = sock.request(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { attrs: { NHA_ID: id } }, w),
        (r) => decodeBody(nexthop, r.buf, r.start, r.end) as NexthopMessage);
      if (m) out.set(id, nexthopInfoOf(m));
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
    }
  }
  return out;
}

const isUsage = (e: unknown): boolean => e instanceof CliError && e.message === 'usage';

function usage(ctx: CliContext): number {
  ctx.io.err(ROUTE_USAGE);
  return 255;
}

export async function showRoutes(argv: string[], ctx: CliContext): Promise<number> {
  const { opts } = ctx;
  try {
    return await withSession(ctx, async (sock, op) => {
      const sel = selectorOf(argv, ctx, sock);
      let routes: Dumped[];
      try {
        routes = dumpRoutes(sock, sel);
      } catch (e) {
        // ip lets a missing main table pass (save_route_errhndlr); any other
        // failure ends the dump after the JSON array was opened
        if (!(e instanceof NetlinkError)) throw e;
        if (e.code === 'ENOENT' && sel.filter.tb === RT_TABLE.RT_TABLE_MAIN) routes = [];
        else {
          if (opts.json) ctx.io.out(new JsonWriter(opts.pretty).startArray().finish().slice(0, -1));
          throw terminatedError('Dump', 2, e);
        }
      }
      const nexthops = opts.details ? nexthopsOf(sock, routes) : undefined;
      ctx.io.out(formatRoutes(routes.map((r) => r.msg), printOptions(ctx, sel, await linkNames(op), nexthops)));
      return 0;
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

export async function flushRoutes(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 0) throw new CliError('"tsip route flush" requires arguments.', 1);
  try {
    return await withSession(ctx, async (sock, op) => {
      const sel = selectorOf(argv, ctx, sock);
      if (sel.filter.cloned) {
        if (sel.dumpFamily !== AF_INET6) {
          await setSysctl('net.ipv4.route.flush', '-1', { netns: ctx.op.netns });
          if (ctx.opts.stats) ctx.io.out('*** IPv4 routing cache is flushed.\n');
        }
        if (sel.dumpFamily === AF_INET) return 0;
      }
      return flushRounds(sock, sel, ctx, ctx.opts.stats > 1 ? await linkNames(op) : new Map());
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

/** iproute_flush(): dump, delete what the filter selects, again until nothing is left (30 s at most). */
function flushRounds(sock: NetlinkSocket, sel: RouteSelection, ctx: CliContext, names: ReadonlyMap<number, string>): number {
  const { io, opts } = ctx;
  const start = Date.now();
  for (let round = 0; ; round++) {
    const selector = new RouteSelector(sel.filter as RouteFilter, sel.dumpFamily);
    const found = terminated('Flush', 2, () => dumpRoutes(sock, sel)).filter((r) => selector.accepts(r.msg));
    if (found.length === 0) {
      if (opts.stats) {
        if (round === 0 && (!sel.filter.cloned || sel.dumpFamily === AF_INET6)) io.out('Nothing to flush.\n');
        else io.out(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
      }
      return 0;
    }
    if (opts.stats > 1) io.out(formatRoutes(found.map((r) => r.msg), printOptions(ctx, sel, names)));
    for (const r of found) {
      try {
        sock.request(RTM.RTM_DELROUTE, 0, (w) => w.bytes(r.body));
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        throw new CliError(`Failed to send flush request: ${strerror(e.errno)}`, 2);
      }
    }
    if (Date.now() - start > 30_000) {
      io.out(`\n*** Flush not completed after ${Math.floor((Date.now() - start) / 1000)} seconds, ${found.length} entries remain ***\n`);
      return 1;
    }
    if (opts.stats) io.out(`\n*** Round ${round + 1}, deleting ${found.length} entries ***\n`);
  }
}
