// What the address, route and neighbour commands share at run time: one
// rtnetlink socket per command (in the -n namespace, traced with --trace),
// the kernel's warnings printed as ip prints them, and ip's ways of naming
// links (lib/ll_map.c ll_name_to_index, ll_index_to_name).
//
// A successful request can come back with an extended-ack message: the
// kernel's warning ("nodad option can be set only for IPv6 addresses").
// ip prints it as "Warning: MSG" on stderr; the socket drops success acks,
// so the warnings are read off the replies as they pass the trace hook.

import { NLMSG_ERROR } from '../../netlink/constants.js';
import { NetlinkError } from '../../netlink/errors.js';
import { CliError } from '../args.js';
import { decodeError, splitMessages } from '../../netlink/nlmsghdr.js';
import { RTEXT_FILTER_SKIP_STATS, RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../../netlink/schema.js';
import type { NetlinkSocket, TraceHook } from '../../netlink/socket.js';
import { openRtnl, type OpOptions } from '../../ops/context.js';
import { listLinks } from '../../ops/link.js';
import { listNetns } from '../../ops/netns.js';
import type { CliContext } from '../context.js';

/** The "Warning: MSG" lines of success acks in a reply datagram. */
function ackWarnings(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const m of splitMessages(bytes)) {
    if (m.hdr.nlmsg_type !== NLMSG_ERROR) continue;
    const ans = decodeError(m);
    if (ans.errno === 0 && ans.extack.msg) out.push(`Warning: ${ans.extack.msg}\n`);
  }
  return out;
}

/**
 * Run `fn` with one socket opened for the command in ctx.op's namespace
 * (closed after it, whatever happened); `op` is the OpOptions that make the
 * library's ops reuse that socket.
 */
export async function withSession<T>(ctx: CliContext, fn: (sock: NetlinkSocket, op: OpOptions) => T | Promise<T>): Promise<T> {
  const traced = ctx.op.socketOptions?.trace;
  const trace: TraceHook = (direction, bytes, protocol) => {
    traced?.(direction, bytes, protocol);
    if (direction === 'reply') for (const w of ackWarnings(bytes)) ctx.io.err(w);
  };
  const sock = openRtnl({ ...ctx.op.socketOptions, trace, netns: ctx.op.netns });
  try {
    return await fn(sock, { socket: sock });
  } finally {
    sock.close();
  }
}

/** IFNAMSIZ: a longer name can only be an alternative name (IFLA_ALT_IFNAME). */
const IFNAMSIZ = 16;

/**
 * ll_name_to_index(): the index of a link by name (its main or an
 * alternative name), or "ifN" for index N; 0 when there is none.
 */
export function nameToIndex(sock: NetlinkSocket, name: string): number {
  const attr = Buffer.byteLength(name) < IFNAMSIZ && !/[/:\s]/.test(name) ? 'IFLA_IFNAME' : 'IFLA_ALT_IFNAME';
  try {
    // Only ifinfomsg's ifi_index is wanted: the rest of the link message is
    // not decoded (it costs more than the round trip; bench/README.md).
    const [index] = sock.request(RTM.RTM_GETLINK, 0,
      (w) => encodeBody(link, { ifi_index: 0, attrs: { [attr]: name, IFLA_EXT_MASK: RTEXT_FILTER_SKIP_STATS } }, w),
      (raw) => (raw.end - raw.start >= 8 ? raw.buf.readInt32LE(raw.start + 4) : 0));
    if (index !== undefined) return index;
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
  }
  const n = /^if(\d+)/.exec(name);
  return n ? Number(n[1]) >>> 0 : 0;
}

/** ifindex -> name of every link (ip's link cache), for "dev veth0" in routes and neighbours. */
export async function linkNames(op: OpOptions): Promise<Map<number, string>> {
  return new Map((await listLinks(op)).map((l) => [l.index, l.name]));
}

/**
 * nsid -> name of the namespaces under /run/netns, as the namespace worked
 * in numbers them: ip prints "link-netns NAME" for a peer it can name.
 * Read only when a link has a peer elsewhere.
 */
export async function netnsNames(op: OpOptions, links: readonly LinkMessage[]): Promise<Map<number, string> | undefined> {
  if (!links.some((l) => l.attrs.IFLA_LINK_NETNSID !== undefined)) return undefined;
  const out = new Map<number, string>();
  for (const e of await listNetns(op)) if (e.id !== undefined && !out.has(e.id)) out.set(e.id, e.name);
  return out;
}

/** A dump the kernel ended with an error: its message, then ip's "Dump terminated" / "Flush terminated". */
export const terminatedError = (what: 'Dump' | 'Flush', status: number, e: NetlinkError) => new CliError(`${e.message}\n${what} terminated`, status);

/** Run a dump; a NetlinkError ends the command as ip ends it. */
export function terminated<T>(what: 'Dump' | 'Flush', status: number, dump: () => T): T {
  try {
    return dump();
  } catch (e) {
    throw e instanceof NetlinkError ? terminatedError(what, status, e) : e;
  }
}
