// tsip monitor [ all | OBJECTS ] [ label ] [ all-nsid ] [ dev DEVICE ]
//
// ip/ipmonitor.c's grammar, output and ways of ending: it listens until a
// signal ends it (SIGINT, SIGTERM: it then dies of that signal, as ip
// does), and on a lost event (ENOBUFS) says so on stderr and carries on.
// OBJECTS here are link, address, route, neigh, netconf, rule, nsid and
// nexthop; ip's others (mroute, prefix, stats, and "file FILE") have no
// tables in tsip and are refused. With no object ip also hears mroute and
// prefix: tsip hears its eight.

import { strerror } from '../../netlink/errno.js';
import { NetlinkError, OsError } from '../../netlink/errors.js';
import { RTEXT_FILTER_SKIP_STATS, RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { openRtnl } from '../../ops/context.js';
import { monitor, MONITOR_OBJECTS, type Monitor, type MonitorObject } from '../../ops/monitor.js';
import { exitLike } from '../../ops/netns-exec.js';
import { listNetns } from '../../ops/netns.js';
import { CliError, incomplete, matches } from '../args.js';
import type { CliContext, Io } from '../context.js';
import { loadNameTables } from '../print/conf.js';
import { MonitorPrinter, type MonitorView } from '../print/monitor.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { loadIpProtocols } from '../../ops/ip-protocols.js';
import { nameToIndex } from './rtnl-session.js';

const USAGE = `Usage: tsip monitor [ all | OBJECTS ] [ FILE ] [ label ] [ all-nsid ]
                  [ dev DEVICE ]
OBJECTS :=  address | link | mroute | neigh | netconf |
            nexthop | nsid | prefix | route | rule | stats
FILE := file FILENAME
`;

const FAMILIES: Record<string, number> = { inet: 2, inet6: 10, link: 17, mpls: 28, bridge: 7 };

/** The signals that end a monitor; tsip then dies of the same one, as ip does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Parsed {
  objects: Set<MonitorObject>;
  label: boolean;
  allNsid: boolean;
  dev?: string;
}

/** do_ipmonitor()'s argument loop, in ip's order of keywords. */
function parse(argv: readonly string[]): Parsed {
  const p: Parsed = { objects: new Set(), label: false, allNsid: false };
  const refuse = (what: string) => new CliError(`tsip monitor: "${what}" is not supported by tsip (it hears link, address, route, neigh, netconf, rule, nsid and nexthop).`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (matches(a, 'file')) throw refuse('file');
    else if (matches(a, 'label')) p.label = true;
    else if (matches(a, 'link')) p.objects.add('link');
    else if (matches(a, 'address')) p.objects.add('address');
    else if (matches(a, 'route')) p.objects.add('route');
    else if (matches(a, 'mroute')) throw refuse('mroute');
    else if (matches(a, 'prefix')) throw refuse('prefix');
    else if (matches(a, 'neigh')) p.objects.add('neigh');
    else if (matches(a, 'netconf')) p.objects.add('netconf');
    else if (matches(a, 'rule')) p.objects.add('rule');
    else if (matches(a, 'nsid')) p.objects.add('nsid');
    else if (matches(a, 'nexthop')) p.objects.add('nexthop');
    else if (a === 'stats') throw refuse('stats');
    else if (a === 'all') p.label = true;
    else if (matches(a, 'all-nsid')) p.allNsid = true;
    else if (matches(a, 'help')) throw new CliError(USAGE.trimEnd());
    else if (a === 'dev') {
      if (++i >= argv.length) throw incomplete();
      p.dev = argv[i]!;
    } else throw new CliError(`Argument "${a}" is unknown, try "tsip monitor help".`);
  }
  return p;
}

/** ll_init_map(): every link of the namespace. */
function dumpLinks(sock: NetlinkSocket): LinkMessage[] {
  return sock.dump(RTM.RTM_GETLINK, 0, (w) => encodeBody(link, { attrs: { IFLA_EXT_MASK: RTEXT_FILTER_SKIP_STATS } }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage);
}

/** ll_link_get(): one link by index, or undefined when there is none. */
function getLink(sock: NetlinkSocket, index: number): LinkMessage | undefined {
  try {
    const [m] = sock.request(RTM.RTM_GETLINK, 0,
      (w) => encodeBody(link, { ifi_index: index, attrs: { IFLA_EXT_MASK: RTEXT_FILTER_SKIP_STATS } }, w),
      (raw) => decodeBody(link, raw.buf, raw.start, raw.end) as LinkMessage);
    return m;
  } catch (e) {
    if (e instanceof NetlinkError) return undefined;
    throw e;
  }
}

/**
 * ip's stdout as C's stdio keeps it: ip fflush()es after each record, so
 * the prefixes of filtered-out messages (a timestamp, a label) wait in the
 * buffer until the next record, and are lost if a signal ends ip first. To
 * a pipe or file the buffer is a 4 KiB block; to a terminal, a line.
 */
class StdioBuffer {
  private pending = '';
  constructor(private readonly io: Io, private readonly tty: boolean) {}

  write(text: string, flush: boolean): void {
    this.pending += text;
    const n = this.pending.length;
    const upTo = flush ? n : this.tty ? this.pending.lastIndexOf('\n') + 1 : n - (n % 4096);
    if (upTo <= 0) return;
    this.io.out(this.pending.slice(0, upTo));
    this.pending = this.pending.slice(upTo);
  }

  /** exit(3) flushes; death by a signal does not. */
  flush(): void {
    this.write('', true);
  }
}

/** Let stdout drain before the process dies. */
function drained(): Promise<void> {
  if (process.stdout.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

/**
 * Print the monitor's events until it ends; returns the signal that ended
 * it, if one did. A reader gone from stdout (EPIPE) ends it as SIGPIPE
 * would end ip.
 */
async function listen(m: Monitor, printer: MonitorPrinter, io: Io, out: StdioBuffer): Promise<NodeJS.Signals | undefined> {
  let signal: NodeJS.Signals | undefined;
  const stop = (s: NodeJS.Signals) => {
    signal ??= s;
    m.close();
  };
  const onPipe = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') stop('SIGPIPE');
  };
  for (const s of STOP_SIGNALS) process.on(s, stop);
  process.stdout.on('error', onPipe);
  try {
    for await (const item of m) {
      if (item.kind === 'overflow') {
        io.err(printer.overflow(item));
        continue;
      }
      const p = await printer.event(item);
      out.write(p.out, p.flush);
      if (p.err) io.err(p.err);
    }
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stop);
    process.stdout.off('error', onPipe);
  }
  return signal;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { opts, io } = ctx;
  const p = parse(argv);
  const sock = openRtnl({ ...ctx.op.socketOptions, netns: ctx.op.netns });
  let signal: NodeJS.Signals | undefined;
  try {
    let dev = 0;
    if (p.dev !== undefined) {
      dev = nameToIndex(sock, p.dev);
      if (!dev) throw new CliError(`Error: argument "${p.dev}" is wrong: Device does not exist\n`);
    }
    const objects = p.objects.size ? [...p.objects] : MONITOR_OBJECTS;
    const m = monitor({ netns: ctx.op.netns, groups: objects, allNsid: p.allNsid, rcvbuf: opts.rcvbuf });
    try {
      const netns = new Map<number, string>();
      for (const e of await listNetns({ socket: sock })) if (e.id !== undefined && !netns.has(e.id)) netns.set(e.id, e.name);
      const view: MonitorView = {
        // global.ts counts -t as 1 and -ts as 2 (so "-t -t" reads as -ts here)
        timestamp: opts.timestamp >= 2 ? 'short' : opts.timestamp ? 'long' : undefined,
        label: p.label, allNsid: p.allNsid, dev, family: opts.family ? FAMILIES[opts.family] : 0,
        details: opts.details, stats: opts.stats, oneline: opts.oneline, brief: opts.brief,
        names: loadNameTables(), rtNames: loadRtNames(), protocols: loadIpProtocols(),
      };
      const printer = new MonitorPrinter(view, dumpLinks(sock), netns, {
        link: (index) => getLink(sock, index),
        netnsName: async (id) => (await listNetns({ socket: sock })).find((e) => e.id === id)?.name,
      });
      const out = new StdioBuffer(io, !!process.stdout.isTTY);
      try {
        signal = await listen(m, printer, io, out);
      } catch (e) {
        // rtnl_listen() failing: ip says why and exits 2
        if (!(e instanceof OsError)) throw e;
        io.err(`netlink receive error ${strerror(e.errno)} (${e.errno})\n`);
        return 2;
      } finally {
        if (!signal) out.flush();
      }
    } finally {
      m.close();
    }
  } finally {
    sock.close();
  }
  if (signal) {
    await drained();
    exitLike({ code: null, signal });
  }
  return 0;
}
