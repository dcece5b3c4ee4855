// Per-device IP configuration as the kernel reports it (RTM_GETNETCONF):
// forwarding, rp_filter, mc_forwarding, proxy_arp/proxy_ndp and
// ignore_routes_with_linkdown of each link, of "all" and of "default".
//
//   get   RTM_GETNETCONF  ncm_family + NETCONFA_IFINDEX: one device, one family
//   list  RTM_GETNETCONF  NLM_F_DUMP; AF_UNSPEC gives every family (6.18)
//
// The values are the sysctls' (net.ipv4.conf.DEV.forwarding, ...), as
// numbers: rp_filter 0 off, 1 strict, 2 loose.

import { AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { RTM } from '../netlink/rtnl/constants.js';
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT, netconf, type NetconfMessage } from '../netlink/rtnl/netconf.js';
import { decodeBody, encodeBody } from '../netlink/schema.js';
import { withRtnl, type OpOptions } from './context.js';
import { linkIndex, type LinkRef } from './resolve.js';
import { invarg } from './route-spec.js';

export type NetconfFamily = 'inet' | 'inet6' | 'mpls';

/** One device's (or "all"'s, or "default"'s) configuration in one family. */
export interface Netconf {
  family: NetconfFamily;
  /** the link's index; -1 for "all", -2 for "default" */
  ifindex: number;
  /** "all" or "default" for those two; absent for a link */
  dev?: 'all' | 'default';
  forwarding?: number;
  rpFilter?: number;
  mcForwarding?: number;
  /** proxy_arp (inet), proxy_ndp (inet6) */
  proxyNeigh?: number;
  ignoreRoutesWithLinkdown?: number;
  /** MPLS: net.mpls.conf.DEV.input */
  input?: number;
  bcForwarding?: number;
  forceForwarding?: number;
  /** the whole decoded kernel message */
  message: NetconfMessage;
}

const FAMILIES: Readonly<Record<NetconfFamily, number>> = { inet: AF_INET, inet6: AF_INET6, mpls: AF_MPLS };
const NAMES: Readonly<Record<number, NetconfFamily>> = { [AF_INET]: 'inet', [AF_INET6]: 'inet6', [AF_MPLS]: 'mpls' };

const FIELDS: ReadonlyArray<readonly [string, keyof Netconf]> = [
  ['NETCONFA_FORWARDING', 'forwarding'], ['NETCONFA_RP_FILTER', 'rpFilter'], ['NETCONFA_MC_FORWARDING', 'mcForwarding'],
  ['NETCONFA_PROXY_NEIGH', 'proxyNeigh'], ['NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN', 'ignoreRoutesWithLinkdown'],
  ['NETCONFA_INPUT', 'input'], ['NETCONFA_BC_FORWARDING', 'bcForwarding'], ['NETCONFA_FORCE_FORWARDING', 'forceForwarding'],
];

function familyOf(f: unknown, required: boolean): number {
  if (f === undefined && !required) return AF_UNSPEC;
  if (typeof f === 'string' && f in FAMILIES) return FAMILIES[f as NetconfFamily];
  throw invarg('invalid netconf family (inet, inet6 or mpls)', f);
}

/** The view of one decoded netconf message. */
export function netconfView(m: NetconfMessage): Netconf {
  const ifindex = typeof m.attrs.NETCONFA_IFINDEX === 'number' ? m.attrs.NETCONFA_IFINDEX : 0;
  const v: Netconf = { family: NAMES[m.ncm_family] ?? (String(m.ncm_family) as NetconfFamily), ifindex, message: m };
  if (ifindex === NETCONFA_IFINDEX_ALL) v.dev = 'all';
  else if (ifindex === NETCONFA_IFINDEX_DEFAULT) v.dev = 'default';
  for (const [attr, key] of FIELDS) {
    const x = m.attrs[attr];
    if (typeof x === 'number') (v as unknown as Record<string, number>)[key] = x;
  }
  return v;
}

const decodeNetconf = (m: { buf: Buffer; start: number; end: number }): NetconfMessage => decodeBody(netconf, m.buf, m.start, m.end) as NetconfMessage;

export interface GetNetconfOptions extends OpOptions {
  family: NetconfFamily;
  /** a link by name or index, or "all" / "default" */
  dev: LinkRef | 'all' | 'default';
}

/**
 * ip -4 netconf show dev DEV   (ip -6 ... for inet6)
 *
 * One RTM_GETNETCONF request for one device in one family. "all" and
 * "default" name net.*.conf.all and net.*.conf.default.
 */
export async function getNetconf(opts: GetNetconfOptions): Promise<Netconf> {
  const af = familyOf(opts?.family, true);
  const dev = opts.dev;
  if (typeof dev !== 'string' && typeof dev !== 'number') throw invarg('"dev" not a valid ifname or ifindex', dev);
  return withRtnl(opts, (sock) => {
    const ifindex = dev === 'all' ? NETCONFA_IFINDEX_ALL : dev === 'default' ? NETCONFA_IFINDEX_DEFAULT : linkIndex(sock, dev);
    const [m] = sock.request(RTM.RTM_GETNETCONF, 0, (w) => encodeBody(netconf, { ncm_family: af, attrs: { NETCONFA_IFINDEX: ifindex } }, w), decodeNetconf);
    if (!m) throw new UsageError(`no netconf for "${dev}" in the answer`);
    return netconfView(m);
  });
}

export interface ListNetconfOptions extends OpOptions {
  /** one family; every family the kernel has when absent */
  family?: NetconfFamily;
}

/**
 * ip netconf show   (ip -4 / -6 netconf show for `family`)
 *
 * One RTM_GETNETCONF dump: every link, then "all" and "default", per family.
 */
export async function listNetconf(opts: ListNetconfOptions = {}): Promise<Netconf[]> {
  const af = familyOf(opts.family, false);
  return withRtnl(opts, (sock) => sock.dump(RTM.RTM_GETNETCONF, 0, (w) => encodeBody(netconf, { ncm_family: af }, w), decodeNetconf).map(netconfView));
}
