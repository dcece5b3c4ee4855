// The typed view of an address message (ifaddrmsg + IFA_*), in the words
// ip -j uses: the address as text, its scope and flags by name, lifetimes
// in seconds. The full decoded message is `message`.

import { AF_INET6 } from '../netlink/constants.js';
import { IFA_F, INFINITY_LIFE_TIME, address, type AddressMessage, type IfaCacheinfo } from '../netlink/rtnl/address.js';
import type { MessageFamily } from '../netlink/schema.js';
import { MessageView } from './message-view.js';
import { familyName, scopeName, type Family } from './route-spec.js';

/** An address, as ip -j addr shows it. */
export interface Address {
  family: Family;
  prefixlen: number;
  /** the link's index */
  index: number;
  label?: string;
  /** IFA_ADDRESS: the address, or the peer's on a point-to-point link */
  address: string;
  /** IFA_LOCAL (IPv4, and IPv6 with a peer) */
  local?: string;
  broadcast?: string;
  anycast?: string;
  scope: string;
  /** IFA_FLAGS by name: secondary (IPv6: temporary), nodad, permanent, ... */
  flags: string[];
  /** seconds left; 4294967295 (INFINITY_LIFE_TIME) is forever */
  validLft: number;
  preferredLft: number;
  /** IFA_RT_PRIORITY */
  metric?: number;
  /** the whole decoded kernel message */
  message: AddressMessage;
}

/* ---- flags ---- */

const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [IFA_F.IFA_F_SECONDARY, 'secondary'], [IFA_F.IFA_F_NODAD, 'nodad'], [IFA_F.IFA_F_OPTIMISTIC, 'optimistic'],
  [IFA_F.IFA_F_DADFAILED, 'dadfailed'], [IFA_F.IFA_F_HOMEADDRESS, 'home'], [IFA_F.IFA_F_DEPRECATED, 'deprecated'],
  [IFA_F.IFA_F_TENTATIVE, 'tentative'], [IFA_F.IFA_F_PERMANENT, 'permanent'], [IFA_F.IFA_F_MANAGETEMPADDR, 'mngtmpaddr'],
  [IFA_F.IFA_F_NOPREFIXROUTE, 'noprefixroute'], [IFA_F.IFA_F_MCAUTOJOIN, 'autojoin'], [IFA_F.IFA_F_STABLE_PRIVACY, 'stable-privacy'],
];

/** Names of IFA_F_* bits; a secondary IPv6 address is "temporary", as ip names it. */
export function addressFlagNames(flags: number, family: number): string[] {
  const out: string[] = [];
  if (flags === 0) return out;
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(bit === IFA_F.IFA_F_SECONDARY && family === AF_INET6 ? 'temporary' : name);
  return out;
}

/**
 * addressFlagNames(), named once per combination of flags and family and
 * copied out: a dump's addresses share a handful of combinations
 * ("permanent" for nearly all), and the copy is an array of exact length.
 * Each caller gets an array of its own, free to change.
 */
function flagNamesOf(names: Map<number, readonly string[]>, flags: number, family: number): string[] {
  const key = family === AF_INET6 ? -1 - flags : flags;
  let known = names.get(key);
  if (!known) names.set(key, (known = addressFlagNames(flags, family)));
  return known.slice();
}

/**
 * An address as the ops give it: the view's fields (own, enumerable, only
 * those the address has) and `message`, the whole decoded kernel message.
 * An address of a dump keeps the kernel's bytes instead, as a dumped route
 * does, and decodes `message` from them when it is first read
 * (message-view.ts): of a cold 5,000-address dump, the decoded messages
 * kept with the views were the larger part of what the young generation
 * copied (bench/README.md, W4).
 */
class AddressEntry extends MessageView<AddressMessage> {
  declare family: Family;
  declare prefixlen: number;
  declare index: number;
  declare label?: string;
  declare address: string;
  declare local?: string;
  declare broadcast?: string;
  declare anycast?: string;
  declare scope: string;
  declare flags: string[];
  declare validLft: number;
  declare preferredLft: number;
  declare metric?: number;

  constructor(m: AddressMessage, flags: string[], keep: boolean, bytes?: Buffer, start = 0, end = 0) {
    super(keep ? m : undefined, bytes, start, end);
    const a = m.attrs;
    const ci = a.IFA_CACHEINFO as IfaCacheinfo | undefined;
    this.family = familyName(m.ifa_family);
    this.prefixlen = m.ifa_prefixlen;
    this.index = m.ifa_index;
    this.address = (a.IFA_ADDRESS ?? a.IFA_LOCAL) as string;
    this.scope = scopeName(m.ifa_scope);
    this.flags = flags;
    this.validLft = ci?.ifa_valid ?? INFINITY_LIFE_TIME;
    this.preferredLft = ci?.ifa_prefered ?? INFINITY_LIFE_TIME;
    if (a.IFA_LABEL !== undefined) this.label = a.IFA_LABEL as string;
    if (a.IFA_LOCAL !== undefined) this.local = a.IFA_LOCAL as string;
    if (a.IFA_BROADCAST !== undefined) this.broadcast = a.IFA_BROADCAST as string;
    if (a.IFA_ANYCAST !== undefined) this.anycast = a.IFA_ANYCAST as string;
    if (a.IFA_RT_PRIORITY !== undefined) this.metric = a.IFA_RT_PRIORITY as number;
  }

  protected get messageFamily(): MessageFamily {
    return address;
  }

  override toJSON(): Address {
    return super.toJSON() as Address;
  }
}

/** The flags of an address message: IFA_FLAGS (32 bits) when sent, else ifa_flags. */
const flagsOf = (m: AddressMessage): number => (m.attrs.IFA_FLAGS as number | undefined) ?? m.ifa_flags;

/** The view of one decoded address message (kept as its `message`). */
export function addressView(m: AddressMessage): Address {
  return new AddressEntry(m, addressFlagNames(flagsOf(m), m.ifa_family), true);
}

/**
 * A dump's maker of address views: each from a message decoded from
 * buf[start, end), a datagram copied once for all of its addresses, which
 * the view keeps in place of `m` (see AddressEntry).
 */
export function dumpedAddressViews(): (m: AddressMessage, buf: Buffer, start: number, end: number) => Address {
  const names = new Map<number, readonly string[]>();
  return (m, buf, start, end) => new AddressEntry(m, flagNamesOf(names, flagsOf(m), m.ifa_family), false, buf, start, end);
}
