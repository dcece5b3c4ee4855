// tsip neigh [ { show | list } SELECTOR ]     tsip neigh flush SELECTOR
// tsip neigh get { ADDR | proxy ADDR } dev DEV
//
// ip/ipneigh.c do_show_or_flush() and ipneigh_get(): the selector is read
// by ../print/neigh-selector.ts, the dump asked as ip asks it and printed
// by ../print/neigh.ts. `flush` deletes what the filter selects (by
// default every state but permanent and noarp; never failed ones), up to
// ten rounds, sending each entry back as RTM_DELNEIGH as ip does.

import { AF_UNSPEC } from '../../netlink/constants.js';
import { strerror } from '../../netlink/errno.js';
import { NetlinkError } from '../../netlink/errors.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import { NTF, NUD, neigh, type NeighMessage } from '../../netlink/rtnl/neigh.js';
import { decodeBody, encodeBody, type Body } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { Args, CliError, duparg, duparg2, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { formatNeighGet, formatNeighbours, neighAccepted, neighDumpRequest, type NeighFilter } from '../print/neigh.js';
import { parseNeighSelector } from '../print/neigh-selector.js';
import type { Prefix } from '../print/route-filter.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { bytesOf, getAddr, preferredFamily } from './ip-parse.js';
import { NEIGH_USAGE } from './ip-usage.js';
import { linkNames, nameToIndex, terminated, withSession } from './rtnl-session.js';

const MAX_ROUNDS = 10;

interface Dumped {
  msg: NeighMessage;
  /** the message's body as the kernel sent it: what flush sends back */
  body: Buffer;
}

function dumpNeighbours(sock: NetlinkSocket, f: NeighFilter): Dumped[] {
  return sock.dump(RTM.RTM_GETNEIGH, 0, (w) => encodeBody(neigh, neighDumpRequest(f) as Partial<Body>, w),
    (m) => ({ msg: decodeBody(neigh, m.buf, m.start, m.end) as NeighMessage, body: Buffer.from(m.buf.subarray(m.start, m.end)) }));
}

const isUsage = (e: unknown): boolean => e instanceof CliError && e.message === 'usage';

function usage(ctx: CliContext): number {
  ctx.io.err(NEIGH_USAGE);
  return 255;
}

/**
 * The states a flush selects: those of the selector, but every state save
 * permanent and noarp when none is named, noarp left out of "nud all", and
 * failed entries never (ip's flush defaults).
 */
function flushStates(argv: readonly string[], f: NeighFilter): number {
  const named = argv.flatMap((a, i) => (a === 'nud' && i + 1 < argv.length ? [argv[i + 1]!] : []));
  let state = f.state;
  if (named.length === 0) state = ~(NUD.NUD_PERMANENT | NUD.NUD_NOARP);
  else if (named.includes('all') && !named.includes('noarp')) state &= ~NUD.NUD_NOARP;
  return state & ~NUD.NUD_FAILED;
}

export async function showNeighbours(argv: string[], ctx: CliContext, flush = false): Promise<number> {
  if (flush && argv.length === 0) throw new CliError('Flush requires arguments.', 1);
  const { opts } = ctx;
  try {
    return await withSession(ctx, async (sock, op) => {
      const f = parseNeighSelector(argv, { family: preferredFamily(opts), linkIndex: (n) => nameToIndex(sock, n) || undefined, names: loadRtNames() });
      if (flush) return flushRounds(sock, { ...f, state: flushStates(argv, f) }, ctx, opts.stats > 1 ? await linkNames(op) : new Map());
      const found = dumpNeighbours(sock, f).map((d) => d.msg);
      ctx.io.out(formatNeighbours(found, { json: opts.json, pretty: opts.pretty, stats: opts.stats, linkNames: await linkNames(op), filter: f, names: loadRtNames() }));
      return 0;
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

function flushRounds(sock: NetlinkSocket, f: NeighFilter, ctx: CliContext, names: ReadonlyMap<number, string>): number {
  const { io, opts } = ctx;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const found = terminated('Flush', 1, () => dumpNeighbours(sock, f)).filter((d) => neighAccepted(d.msg, f));
    if (found.length === 0) {
      if (opts.stats) io.out(round === 0 ? 'Nothing to flush.\n' : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
      return 0;
    }
    if (opts.stats > 1) io.out(formatNeighbours(found.map((d) => d.msg), { stats: true, linkNames: names, filter: f, names: loadRtNames() }));
    for (const d of found) {
      try {
        sock.request(RTM.RTM_DELNEIGH, 0, (w) => w.bytes(d.body));
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        throw new CliError(`Failed to send flush request: ${strerror(e.errno)}`, 1);
      }
    }
    if (opts.stats) io.out(`\n*** Round ${round + 1}, deleting ${found.length} entries ***\n`);
  }
  io.out(`*** Flush not complete bailing out after ${MAX_ROUNDS} rounds\n`);
  return 255;
}

/** ipneigh_get(): the kernel's entry for one address on one link. */
export async function getNeighbour(argv: string[], ctx: CliContext): Promise<number> {
  const family = preferredFamily(ctx.opts);
  const args = new Args(argv);
  let dev: string | undefined;
  let devOk = false;
  let flags = 0;
  let dst: Prefix | undefined;
  while (!args.done) {
    const a = args.take();
    if (a === 'dev') {
      dev = args.value();
      devOk = true;
    } else if (matches(a, 'proxy')) {
      const v = args.value();
      if (matches(v, 'help')) return usage(ctx);
      if (dst) throw duparg('address', v);
      dst = getAddr(v, family);
      devOk = true;
      flags |= NTF.NTF_PROXY;
    } else {
      const v = a === 'to' ? args.value() : a;
      if (matches(v, 'help')) return usage(ctx);
      if (dst) throw duparg2('to', v);
      dst = getAddr(v, family);
    }
  }
  if (!devOk || !dst || dst.family === AF_UNSPEC) throw new CliError('Device and address are required arguments.', 1);
  const target = dst;
  return withSession(ctx, async (sock, op) => {
    let index = 0;
    if (dev !== undefined) {
      index = nameToIndex(sock, dev);
      if (!index) throw new CliError(`Cannot find device "${dev}"`, 1);
    }
    const [answer] = sock.request(RTM.RTM_GETNEIGH, 0,
      (w) => encodeBody(neigh, { ndm_family: target.family, ndm_ifindex: index, ndm_flags: flags, attrs: { NDA_DST: bytesOf(target) } }, w),
      (m) => decodeBody(neigh, m.buf, m.start, m.end) as NeighMessage);
    if (!answer) throw new CliError('An error :-)', 1);
    ctx.io.out(formatNeighGet(answer, { stats: ctx.opts.stats, linkNames: await linkNames(op), names: loadRtNames() }));
    return 0;
  });
}
