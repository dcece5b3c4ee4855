// Link operations: add, set, delete, get, list. Each is a thin function
// over the codec: check the input (nothing reaches the kernel when it is
// bad), build one RTM_*LINK request with explicit NLM_F_* flags, send it on
// the op's socket (opts: a namespace or a reused socket), and return the
// typed view.
//
// The requests mirror iproute2 6.1's (test/fixtures/rtnl/link.ts):
//   add   RTM_NEWLINK  NLM_F_CREATE|NLM_F_EXCL (+ NLM_F_ECHO: the kernel answers
//                      with the new link, so its name and index need no second look)
//   set   RTM_NEWLINK  0, on ifi_index, flags under an explicit ifi_change
//   del   RTM_DELLINK  0, by ifi_index, IFLA_IFNAME, or ifi_index 0 + IFLA_GROUP
//   get   RTM_GETLINK  0, list: NLM_F_DUMP with kernel-side filters
// A link named by name is looked up by the kernel (IFLA_IFNAME) in the
// request itself, so most ops are one round trip; a rename needs the index
// first.

import { closeSync } from 'node:fs';
import { AF_PACKET, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL } from '../netlink/constants.js';
import { NetlinkError, UsageError } from '../netlink/errors.js';
import { netnsPath, openNetns, type NetnsRef } from '../netlink/netns.js';
import { RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF, RTM } from '../netlink/rtnl/constants.js';
import { IFF, link, type LinkMessage } from '../netlink/rtnl/link.js';
import { decodeBody, encodeBody, type Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { checkKeys, checkKindOptions, kindData, type BridgeOptions, type KindContext, type MacvlanOptions, type VethOptions, type VxlanOptions } from './link-kinds.js';
import { linkView, type Link } from './link-view.js';
import { getLinkMessage, type LinkRef } from './resolve.js';
import { createTuntap, tuntapFlags, type TuntapOptions } from './tuntap.js';
import { checkIfname, checkInt, checkLinkRef, parseMac } from './validate.js';

export type { Link } from './link-view.js';

const U32 = 0xffffffff;
/** IFALIASZ <linux/if.h>: an alias is at most 255 bytes */
const IFALIASZ = 256;

/** Options every kind takes at creation (ip link add's common arguments). */
export interface LinkCreateCommon {
  /** the kernel picks one (veth0, br0, ...) when absent */
  name?: string;
  mtu?: number;
  /** MAC address, "aa:bb:cc:dd:ee:ff" */
  address?: string;
  txqueuelen?: number;
  /** link group, 0 ("default") .. 2^32-1 */
  group?: number | 'default';
  /** enslave to this link (a bridge) */
  master?: LinkRef;
  /** bring it up */
  up?: boolean;
  /** create it straight in this namespace (IFLA_NET_NS_FD, or IFLA_NET_NS_PID for a pid) */
  netns?: NetnsRef;
  /** the lower link (IFLA_LINK): required by macvlan and macvtap */
  link?: LinkRef;
}

/** What to create: the kind and its options (see link-kinds.ts). */
export type AddLinkSpec = LinkCreateCommon & (
  | { kind: 'veth'; options?: VethOptions }
  | { kind: 'bridge'; options?: BridgeOptions }
  | { kind: 'macvlan' | 'macvtap'; link: LinkRef; options?: MacvlanOptions }
  | { kind: 'vxlan'; options: VxlanOptions }
  | { kind: 'ifb'; options?: undefined }
  | { kind: 'tun' | 'tap'; options?: TuntapOptions }
  /** any other kind, sent as is, without options (the kernel may lack it) */
  | { kind: string & {}; options?: undefined }
);

/** A created link; for a veth, its peer too. */
export interface AddedLink extends Link {
  peer?: Link;
}

/** The changes `ip link set` makes. */
export interface LinkChanges {
  /** up (true) or down (false) */
  up?: boolean;
  mtu?: number;
  /** rename */
  name?: string;
  address?: string;
  /** enslave to this link; null releases it (nomaster) */
  master?: LinkRef | null;
  /** move to this namespace: a name or path (IFLA_NET_NS_FD), { pid } (IFLA_NET_NS_PID), { fd } */
  netns?: NetnsRef;
  /** IFLA_IFALIAS; "" removes it */
  alias?: string;
  txqueuelen?: number;
  group?: number | 'default';
}

export interface GetLinkOptions extends OpOptions {
  /**
   * statistics: the view's stats64 (IFLA_STATS64), and the kernel's
   * per-family counters in the message; without, the request carries
   * RTEXT_FILTER_SKIP_STATS (the kernel then leaves out the IPv6 counters)
   */
  stats?: boolean;
}

export interface ListLinksOptions extends GetLinkOptions {
  /** only links of this kind ("veth", "bridge", "tap", ...) */
  kind?: string;
  /** only the ports of this master */
  master?: LinkRef;
  /** only links that are up (IFF_UP) or down */
  up?: boolean;
}

/* ---- checks, made before anything reaches the kernel ---- */

function checkNetns(ref: unknown): NetnsRef {
  if (typeof ref === 'object' && ref !== null && 'fd' in ref) {
    checkInt((ref as { fd: unknown }).fd, 'netns fd', 0, 0x7fffffff);
    return ref as NetnsRef;
  }
  netnsPath(ref as NetnsRef); // names and pids are checked there
  return ref as NetnsRef;
}

const groupValue = (g: unknown): number => (g === 'default' ? 0 : checkInt(g, 'group', 0, U32));

function checkAlias(a: unknown): string {
  if (typeof a !== 'string' || Buffer.byteLength(a) >= IFALIASZ || a.includes('\0')) {
    throw new UsageError(`Error: argument "${String(a)}" is wrong: "alias" too long`);
  }
  return a;
}

const COMMON_KEYS = ['kind', 'options', 'name', 'mtu', 'address', 'txqueuelen', 'group', 'master', 'up', 'netns', 'link'];
const CHANGE_KEYS = ['up', 'mtu', 'name', 'address', 'master', 'netns', 'alias', 'txqueuelen', 'group'];

/** Check a whole add spec: every name, number and kind option. */
export function checkAddSpec(spec: AddLinkSpec): void {
  if (typeof spec?.kind !== 'string' || !/^[a-z0-9_.-]{1,31}$/i.test(spec.kind)) {
    throw new UsageError(`Error: argument "${String(spec?.kind)}" is wrong: "type" not a valid link kind`);
  }
  checkKeys(spec as unknown as Record<string, unknown>, COMMON_KEYS, 'ip link add');
  if (spec.name !== undefined) checkIfname(spec.name);
  if (spec.mtu !== undefined) checkInt(spec.mtu, 'mtu', 0, U32);
  if (spec.address !== undefined) parseMac(spec.address);
  if (spec.txqueuelen !== undefined) checkInt(spec.txqueuelen, 'txqueuelen', 0, U32);
  if (spec.group !== undefined) groupValue(spec.group);
  if (spec.master !== undefined) checkLinkRef(spec.master, 'master');
  if (spec.link !== undefined) checkLinkRef(spec.link, 'link');
  if (spec.up !== undefined && typeof spec.up !== 'boolean') throw new UsageError(`Error: argument "${String(spec.up)}" is wrong: "up" must be true or false`);
  if (spec.netns !== undefined) checkNetns(spec.netns);
  if (spec.kind === 'tun' || spec.kind === 'tap') {
    if (spec.link !== undefined) throw new UsageError(`Error: type ${spec.kind} takes no lower link ("link")`);
    tuntapFlags(spec.kind, spec.options as TuntapOptions | undefined);
    return;
  }
  if ((spec.kind === 'macvlan' || spec.kind === 'macvtap') && spec.link === undefined) {
    throw new UsageError(`Error: type ${spec.kind} needs a lower link ("link")`);
  }
  checkKindOptions(spec.kind, spec.options as Record<string, unknown> | undefined);
  const peer = (spec.options as VethOptions | undefined)?.peer;
  if (spec.kind === 'veth' && peer?.netns !== undefined) checkNetns(peer.netns);
}

/** Check a set of changes. */
export function checkChanges(changes: LinkChanges): void {
  checkKeys(changes as Record<string, unknown>, CHANGE_KEYS, 'ip link set');
  if (changes.up !== undefined && typeof changes.up !== 'boolean') throw new UsageError(`Error: argument "${String(changes.up)}" is wrong: "up" must be true or false`);
  if (changes.mtu !== undefined) checkInt(changes.mtu, 'mtu', 0, U32);
  if (changes.name !== undefined) checkIfname(changes.name);
  if (changes.address !== undefined) parseMac(changes.address);
  if (changes.master !== undefined && changes.master !== null) checkLinkRef(changes.master, 'master');
  if (changes.netns !== undefined) checkNetns(changes.netns);
  if (changes.alias !== undefined) checkAlias(changes.alias);
  if (changes.txqueuelen !== undefined) checkInt(changes.txqueuelen, 'txqueuelen', 0, U32);
  if (changes.group !== undefined) groupValue(changes.group);
}

/* ---- helpers ---- */

const decodeLink = (m: { hdr: { nlmsg_type: number }; buf: Buffer; start: number; end: number }): LinkMessage | undefined =>
  m.hdr.nlmsg_type === RTM.RTM_NEWLINK ? (decodeBody(link, m.buf, m.start, m.end) as LinkMessage) : undefined;

/** ifi_flags / ifi_change for an up or down request (nothing when undefined). */
const upFlags = (up: boolean | undefined) => ({
  ifi_flags: up ? IFF.IFF_UP : 0,
  ifi_change: up === undefined ? 0 : IFF.IFF_UP,
});

/**
 * Names a namespace on the wire: IFLA_NET_NS_PID for a pid (as ip does),
 * IFLA_NET_NS_FD otherwise; fds opened here are pushed to `opened`, for the
 * caller to close once the request is answered.
 */
function netnsAttrs(ref: NetnsRef, opened: number[]): Attrs {
  if (typeof ref === 'object' && 'pid' in ref) return { IFLA_NET_NS_PID: ref.pid };
  const t = openNetns(ref);
  if (t.owned) opened.push(t.fd);
  return { IFLA_NET_NS_FD: t.fd };
}

/** The index of a link in the socket's namespace (one RTM_GETLINK for a name). */
function indexOf(sock: NetlinkSocket, ref: LinkRef): number {
  return typeof ref === 'number' ? ref : getLinkMessage(sock, ref).ifi_index;
}

/** A kernel refusal that means "no such link", reworded as ip words it. */
function noDevice(e: unknown, ref: LinkRef): unknown {
  return e instanceof NetlinkError && e.code === 'ENODEV' ? new UsageError(`Cannot find device "${ref}"`) : e;
}

function withFds<T>(fn: (opened: number[]) => T): T {
  const opened: number[] = [];
  try {
    return fn(opened);
  } finally {
    for (const fd of opened) closeSync(fd);
  }
}

/* ---- add ---- */

/**
 * ip link add [NAME] [mtu N] [address MAC] [txqueuelen N] [group G] [master DEV] [up]
 *             [netns NS] [link DEV] type KIND [KIND OPTIONS]
 *
 * e.g. ip link add NAME type veth peer name PEER [netns NS]
 *      ip link add br0 type bridge stp_state 1 forward_delay 1500
 *      ip link add mv0 link eth0 type macvlan mode bridge
 *      ip link add vx0 type vxlan id 42 dstport 4789 remote 10.0.0.2 local 10.0.0.1
 *      ip link add ifb0 type ifb
 *      ip tuntap add dev tap0 mode tap user 1000   (kind "tun" or "tap": see tuntap.ts)
 *
 * One RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL|NLM_F_ECHO. Returns the new
 * link, and for a veth its peer, with the names the kernel chose when none
 * were given. A link created straight into another namespace is read back
 * from there.
 */
export async function addLink(spec: AddLinkSpec, opts: OpOptions = {}): Promise<AddedLink> {
  checkAddSpec(spec);
  if (spec.kind === 'tun' || spec.kind === 'tap') return addTuntapLink(spec as AddLinkSpec & { kind: 'tun' | 'tap' }, opts);
  return withRtnl(opts, (sock) => withFds((opened) => {
    const ctx: KindContext = { linkIndex: (ref) => indexOf(sock, ref), netnsAttrs: (ref) => netnsAttrs(ref, opened) };
    const body = addLinkBody(spec, ctx);
    const echoed = sock.request(RTM.RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO,
      (w) => encodeBody(link, body, w), decodeLink).filter((m) => m !== undefined);

    // The echo is the kernel's announcement of the new link, made before a
    // master is applied; it is sent only to a requester in the namespace the
    // link is born in. Otherwise read the link back.
    let msg = echoed[echoed.length - 1];
    const there = (ns: NetnsRef, fn: (s: NetlinkSocket) => LinkMessage) => withRtnl({ netns: ns, socketOptions: opts.socketOptions }, fn);
    if (spec.netns !== undefined) msg = there(spec.netns, (s) => readBack(s, spec.name, spec.kind));
    else if (!msg) msg = readBack(sock, spec.name, spec.kind);
    else if (spec.master !== undefined) msg = getLinkMessage(sock, msg.ifi_index);
    const out: AddedLink = linkView(msg);
    if (spec.kind === 'veth' && out.link) {
      const peerNs = (spec.options as VethOptions | undefined)?.peer?.netns;
      const peerIndex = out.link;
      out.peer = linkView(peerNs === undefined ? getLinkMessage(sock, peerIndex) : there(peerNs, (s) => getLinkMessage(s, peerIndex)));
    }
    return out;
  }));
}

/**
 * The RTM_NEWLINK body (ifinfomsg + IFLA_*) that creates the link of a
 * checked spec (not tun/tap, which are made by ioctl). `ctx` resolves the
 * links and namespaces it names: fds it opens must stay open until the
 * request is answered. For addLink and the bulk addLinks (bulk.ts).
 */
export function addLinkBody(spec: AddLinkSpec, ctx: KindContext): Partial<LinkMessage> {
  const attrs: Attrs = {};
  if (spec.name !== undefined) attrs.IFLA_IFNAME = spec.name;
  if (spec.address !== undefined) attrs.IFLA_ADDRESS = spec.address;
  if (spec.mtu !== undefined) attrs.IFLA_MTU = checkInt(spec.mtu, 'mtu', 0, U32);
  if (spec.txqueuelen !== undefined) attrs.IFLA_TXQLEN = checkInt(spec.txqueuelen, 'txqueuelen', 0, U32);
  if (spec.group !== undefined) attrs.IFLA_GROUP = groupValue(spec.group);
  if (spec.link !== undefined) attrs.IFLA_LINK = ctx.linkIndex(spec.link);
  if (spec.master !== undefined) attrs.IFLA_MASTER = ctx.linkIndex(spec.master);
  if (spec.netns !== undefined) Object.assign(attrs, ctx.netnsAttrs(spec.netns));
  const data = kindData(spec.kind, spec.options as Record<string, unknown> | undefined, ctx);
  attrs.IFLA_LINKINFO = { IFLA_INFO_KIND: spec.kind, ...(data ? { IFLA_INFO_DATA: data } : {}) };
  return { ...upFlags(spec.up), attrs } as Partial<LinkMessage>;
}

/** IFLA_NET_NS_PID or IFLA_NET_NS_FD naming a namespace (fds opened go to `opened`), for bulk.ts. */
export { netnsAttrs as linkNetnsAttrs };

/**
 * A link just created, read back where no echo came (it was born in another
 * namespace, or the kernel predates NLM_F_ECHO for links, 6.2): by name, or
 * else the newest link of its kind.
 */
function readBack(sock: NetlinkSocket, name: string | undefined, kind: string): LinkMessage {
  if (name !== undefined) return getLinkMessage(sock, name);
  const newest = dumpLinks(sock, false, { kind }).filter((m) => kindOf(m) === kind).sort((a, b) => b.ifi_index - a.ifi_index)[0];
  if (!newest) throw new UsageError(`Cannot find the new ${kind} link`);
  return newest;
}

/**
 * tun/tap: created through /dev/net/tun, then the common options in one
 * RTM_NEWLINK. If those are refused, the new device is deleted again.
 */
function addTuntapLink(spec: AddLinkSpec & { kind: 'tun' | 'tap' }, opts: OpOptions): AddedLink {
  const o = (spec.options ?? {}) as TuntapOptions;
  const where = spec.netns !== undefined ? { netns: spec.netns, socketOptions: opts.socketOptions } : opts;
  const { kind: _k, options: _o, name: _n, netns: _ns, link: _l, ...changes } = spec;
  const name = createTuntap(spec.name, tuntapFlags(spec.kind, o), o, where);
  return withRtnl(where, (sock) => {
    if (Object.values(changes).some((v) => v !== undefined)) {
      try {
        setLinkOn(sock, name, changes as LinkChanges);
      } catch (e) {
        sock.request(RTM.RTM_DELLINK, 0, (w) => encodeBody(link, { attrs: { IFLA_IFNAME: name } }, w));
        throw e;
      }
    }
    return linkView(getLinkMessage(sock, name));
  });
}

/* ---- set ---- */

/**
 * ip link set { DEV | dev DEV } [up | down] [mtu N] [name NEW] [address MAC]
 *             [master DEV | nomaster] [netns { NAME | PID }] [alias TEXT]
 *             [txqueuelen N] [group G]
 *
 * One RTM_NEWLINK (flags 0) on the link, as iproute2 6.1 sends it: up/down
 * as IFF_UP under ifi_change IFF_UP, the rest as attributes. The kernel
 * applies them in its own order (namespace, name, address, mtu, group,
 * alias, flags, master, txqueuelen).
 */
export async function setLink(ref: LinkRef, changes: LinkChanges, opts: OpOptions = {}): Promise<void> {
  checkLinkRef(ref, 'dev');
  checkChanges(changes);
  withRtnl(opts, (sock) => setLinkOn(sock, ref, changes));
}

function setLinkOn(sock: NetlinkSocket, ref: LinkRef, changes: LinkChanges): void {
  withFds((opened) => {
    // By name the kernel finds the link itself (IFLA_IFNAME); a rename sends
    // the new name there, so it needs the index first.
    const index = typeof ref === 'number' ? ref : changes.name !== undefined ? indexOf(sock, ref) : 0;
    const attrs: Attrs = {};
    if (index === 0) attrs.IFLA_IFNAME = ref;
    if (changes.netns !== undefined) Object.assign(attrs, netnsAttrs(changes.netns, opened));
    if (changes.name !== undefined) attrs.IFLA_IFNAME = changes.name;
    if (changes.address !== undefined) attrs.IFLA_ADDRESS = changes.address;
    if (changes.mtu !== undefined) attrs.IFLA_MTU = checkInt(changes.mtu, 'mtu', 0, U32);
    if (changes.group !== undefined) attrs.IFLA_GROUP = groupValue(changes.group);
    if (changes.alias !== undefined) attrs.IFLA_IFALIAS = changes.alias;
    if (changes.master !== undefined) attrs.IFLA_MASTER = changes.master === null ? 0 : indexOf(sock, changes.master);
    if (changes.txqueuelen !== undefined) attrs.IFLA_TXQLEN = checkInt(changes.txqueuelen, 'txqueuelen', 0, U32);
    try {
      sock.request(RTM.RTM_NEWLINK, 0, (w) => encodeBody(link, { ifi_index: index, ...upFlags(changes.up), attrs }, w));
    } catch (e) {
      throw noDevice(e, ref);
    }
  });
}

/* ---- delete ---- */

/**
 * ip link del { DEV | dev DEV }
 *
 * One RTM_DELLINK (flags 0), naming the link by ifi_index or IFLA_IFNAME.
 * Deleting a veth end deletes its peer too.
 */
export async function deleteLink(ref: LinkRef, opts: OpOptions = {}): Promise<void> {
  checkLinkRef(ref, 'dev');
  withRtnl(opts, (sock) => {
    try {
      sock.request(RTM.RTM_DELLINK, 0, (w) => encodeBody(link,
        typeof ref === 'number' ? { ifi_index: ref } : { attrs: { IFLA_IFNAME: ref } }, w));
    } catch (e) {
      throw noDevice(e, ref);
    }
  });
}

/**
 * ip link del group GROUP
 *
 * Deletes every link of a group with one RTM_DELLINK (ifi_index 0 and
 * IFLA_GROUP): the kernel waits for one RCU grace period for all of them,
 * where single deletes wait one each. Group 0 ("default", which holds lo)
 * is refused.
 */
export async function deleteLinkGroup(group: number, opts: OpOptions = {}): Promise<void> {
  const g = groupValue(group);
  if (g === 0) throw new UsageError('Error: refusing to delete group 0 ("default"): it holds every link not given a group');
  withRtnl(opts, (sock) => {
    sock.request(RTM.RTM_DELLINK, 0, (w) => encodeBody(link, { ifi_index: 0, attrs: { IFLA_GROUP: g } }, w));
  });
}

/* ---- get, list ---- */

const extMask = (stats: boolean | undefined) => RTEXT_FILTER_VF | (stats ? 0 : RTEXT_FILTER_SKIP_STATS);

/**
 * ip [-s] -d link show dev DEV
 *
 * One RTM_GETLINK by name or index. Statistics only when `stats` is set:
 * ip always asks for them (IFLA_EXT_MASK RTEXT_FILTER_VF), tsip sends
 * RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS by default.
 */
export async function getLink(ref: LinkRef, opts: GetLinkOptions = {}): Promise<Link> {
  checkLinkRef(ref, 'dev');
  return withRtnl(opts, (sock) => linkView(getLinkMessage(sock, ref, extMask(opts.stats)), opts));
}

const kindOf = (m: LinkMessage): string | undefined =>
  (m.attrs.IFLA_LINKINFO as { IFLA_INFO_KIND?: string } | undefined)?.IFLA_INFO_KIND;

/** tap and tun are both kind "tun"; IFLA_TUN_TYPE tells them apart. */
function kindMatches(m: LinkMessage, kind: string): boolean {
  if (kind === 'tun' || kind === 'tap') {
    const li = m.attrs.IFLA_LINKINFO as { IFLA_INFO_KIND?: string; IFLA_INFO_DATA?: { IFLA_TUN_TYPE?: number } } | undefined;
    return li?.IFLA_INFO_KIND === 'tun' && li.IFLA_INFO_DATA?.IFLA_TUN_TYPE === (kind === 'tun' ? 1 : 2);
  }
  return kindOf(m) === kind;
}

function dumpLinks(sock: NetlinkSocket, stats: boolean | undefined, f: { kind?: string; master?: number }): LinkMessage[] {
  const attrs: Attrs = { IFLA_EXT_MASK: extMask(stats) };
  // The kernel filters a dump by master and by kind (when it knows the kind).
  if (f.master !== undefined) attrs.IFLA_MASTER = f.master;
  if (f.kind !== undefined) attrs.IFLA_LINKINFO = { IFLA_INFO_KIND: f.kind === 'tap' ? 'tun' : f.kind };
  return sock.dump(RTM.RTM_GETLINK, 0, (w) => encodeBody(link, { ifi_family: AF_PACKET, attrs }, w), (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage);
}

/**
 * ip [-s] -d link show [type KIND] [master DEV] [up]
 *
 * One RTM_GETLINK dump (ifi_family AF_PACKET, as ip sends it). Kind and
 * master are filtered by the kernel and checked again here (the kernel
 * ignores a kind it does not know); `up` is filtered here.
 */
export async function listLinks(opts: ListLinksOptions = {}): Promise<Link[]> {
  if (opts.kind !== undefined && (typeof opts.kind !== 'string' || !/^[a-z0-9_.-]{1,31}$/i.test(opts.kind))) {
    throw new UsageError(`Error: argument "${String(opts.kind)}" is wrong: "type" not a valid link kind`);
  }
  if (opts.master !== undefined) checkLinkRef(opts.master, 'master');
  return withRtnl(opts, (sock) => {
    const master = opts.master === undefined ? undefined : indexOf(sock, opts.master);
    return dumpLinks(sock, opts.stats, { kind: opts.kind, master })
      .filter((m) => opts.kind === undefined || kindMatches(m, opts.kind))
      .filter((m) => master === undefined || m.attrs.IFLA_MASTER === master)
      .filter((m) => opts.up === undefined || ((m.ifi_flags & IFF.IFF_UP) !== 0) === opts.up)
      .map((m) => linkView(m, opts));
  });
}
