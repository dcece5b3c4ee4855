// The typed view of a link: a decoded RTM_NEWLINK message turned into the
// camelCase fields a program wants, named as `ip -j -d link show` names
// them where it can. The whole decoded message stays on the view
// (`message`), so a printer can show anything iproute2 shows.
//
// Pure: no I/O.

import { ARPHRD, IFF, type LinkMessage, type RtnlLinkStats64 } from '../netlink/rtnl/link.js';
import { kindInfo } from './link-kinds.js';

/** struct rtnl_link_stats64 in camelCase: rxPackets, txBytes, ... (bigint). */
export type LinkStats64 = { [K in keyof RtnlLinkStats64 as CamelCase<K & string>]: bigint };
type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

export interface Link {
  /** ifi_index */
  index: number;
  /** IFLA_IFNAME */
  name: string;
  /** IFLA_INFO_KIND: "veth", "bridge", "tun", ... (absent for lo and physical links) */
  kind?: string;
  /** IFLA_INFO_SLAVE_KIND: the master's kind when enslaved ("bridge") */
  slaveKind?: string;
  /** ifi_flags, IFF_* bits */
  flags: number;
  /** the flags as ip prints them: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"] */
  flagNames: string[];
  /** IFF_UP: administratively up */
  up: boolean;
  /** IFF_LOWER_UP: the carrier is there */
  lowerUp: boolean;
  /** IFLA_OPERSTATE as ip prints it: "UP", "DOWN", "LOWERLAYERDOWN", "UNKNOWN", ... */
  operstate: string;
  /** ifi_type as ip prints it: "ether", "loopback", "none" */
  linkType: string;
  mtu: number;
  minMtu?: number;
  maxMtu?: number;
  /** IFLA_ADDRESS, "aa:bb:cc:dd:ee:ff" */
  address?: string;
  /** IFLA_BROADCAST */
  broadcast?: string;
  /** IFLA_PERM_ADDRESS */
  permAddress?: string;
  /** IFLA_MASTER: the master's ifindex */
  master?: number;
  /** IFLA_LINK: the lower or peer link's ifindex (in linkNetnsid's namespace when that is set) */
  link?: number;
  /** IFLA_LINK_NETNSID: the nsid, as seen from here, of the namespace IFLA_LINK lives in */
  linkNetnsid?: number;
  /** IFLA_GROUP (0 is "default") */
  group: number;
  /** IFLA_TXQLEN */
  txqlen: number;
  /** IFLA_QDISC */
  qdisc?: string;
  /** IFLA_IFALIAS */
  alias?: string;
  /** IFLA_PROP_LIST > IFLA_ALT_IFNAME */
  altnames?: string[];
  /** IFLA_PROMISCUITY */
  promiscuity?: number;
  /** IFLA_CARRIER */
  carrier?: boolean;
  /** IFLA_INFO_DATA in camelCase, for kinds link-kinds.ts knows (bridge: stpState, ...; vxlan: id, ...) */
  info?: Record<string, unknown>;
  /**
   * IFLA_STATS64, when statistics were asked for. (The kernel sends
   * IFLA_STATS64 in every link message; RTEXT_FILTER_SKIP_STATS drops only
   * the per-family counters, IFLA_AF_SPEC > AF_INET6 > IFLA_INET6_STATS and
   * ICMP6STATS. The message keeps whatever the kernel sent.)
   */
  stats64?: LinkStats64;
  /** the whole decoded kernel message */
  message: LinkMessage;
}

/** IFLA_OPERSTATE names (IF_OPER_*), as ip prints them (ip/ipaddress.c: oper_states). */
export const OPERSTATE_NAMES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;

/** The order ip prints flags in (ip/ipaddress.c: print_link_flags). */
const FLAG_ORDER: ReadonlyArray<readonly [string, number]> = [
  ['LOOPBACK', IFF.IFF_LOOPBACK], ['BROADCAST', IFF.IFF_BROADCAST], ['POINTOPOINT', IFF.IFF_POINTOPOINT],
  ['MULTICAST', IFF.IFF_MULTICAST], ['NOARP', IFF.IFF_NOARP], ['ALLMULTI', IFF.IFF_ALLMULTI],
  ['PROMISC', IFF.IFF_PROMISC], ['MASTER', IFF.IFF_MASTER], ['SLAVE', IFF.IFF_SLAVE], ['DEBUG', IFF.IFF_DEBUG],
  ['DYNAMIC', IFF.IFF_DYNAMIC], ['AUTOMEDIA', IFF.IFF_AUTOMEDIA], ['PORTSEL', IFF.IFF_PORTSEL],
  ['NOTRAILERS', IFF.IFF_NOTRAILERS], ['UP', IFF.IFF_UP], ['LOWER_UP', IFF.IFF_LOWER_UP],
  ['DORMANT', IFF.IFF_DORMANT], ['ECHO', IFF.IFF_ECHO],
];

/**
 * ifi_flags as ip prints them: NO-CARRIER first when up without
 * IFF_RUNNING, RUNNING never, bits ip has no name for as one hex number.
 * (ip's M-DOWN, "the lower link is down", needs the lower link's flags:
 * it is the printer's to add.)
 */
export function linkFlagNames(flags: number): string[] {
  const out: string[] = [];
  if (flags & IFF.IFF_UP && !(flags & IFF.IFF_RUNNING)) out.push('NO-CARRIER');
  let rest = (flags & ~IFF.IFF_RUNNING) >>> 0;
  for (const [name, bit] of FLAG_ORDER) {
    if (rest & bit) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) out.push(rest.toString(16));
  return out;
}

/** ifi_type names as ip prints them (lib/ll_types.c), for the common types. */
const LINK_TYPES: Readonly<Record<number, string>> = {
  [ARPHRD.ARPHRD_NETROM]: 'netrom', [ARPHRD.ARPHRD_ETHER]: 'ether', [ARPHRD.ARPHRD_IEEE802]: 'ieee802',
  [ARPHRD.ARPHRD_INFINIBAND]: 'infiniband', [ARPHRD.ARPHRD_SLIP]: 'slip', [ARPHRD.ARPHRD_PPP]: 'ppp',
  [ARPHRD.ARPHRD_RAWIP]: 'rawip', [ARPHRD.ARPHRD_TUNNEL]: 'ipip', [ARPHRD.ARPHRD_TUNNEL6]: 'tunnel6',
  [ARPHRD.ARPHRD_LOOPBACK]: 'loopback', [ARPHRD.ARPHRD_SIT]: 'sit', [ARPHRD.ARPHRD_IPGRE]: 'gre',
  [ARPHRD.ARPHRD_IEEE80211]: 'ieee802.11', [ARPHRD.ARPHRD_IEEE80211_RADIOTAP]: 'ieee802.11/radiotap',
  [ARPHRD.ARPHRD_IP6GRE]: 'ip6gre', [ARPHRD.ARPHRD_NETLINK]: 'netlink', [ARPHRD.ARPHRD_NONE]: 'none',
  [ARPHRD.ARPHRD_VOID]: 'void',
};

export function linkTypeName(type: number): string {
  return LINK_TYPES[type] ?? `[${type}]`;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function stats64View(s: RtnlLinkStats64): LinkStats64 {
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(s)) out[camel(k)] = v as bigint;
  return out as LinkStats64;
}

/** The typed view of a decoded link message; `stats` adds stats64. */
export function linkView(message: LinkMessage, opts: { stats?: boolean } = {}): Link {
  const a = message.attrs as Record<string, any>;
  const li = a.IFLA_LINKINFO as Record<string, any> | undefined;
  const flags = message.ifi_flags >>> 0;
  const op = a.IFLA_OPERSTATE as number | undefined;
  const view: Link = {
    index: message.ifi_index,
    name: a.IFLA_IFNAME ?? '',
    flags,
    flagNames: linkFlagNames(flags),
    up: (flags & IFF.IFF_UP) !== 0,
    lowerUp: (flags & IFF.IFF_LOWER_UP) !== 0,
    operstate: op === undefined ? 'UNKNOWN' : (OPERSTATE_NAMES[op] ?? `0x${op.toString(16)}`),
    linkType: linkTypeName(message.ifi_type),
    mtu: a.IFLA_MTU ?? 0,
    group: a.IFLA_GROUP ?? 0,
    txqlen: a.IFLA_TXQLEN ?? 0,
    message,
  };
  const opt = <K extends keyof Link>(key: K, value: Link[K] | undefined) => {
    if (value !== undefined) view[key] = value;
  };
  opt('kind', li?.IFLA_INFO_KIND);
  opt('slaveKind', li?.IFLA_INFO_SLAVE_KIND);
  opt('minMtu', a.IFLA_MIN_MTU);
  opt('maxMtu', a.IFLA_MAX_MTU);
  opt('address', typeof a.IFLA_ADDRESS === 'string' ? a.IFLA_ADDRESS : undefined);
  opt('broadcast', typeof a.IFLA_BROADCAST === 'string' ? a.IFLA_BROADCAST : undefined);
  opt('permAddress', typeof a.IFLA_PERM_ADDRESS === 'string' ? a.IFLA_PERM_ADDRESS : undefined);
  opt('master', a.IFLA_MASTER);
  opt('link', a.IFLA_LINK);
  opt('linkNetnsid', a.IFLA_LINK_NETNSID);
  opt('qdisc', a.IFLA_QDISC);
  opt('alias', a.IFLA_IFALIAS);
  opt('altnames', a.IFLA_PROP_LIST?.IFLA_ALT_IFNAME);
  opt('promiscuity', a.IFLA_PROMISCUITY);
  opt('carrier', a.IFLA_CARRIER === undefined ? undefined : a.IFLA_CARRIER !== 0);
  if (li?.IFLA_INFO_KIND) opt('info', kindInfo(li.IFLA_INFO_KIND, li.IFLA_INFO_DATA));
  if (opts.stats && a.IFLA_STATS64) view.stats64 = stats64View(a.IFLA_STATS64 as RtnlLinkStats64);
  return view;
}
