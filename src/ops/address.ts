// Address operations: add, replace, delete, flush, list; IPv4 and IPv6.
// Each checks its input whole first (nothing reaches the kernel when it is
// bad), then sends RTM_*ADDR on the op's socket (opts: a namespace or a
// reused socket). The requests mirror iproute2 6.1's (ip/ipaddress.c:
// ipaddr_modify; test/fixtures/rtnl/address.ts):
//
//   add      RTM_NEWADDR  NLM_F_CREATE|NLM_F_EXCL   IFA_LOCAL, IFA_ADDRESS (the peer
//   replace  RTM_NEWADDR  NLM_F_CREATE|NLM_F_REPLACE  when given), IFA_BROADCAST,
//                                                   IFA_LABEL, IFA_CACHEINFO, IFA_FLAGS
//                                                   (flags above 0xff), IFA_RT_PRIORITY
//   delete   RTM_DELADDR  0
//   list     RTM_GETADDR  NLM_F_DUMP (every link: filtered here, so NLM_F_DUMP_INTR is reported)
//   flush    a dump, then one RTM_DELADDR per address, as ip addr flush

import { AF_INET, AF_INET6, AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/constants.js';
import { NetlinkError, UsageError } from '../netlink/errors.js';
import { formatIPv4 } from '../netlink/inet.js';
import { IFA_F, INFINITY_LIFE_TIME, address, type AddressMessage, type IfaCacheinfo } from '../netlink/rtnl/address.js';
import { RTM, RT_SCOPE } from '../netlink/rtnl/constants.js';
import { decodeBodyInto, encodeBody, type Attrs } from '../netlink/schema.js';
import { dumpedAddressViews, type Address } from './address-view.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { getLinkMessage, linkIndex, type LinkRef } from './resolve.js';
import { familyId, familyName, invarg, scopeId, scopeName, type Family, type ScopeName } from './route-spec.js';
import { IFNAMSIZ, checkInt, checkLinkRef, parseInetAddr, parseInetPrefix, type InetPrefix } from './validate.js';

export type { Family } from './route-spec.js';
export { addressFlagNames, addressView, type Address } from './address-view.js';

const ADDRESS_PATH = [address.name];

/** ip addr add PREFIX dev DEV [peer P] [broadcast B|+|-] [label L] [scope S] ... */
export interface AddressSpec {
  /** the local address with its prefix length: "10.1.1.1/24", "2001:db8::1/64" */
  address: string;
  dev: LinkRef;
  /** the peer of a point-to-point address, with its prefix length (IFA_ADDRESS) */
  peer?: string;
  /** IPv4 broadcast: an address, "+" (host bits set) or "-" (host bits clear), from the prefix */
  broadcast?: string;
  /** IPv4 label: the link's name, or "NAME:anything" */
  label?: string;
  /** global (the default; host for 127.0.0.0/8), site, link, host, or a number */
  scope?: ScopeName | number;
  /** seconds, or "forever" (the default) */
  validLft?: number | 'forever';
  preferredLft?: number | 'forever';
  /** IPv6: no duplicate address detection */
  nodad?: boolean;
  /** no prefix route for the address's network */
  noprefixroute?: boolean;
  /** IPv6: home address (mobile IPv6) */
  home?: boolean;
  /** IPv6: make temporary addresses from this one */
  mngtmpaddr?: boolean;
  /** join the multicast group (a multicast address) */
  autojoin?: boolean;
  /** the prefix route's metric (IFA_RT_PRIORITY) */
  metric?: number;
}

/** ip addr del PREFIX dev DEV [peer P] [label L] */
export interface DeleteAddressSpec {
  /**
   * "10.1.1.1/24". An IPv4 address without "/len" deletes whichever prefix
   * length it has (ip's wildcard deletion: no IFA_ADDRESS is sent).
   */
  address: string;
  dev: LinkRef;
  peer?: string;
  label?: string;
}

/* ---- flags ---- */

/** Settable flags: option name, bit, IPv6 only (ip's ifa_flag_data). */
const SETTABLE: ReadonlyArray<[keyof AddressSpec, number, boolean]> = [
  ['nodad', IFA_F.IFA_F_NODAD, true],
  ['home', IFA_F.IFA_F_HOMEADDRESS, true],
  ['mngtmpaddr', IFA_F.IFA_F_MANAGETEMPADDR, true],
  ['noprefixroute', IFA_F.IFA_F_NOPREFIXROUTE, false],
  ['autojoin', IFA_F.IFA_F_MCAUTOJOIN, false],
];

/* ---- checks ---- */

const ADD_KEYS = new Set(['address', 'dev', 'peer', 'broadcast', 'label', 'scope', 'validLft', 'preferredLft', ...SETTABLE.map((s) => s[0]), 'metric']);
const DEL_KEYS = new Set(['address', 'dev', 'peer', 'label']);

function checkKeys(spec: object, keys: Set<string>): void {
  if (typeof spec !== 'object' || spec === null) throw new UsageError('Error: an address needs a spec object with "address" and "dev".');
  for (const k of Object.keys(spec)) if (!keys.has(k)) throw invarg('unknown address option', k);
}

function checkDev(dev: unknown): LinkRef {
  if (dev === undefined) throw new UsageError('Not enough information: "dev" argument is required.');
  return checkLinkRef(dev, 'dev');
}

/** ip's rule: a label is the link's name, or starts with "NAME:". */
function checkLabel(label: unknown, dev: LinkRef): string {
  if (typeof label !== 'string' || label === '' || Buffer.byteLength(label) >= IFNAMSIZ) throw invarg('"label" is invalid', label);
  if (typeof dev === 'string' && label !== dev && !label.startsWith(`${dev}:`)) {
    throw new UsageError(`"label" (${label}) must match "dev" (${dev}) or be prefixed by "dev" with a colon.`);
  }
  return label;
}

function lifetime(v: unknown, what: string): number {
  if (v === undefined || v === 'forever') return INFINITY_LIFE_TIME;
  return checkInt(v, what, 0, INFINITY_LIFE_TIME);
}

/** The IPv4 broadcast ip computes for "+" (host bits set) or "-" (cleared), from the peer's prefix; none past /30. */
function broadcastOf(p: InetPrefix, how: '+' | '-'): string | undefined {
  if (p.prefixlen > 30) return undefined;
  const v = p.bytes.readUInt32BE(0);
  const host = p.prefixlen === 0 ? 0xffffffff : (1 << (32 - p.prefixlen)) - 1;
  const b = Buffer.alloc(4);
  b.writeUInt32BE((how === '+' ? v | host : v & ~host) >>> 0);
  return formatIPv4(b);
}

interface CheckedAddress {
  dev: LinkRef;
  header: { ifa_family: number; ifa_prefixlen: number; ifa_flags: number; ifa_scope: number };
  attrs: Attrs;
}

/** Check an add/replace spec and build the request, links still by name. */
export function checkAddress(spec: AddressSpec): CheckedAddress {
  checkKeys(spec, ADD_KEYS);
  const dev = checkDev(spec.dev);
  const local = parseInetPrefix(spec.address);
  const family = local.family;
  const attrs: Attrs = { IFA_LOCAL: local.bytes };
  let prefixlen = local.prefixlen;
  let peer = local;
  if (spec.peer !== undefined) {
    peer = parseInetPrefix(spec.peer, family);
    prefixlen = peer.prefixlen;
  }
  attrs.IFA_ADDRESS = peer.bytes;
  if (spec.broadcast !== undefined) {
    if (family !== AF_INET) throw new UsageError('Broadcast can be set only for IPv4 addresses');
    if (spec.broadcast === '+' || spec.broadcast === '-') {
      const brd = broadcastOf(peer, spec.broadcast);
      if (brd) attrs.IFA_BROADCAST = brd;
    } else {
      attrs.IFA_BROADCAST = parseInetAddr(spec.broadcast, AF_INET).bytes;
    }
  }
  if (spec.label !== undefined) attrs.IFA_LABEL = checkLabel(spec.label, dev);
  let scope: number = family === AF_INET && local.bytes[0] === 127 ? RT_SCOPE.RT_SCOPE_HOST : RT_SCOPE.RT_SCOPE_UNIVERSE;
  if (spec.scope !== undefined) scope = scopeId(spec.scope);
  if (spec.validLft !== undefined || spec.preferredLft !== undefined) {
    const valid = lifetime(spec.validLft, 'valid_lft');
    const preferred = lifetime(spec.preferredLft, 'preferred_lft');
    if (preferred > valid) throw new UsageError(`preferred_lft (${String(spec.preferredLft)}) is greater than valid_lft (${String(spec.validLft ?? 'forever')})`);
    attrs.IFA_CACHEINFO = { ifa_prefered: preferred, ifa_valid: valid, cstamp: 0, tstamp: 0 } satisfies IfaCacheinfo;
  }
  let flags = 0;
  for (const [key, bit, v6only] of SETTABLE) {
    if (!spec[key]) continue;
    if (v6only && family !== AF_INET6) throw new UsageError(`Error: ${key} can be set only for IPv6 addresses ("${spec.address}").`);
    flags |= bit;
  }
  if (flags & IFA_F.IFA_F_MCAUTOJOIN) {
    const multicast = family === AF_INET ? (local.bytes[0]! & 0xf0) === 0xe0 : local.bytes[0] === 0xff;
    if (!multicast) throw new UsageError(`autojoin needs multicast address ("${spec.address}")`);
  }
  if (flags > 0xff) attrs.IFA_FLAGS = flags;
  if (spec.metric !== undefined) attrs.IFA_RT_PRIORITY = checkInt(spec.metric, 'metric', 0, 0xffffffff);
  return { dev, header: { ifa_family: family, ifa_prefixlen: prefixlen, ifa_flags: flags > 0xff ? 0 : flags, ifa_scope: scope }, attrs };
}

/** Check a delete spec and build the request, the link still by name. */
export function checkDeleteAddress(spec: DeleteAddressSpec): CheckedAddress {
  checkKeys(spec, DEL_KEYS);
  const dev = checkDev(spec.dev);
  const local = parseInetPrefix(spec.address);
  const attrs: Attrs = { IFA_LOCAL: local.bytes };
  let prefixlen = local.prefixlen;
  if (spec.peer !== undefined) {
    const peer = parseInetPrefix(spec.peer, local.family);
    attrs.IFA_ADDRESS = peer.bytes;
    prefixlen = peer.prefixlen;
  } else if (local.family !== AF_INET || local.explicitLen) {
    attrs.IFA_ADDRESS = attrs.IFA_LOCAL;
  }
  if (spec.label !== undefined) attrs.IFA_LABEL = checkLabel(spec.label, dev);
  return { dev, header: { ifa_family: local.family, ifa_prefixlen: prefixlen, ifa_flags: 0, ifa_scope: 0 }, attrs };
}

function send(sock: NetlinkSocket, type: number, flags: number, c: CheckedAddress): void {
  const body = { ...c.header, ifa_index: linkIndex(sock, c.dev), attrs: c.attrs };
  sock.request(type, flags, (w) => encodeBody(address, body, w));
}

/* ---- operations ---- */

/**
 * ip addr add PREFIX dev DEV [peer PREFIX] [brd ADDR|+|-] [label L] [scope S]
 *             [valid_lft LFT] [preferred_lft LFT] [nodad] [noprefixroute]
 *             [home] [mngtmpaddr] [autojoin] [metric N]
 *
 * RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL: EEXIST when the address is there.
 */
export async function addAddress(spec: AddressSpec, opts: OpOptions = {}): Promise<void> {
  const c = checkAddress(spec);
  withRtnl(opts, (sock) => send(sock, RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, c));
}

/** ip addr replace PREFIX dev DEV ...: RTM_NEWADDR with NLM_F_CREATE|NLM_F_REPLACE (adds, or updates lifetimes, flags, metric). */
export async function replaceAddress(spec: AddressSpec, opts: OpOptions = {}): Promise<void> {
  const c = checkAddress(spec);
  withRtnl(opts, (sock) => send(sock, RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, c));
}

/** ip addr del PREFIX dev DEV [peer P] [label L]: RTM_DELADDR, flags 0. */
export async function deleteAddress(spec: DeleteAddressSpec, opts: OpOptions = {}): Promise<void> {
  const c = checkDeleteAddress(spec);
  withRtnl(opts, (sock) => send(sock, RTM.RTM_DELADDR, 0, c));
}

export interface AddressFilter {
  /** only this link's addresses */
  dev?: LinkRef;
  family?: Family;
  scope?: ScopeName | number;
  /** a label or glob ("va:*"); an address without IFA_LABEL (IPv6) is matched by its link's name, as ip does */
  label?: string;
}

export type ListAddressesOptions = AddressFilter & OpOptions;

const FILTER_KEYS = ['dev', 'family', 'scope', 'label'] as const;

/** fnmatch(3) without flags, for * ? and [...] */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface CheckedFilter { dev?: LinkRef; family: number; scope?: number; label?: RegExp }

function checkFilter(f: AddressFilter): CheckedFilter {
  const out: CheckedFilter = { family: familyId(f.family) ?? AF_UNSPEC };
  if (f.dev !== undefined) out.dev = checkDev(f.dev);
  if (f.scope !== undefined) out.scope = scopeId(f.scope);
  if (f.label !== undefined) {
    if (typeof f.label !== 'string' || f.label === '') throw invarg('"label" is invalid', f.label);
    out.label = globRegExp(f.label);
  }
  return out;
}

function dumpFiltered(sock: NetlinkSocket, f: CheckedFilter): Address[] {
  const index = f.dev === undefined ? 0 : linkIndex(sock, f.dev);
  // The link filter is applied here, not sent as ifa_index: the kernel marks
  // an address dump it had to resume across a change (NLM_F_DUMP_INTR, and
  // the socket retries) only when the dump walks every link. One filtered by
  // ifa_index is never marked, and a concurrent add/delete makes it skip or
  // repeat addresses unseen: 33 of 71 such dumps under churn were wrong,
  // none of the unfiltered ones (scripts/dump-intr.ts, docs/RELIABILITY.md).
  // The header is read into one object for the whole dump; the views keep
  // their datagram's bytes, copied once for all of its addresses.
  const msg = {} as AddressMessage;
  const view = dumpedAddressViews();
  let datagram: Buffer | undefined;
  let copy: Buffer | undefined;
  const views = sock.dump(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: f.family }, w), (m) => {
    decodeBodyInto(address, m.buf, m.start, m.end, msg, ADDRESS_PATH);
    if (msg.ifa_family !== AF_INET && msg.ifa_family !== AF_INET6) return undefined;
    if (f.family && msg.ifa_family !== f.family) return undefined;
    if (index && msg.ifa_index !== index) return undefined;
    if (f.scope !== undefined && msg.ifa_scope !== f.scope) return undefined;
    if (m.buf !== datagram) {
      datagram = m.buf;
      copy = Buffer.from(m.buf);
    }
    return view(msg, copy!, m.start, m.end);
  });
  // The label filter runs after the dump: it may look a link up, on the
  // socket the dump owns until it returns.
  const names = new Map<number, string>();
  const nameOf = (i: number): string => {
    if (!names.has(i)) names.set(i, String(getLinkMessage(sock, i).attrs.IFLA_IFNAME ?? ''));
    return names.get(i)!;
  };
  const out: Address[] = [];
  for (const a of views) if (a && (!f.label || f.label.test(a.label ?? nameOf(a.index)))) out.push(a);
  return out;
}

/**
 * ip addr show [dev DEV] [scope S] [label L]   (ip -4 / -6 for family)
 *
 * One RTM_GETADDR dump of the whole namespace, every filter applied here:
 * the kernel checks a dump's consistency only when it is not filtered by
 * link (see dumpFiltered).
 */
export async function listAddresses(opts: ListAddressesOptions = {}): Promise<Address[]> {
  const f = checkFilter(opts);
  return withRtnl(opts, (sock) => dumpFiltered(sock, f));
}

/**
 * ip addr flush [dev DEV] [scope S] [label L]   (ip -4 / -6 for family)
 *
 * A dump, then one RTM_DELADDR per address found, as ip addr flush does
 * (it repeats while addresses remain; so does this, up to 10 rounds).
 * Secondary addresses go before primaries, so a primary's removal never
 * takes the rest with it mid-flush; one already gone (EADDRNOTAVAIL) is
 * not an error. As with ip, a filter is required: flushing every address
 * of a namespace must be asked for with { family } at least. Returns the
 * addresses deleted.
 */
export async function flushAddresses(opts: ListAddressesOptions): Promise<Address[]> {
  if (!opts || !FILTER_KEYS.some((k) => opts[k] !== undefined)) throw new UsageError('Flush requires arguments.');
  const f = checkFilter(opts);
  return withRtnl(opts, (sock) => {
    const deleted: Address[] = [];
    for (let round = 0; round < 10; round++) {
      const found = dumpFiltered(sock, f)
        .sort((a, b) => (b.message.ifa_flags & IFA_F.IFA_F_SECONDARY) - (a.message.ifa_flags & IFA_F.IFA_F_SECONDARY));
      if (found.length === 0) break;
      for (const a of found) {
        try {
          const m = a.message;
          sock.request(RTM.RTM_DELADDR, 0, (w) => encodeBody(address, { ...m, attrs: deleteAttrs(m) }, w));
          deleted.push(a);
        } catch (e) {
          if (!(e instanceof NetlinkError && e.code === 'EADDRNOTAVAIL')) throw e;
        }
      }
    }
    return deleted;
  });
}

/** What identifies a dumped address for RTM_DELADDR: its addresses and label. */
function deleteAttrs(m: AddressMessage): Attrs {
  const a: Attrs = {};
  for (const k of ['IFA_ADDRESS', 'IFA_LOCAL', 'IFA_LABEL'] as const) if (m.attrs[k] !== undefined) a[k] = m.attrs[k];
  return a;
}
