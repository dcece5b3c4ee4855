// Neighbour operations (the ARP and NDP tables): add, replace, delete, list.
// Each checks its input whole first (nothing reaches the kernel when it is
// bad), then sends RTM_*NEIGH on the op's socket (opts: a namespace or a
// reused socket). The requests mirror iproute2 6.1's (ip/ipneigh.c:
// ipneigh_modify; test/fixtures/rtnl/neigh.ts):
//
//   add      RTM_NEWNEIGH  NLM_F_CREATE|NLM_F_EXCL     ndm_state (permanent when
//   replace  RTM_NEWNEIGH  NLM_F_CREATE|NLM_F_REPLACE   not given), NDA_DST, NDA_LLADDR
//   delete   RTM_DELNEIGH  0
//   list     RTM_GETNEIGH  NLM_F_DUMP (NDA_IFINDEX: the kernel filters by link;
//                          ndm_flags NTF_PROXY: the proxy table instead)

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { RTM } from '../netlink/rtnl/constants.js';
import { NTF, NUD, neigh, type NeighMessage } from '../netlink/rtnl/neigh.js';
import { decodeBody, encodeBody, type Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { getLinkMessage, linkIndex, type LinkRef } from './resolve.js';
import { familyId, familyName, invarg, protocolId, type Family } from './route-spec.js';
import { checkLinkRef, parseInetAddr, parseMac, type InetAddr } from './validate.js';

export type { Family } from './route-spec.js';

/** NUD states by ip's names (nud_state_a2n). */
export type NudState = 'permanent' | 'noarp' | 'reachable' | 'stale' | 'none' | 'incomplete' | 'delay' | 'probe' | 'failed';

const NUD_STATES: Readonly<Record<NudState, number>> = {
  permanent: NUD.NUD_PERMANENT, noarp: NUD.NUD_NOARP, reachable: NUD.NUD_REACHABLE, stale: NUD.NUD_STALE,
  none: NUD.NUD_NONE, incomplete: NUD.NUD_INCOMPLETE, delay: NUD.NUD_DELAY, probe: NUD.NUD_PROBE, failed: NUD.NUD_FAILED,
};

/** ip neigh add ADDR [lladdr LLADDR] [nud STATE] [router] [proxy] dev DEV */
export interface NeighbourSpec {
  /** the neighbour's IPv4 or IPv6 address */
  address: string;
  dev: LinkRef;
  /** its link-layer address: as long as the link's own (6 bytes on Ethernet) */
  lladdr?: string;
  /** permanent when absent, as with ip */
  state?: NudState;
  /** an IPv6 router (NTF_ROUTER) */
  router?: boolean;
  /** a proxy entry (NTF_PROXY): answer for this address on `dev` */
  proxy?: boolean;
  /** learned outside the kernel (NTF_EXT_LEARNED) */
  externLearn?: boolean;
  /** who made the entry (NDA_PROTOCOL), by rt_protos name or number */
  protocol?: string | number;
}

/** ip neigh del ADDR dev DEV [proxy] */
export interface DeleteNeighbourSpec {
  address: string;
  dev: LinkRef;
  proxy?: boolean;
}

/** A neighbour, as ip -j neigh shows it. */
export interface Neighbour {
  family: Family;
  /** NDA_DST */
  address: string;
  /** the link's index */
  index: number;
  lladdr?: string;
  /** NUD_* bits by ip's names: ["REACHABLE"], ["PERMANENT"]; [] for NUD_NONE */
  state: string[];
  /** NTF_* bits by name: router, proxy, extern_learn, ... */
  flags: string[];
  probes?: number;
  /** NDA_PROTOCOL */
  protocol?: number;
  /** the whole decoded kernel message */
  message: NeighMessage;
}

const STATE_NAMES: ReadonlyArray<[number, string]> = [
  [NUD.NUD_INCOMPLETE, 'INCOMPLETE'], [NUD.NUD_REACHABLE, 'REACHABLE'], [NUD.NUD_STALE, 'STALE'], [NUD.NUD_DELAY, 'DELAY'],
  [NUD.NUD_PROBE, 'PROBE'], [NUD.NUD_FAILED, 'FAILED'], [NUD.NUD_NOARP, 'NOARP'], [NUD.NUD_PERMANENT, 'PERMANENT'],
];
const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [NTF.NTF_USE, 'use'], [NTF.NTF_SELF, 'self'], [NTF.NTF_MASTER, 'master'], [NTF.NTF_PROXY, 'proxy'],
  [NTF.NTF_EXT_LEARNED, 'extern_learn'], [NTF.NTF_OFFLOADED, 'offload'], [NTF.NTF_STICKY, 'sticky'], [NTF.NTF_ROUTER, 'router'],
];

/** The names of the NUD_* bits set, as ip -j prints them; none for NUD_NONE (0), where ip prints no state. */
export function nudStateNames(state: number): string[] {
  return STATE_NAMES.filter(([bit]) => state & bit).map(([, n]) => n);
}

/* ---- checks ---- */

const ADD_KEYS = new Set(['address', 'dev', 'lladdr', 'state', 'router', 'proxy', 'externLearn', 'protocol']);
const DEL_KEYS = new Set(['address', 'dev', 'proxy']);

function checkKeys(spec: object, keys: Set<string>): void {
  if (typeof spec !== 'object' || spec === null) throw new UsageError('Error: a neighbour needs a spec object with "address" and "dev".');
  for (const k of Object.keys(spec)) if (!keys.has(k)) throw invarg('unknown neighbour option', k);
  const s = spec as { address?: unknown; dev?: unknown };
  if (s.address === undefined || s.dev === undefined) throw new UsageError('Device and destination are required arguments.');
}

function stateId(s: unknown): number {
  if (typeof s === 'string' && s in NUD_STATES) return NUD_STATES[s as NudState];
  throw invarg('nud state is bad', s);
}

interface CheckedNeighbour {
  dev: LinkRef;
  dst: InetAddr;
  lladdr?: Buffer;
  state: number;
  flags: number;
  protocol?: number;
}

/** Check an add/replace spec; nothing here reaches the kernel. */
export function checkNeighbour(spec: NeighbourSpec): CheckedNeighbour {
  checkKeys(spec, ADD_KEYS);
  const out: CheckedNeighbour = { dev: checkLinkRef(spec.dev), dst: parseInetAddr(spec.address), state: NUD.NUD_PERMANENT, flags: 0 };
  if (spec.state !== undefined) out.state = stateId(spec.state);
  // The link's address length is checked against the link itself, once it is known.
  if (spec.lladdr !== undefined) out.lladdr = parseMac(spec.lladdr, 0);
  if (out.lladdr && out.lladdr.length === 0) throw new UsageError(`"${spec.lladdr}" is invalid lladdr.`);
  if (spec.router) out.flags |= NTF.NTF_ROUTER;
  if (spec.proxy) out.flags |= NTF.NTF_PROXY;
  if (spec.externLearn) out.flags |= NTF.NTF_EXT_LEARNED;
  if (spec.protocol !== undefined) out.protocol = protocolId(spec.protocol);
  return out;
}

/** The link's index, and the length of its own address (0 when it has none). */
function linkOf(sock: NetlinkSocket, dev: LinkRef): { index: number; addrLen: number } {
  const m = getLinkMessage(sock, dev);
  const a = m.attrs.IFLA_ADDRESS as string | undefined;
  return { index: m.ifi_index, addrLen: a ? a.split(':').length : 0 };
}

function sendNeighbour(sock: NetlinkSocket, type: number, flags: number, c: CheckedNeighbour, lladdrText?: string): void {
  let index: number;
  if (c.lladdr) {
    const link = linkOf(sock, c.dev);
    // The kernel refuses an address shorter than the link's (neigh_add: "Invalid link address"); ip would send it.
    if (link.addrLen && c.lladdr.length !== link.addrLen) {
      throw new UsageError(`"${lladdrText}" is invalid lladdr: the link's addresses are ${link.addrLen} bytes long.`);
    }
    index = link.index;
  } else {
    index = linkIndex(sock, c.dev);
  }
  const attrs: Attrs = { NDA_DST: c.dst.bytes };
  if (c.lladdr) attrs.NDA_LLADDR = c.lladdr;
  if (c.protocol !== undefined) attrs.NDA_PROTOCOL = c.protocol;
  sock.request(type, flags, (w) => encodeBody(neigh, {
    ndm_family: c.dst.family, ndm_ifindex: index, ndm_state: c.state, ndm_flags: c.flags, attrs,
  }, w));
}

/* ---- operations ---- */

/**
 * ip neigh add ADDR [lladdr LLADDR] [nud STATE] [router] [extern_learn] [protocol P] dev DEV
 * ip neigh add proxy ADDR dev DEV   ({ proxy: true })
 *
 * RTM_NEWNEIGH with NLM_F_CREATE|NLM_F_EXCL: EEXIST when the entry is there.
 */
export async function addNeighbour(spec: NeighbourSpec, opts: OpOptions = {}): Promise<void> {
  const c = checkNeighbour(spec);
  withRtnl(opts, (sock) => sendNeighbour(sock, RTM.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, c, spec.lladdr));
}

/** ip neigh replace ADDR ... dev DEV: RTM_NEWNEIGH with NLM_F_CREATE|NLM_F_REPLACE (creates or overwrites). */
export async function replaceNeighbour(spec: NeighbourSpec, opts: OpOptions = {}): Promise<void> {
  const c = checkNeighbour(spec);
  withRtnl(opts, (sock) => sendNeighbour(sock, RTM.RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, c, spec.lladdr));
}

/** ip neigh del ADDR dev DEV [proxy]: RTM_DELNEIGH, flags 0 (ndm_state permanent, as ip sends it). */
export async function deleteNeighbour(spec: DeleteNeighbourSpec, opts: OpOptions = {}): Promise<void> {
  checkKeys(spec, DEL_KEYS);
  const c: CheckedNeighbour = {
    dev: checkLinkRef(spec.dev), dst: parseInetAddr(spec.address), state: NUD.NUD_PERMANENT, flags: spec.proxy ? NTF.NTF_PROXY : 0,
  };
  withRtnl(opts, (sock) => sendNeighbour(sock, RTM.RTM_DELNEIGH, 0, c));
}

export interface ListNeighboursOptions extends OpOptions {
  /** only this link's entries (NDA_IFINDEX: the kernel filters) */
  dev?: LinkRef;
  family?: Family;
  /** the proxy entries instead (ip neigh show proxy) */
  proxy?: boolean;
  /**
   * Only entries in these states, or "all". As ip neigh show, entries in
   * noarp and none are left out when absent.
   */
  state?: NudState[] | 'all';
}

/**
 * ip neigh show [dev DEV] [proxy] [nud STATE|all]   (ip -4 / -6 for family)
 *
 * One RTM_GETNEIGH dump of the IPv4 and IPv6 tables (bridge FDB entries,
 * AF_BRIDGE, are left out).
 */
export async function listNeighbours(opts: ListNeighboursOptions = {}): Promise<Neighbour[]> {
  const af = familyId(opts.family) ?? AF_UNSPEC;
  const dev = opts.dev === undefined ? undefined : checkLinkRef(opts.dev);
  let mask = 0xff & ~NUD.NUD_NOARP;
  let none = false;
  if (opts.state === 'all') {
    mask = 0xff;
    none = true;
  } else if (opts.state !== undefined) {
    if (!Array.isArray(opts.state)) throw invarg('nud state is bad', opts.state);
    mask = 0;
    for (const s of opts.state) {
      const id = stateId(s);
      if (id === 0) none = true;
      mask |= id;
    }
  }
  return withRtnl(opts, (sock) => {
    const index = dev === undefined ? 0 : linkIndex(sock, dev);
    const msgs = sock.dump(RTM.RTM_GETNEIGH, 0, (w) => encodeBody(neigh, {
      ndm_family: af, ndm_flags: opts.proxy ? NTF.NTF_PROXY : 0, attrs: index ? { NDA_IFINDEX: index } : {},
    }, w), (m) => decodeBody(neigh, m.buf, m.start, m.end) as NeighMessage);
    return msgs.filter((m) => {
      if (m.ndm_family !== AF_INET && m.ndm_family !== AF_INET6) return false;
      if (af && m.ndm_family !== af) return false;
      if (index && m.ndm_ifindex !== index) return false;
      if (opts.proxy) return (m.ndm_flags & NTF.NTF_PROXY) !== 0;
      return m.ndm_state === 0 ? none : (m.ndm_state & mask) !== 0;
    }).map(neighbourView);
  });
}

/** The view of one decoded neighbour message. */
export function neighbourView(m: NeighMessage): Neighbour {
  const a = m.attrs;
  const out: Neighbour = {
    family: familyName(m.ndm_family),
    address: a.NDA_DST as string,
    index: m.ndm_ifindex,
    state: nudStateNames(m.ndm_state),
    flags: FLAG_NAMES.filter(([bit]) => m.ndm_flags & bit).map(([, n]) => n),
    message: m,
  };
  if (a.NDA_LLADDR !== undefined) out.lladdr = a.NDA_LLADDR as string;
  if (a.NDA_PROBES !== undefined) out.probes = a.NDA_PROBES as number;
  if (a.NDA_PROTOCOL !== undefined) out.protocol = a.NDA_PROTOCOL as number;
  return out;
}
