// The words iproute2 6.1 prints for the kernel's numbers: link flags, oper
// states, link modes, ARPHRD link types, address families, scopes, address
// flags, ethertypes. Each table is in the order ip prints or searches it,
// and names its source file in iproute2.

import { DEFAULT_RT_NAMES } from './rt-names.js';
import { IFA_F } from '../../netlink/rtnl/address.js';
import { IFF } from '../../netlink/rtnl/link.js';
import { sprintf } from './printf.js';

/** ip/ipaddress.c print_link_flags(): the flags in print order (IFF_RUNNING shows as NO-CARRIER). */
export const IFF_PRINT_ORDER: ReadonlyArray<readonly [string, number]> = [
  ['LOOPBACK', IFF.IFF_LOOPBACK], ['BROADCAST', IFF.IFF_BROADCAST], ['POINTOPOINT', IFF.IFF_POINTOPOINT],
  ['MULTICAST', IFF.IFF_MULTICAST], ['NOARP', IFF.IFF_NOARP], ['ALLMULTI', IFF.IFF_ALLMULTI],
  ['PROMISC', IFF.IFF_PROMISC], ['MASTER', IFF.IFF_MASTER], ['SLAVE', IFF.IFF_SLAVE], ['DEBUG', IFF.IFF_DEBUG],
  ['DYNAMIC', IFF.IFF_DYNAMIC], ['AUTOMEDIA', IFF.IFF_AUTOMEDIA], ['PORTSEL', IFF.IFF_PORTSEL],
  ['NOTRAILERS', IFF.IFF_NOTRAILERS], ['UP', IFF.IFF_UP], ['LOWER_UP', IFF.IFF_LOWER_UP],
  ['DORMANT', IFF.IFF_DORMANT], ['ECHO', IFF.IFF_ECHO],
];

/** ip/ipaddress.c oper_states[], indexed by IF_OPER_* */
export const OPER_STATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;

/** ip/ipaddress.c link_modes[], indexed by IF_LINK_MODE_* */
export const LINK_MODES = ['DEFAULT', 'DORMANT'] as const;

/** lib/ll_types.c arphrd_names[] (6.1: no rawip, mctp, vsockmon, eui64: those print as "[519]") */
const ARPHRD_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0, 'netrom'], [1, 'ether'], [2, 'eether'], [3, 'ax25'], [4, 'pronet'], [5, 'chaos'], [6, 'ieee802'],
  [7, 'arcnet'], [8, 'atalk'], [15, 'dlci'], [19, 'atm'], [23, 'metricom'], [24, 'ieee1394'],
  [32, 'infiniband'], [256, 'slip'], [257, 'cslip'], [258, 'slip6'], [259, 'cslip6'], [260, 'rsrvd'],
  [264, 'adapt'], [270, 'rose'], [271, 'x25'], [272, 'hwx25'], [280, 'can'], [512, 'ppp'], [513, 'hdlc'],
  [516, 'lapb'], [517, 'ddcmp'], [518, 'rawhdlc'], [768, 'ipip'], [769, 'tunnel6'], [770, 'frad'],
  [771, 'skip'], [772, 'loopback'], [773, 'ltalk'], [774, 'fddi'], [775, 'bif'], [776, 'sit'],
  [777, 'ip/ddp'], [778, 'gre'], [779, 'pimreg'], [780, 'hippi'], [781, 'ash'], [782, 'econet'],
  [783, 'irda'], [784, 'fcpp'], [785, 'fcal'], [786, 'fcpl'],
  ...Array.from({ length: 13 }, (_, i) => [787 + i, `fcfb${i}`] as const),
  [800, 'tr'], [801, 'ieee802.11'], [802, 'ieee802.11/prism'], [803, 'ieee802.11/radiotap'],
  [804, 'ieee802.15.4'], [805, 'ieee802.15.4/monitor'], [820, 'phonet'], [821, 'phonet_pipe'],
  [822, 'caif'], [823, 'gre6'], [824, 'netlink'], [825, '6lowpan'], [0xfffe, 'none'], [0xffff, 'void'],
];
const ARPHRD_BY_TYPE = new Map(ARPHRD_NAMES);

/** ll_type_n2a(): "ether" for ARPHRD_ETHER, "[519]" for a type 6.1 has no name for */
export function linkTypeName(type: number): string {
  return ARPHRD_BY_TYPE.get(type) ?? `[${type}]`;
}

/** ARPHRD types whose hardware addresses ll_addr_n2a() prints as IP addresses */
export const ARPHRD_TUNNEL = 768, ARPHRD_TUNNEL6 = 769, ARPHRD_SIT = 776, ARPHRD_IPGRE = 778, ARPHRD_IP6GRE = 823;

/** lib/utils.c family_name() */
export function familyName(family: number): string {
  switch (family) {
    case 2: return 'inet';
    case 10: return 'inet6';
    case 17: return 'link';
    case 28: return 'mpls';
    case 7: return 'bridge';
    default: return '???';
  }
}

/** lib/rt_names.c rtnl_rtscope_tab[]: the built-in scope names (/etc/iproute2/rt_scopes may add more) */
export const DEFAULT_SCOPES: ReadonlyMap<number, string> = DEFAULT_RT_NAMES.scopes;

/** /etc/iproute2/group as shipped: group 0 is "default" (iproute2 has no built-in group names) */
export const DEFAULT_GROUPS: ReadonlyMap<number, string> = new Map([[0, 'default']]);

/**
 * ip/ipaddress.c ifa_flag_data[]: address flags in print order. "secondary"
 * prints as "temporary" for IPv6; "permanent" prints as "dynamic" when absent.
 */
export const IFA_FLAG_PRINT_ORDER: ReadonlyArray<readonly [string, number]> = [
  ['secondary', IFA_F.IFA_F_SECONDARY], ['temporary', IFA_F.IFA_F_SECONDARY], ['nodad', IFA_F.IFA_F_NODAD],
  ['optimistic', IFA_F.IFA_F_OPTIMISTIC], ['dadfailed', IFA_F.IFA_F_DADFAILED], ['home', IFA_F.IFA_F_HOMEADDRESS],
  ['deprecated', IFA_F.IFA_F_DEPRECATED], ['tentative', IFA_F.IFA_F_TENTATIVE], ['permanent', IFA_F.IFA_F_PERMANENT],
  ['mngtmpaddr', IFA_F.IFA_F_MANAGETEMPADDR], ['noprefixroute', IFA_F.IFA_F_NOPREFIXROUTE],
  ['autojoin', IFA_F.IFA_F_MCAUTOJOIN], ['stable-privacy', IFA_F.IFA_F_STABLE_PRIVACY],
];

/** lib/ll_proto.c, the ethertypes a bridge's vlan_protocol can hold; others print as "[N]" */
export function llProtoName(ethertype: number): string {
  if (ethertype === 0x8100) return '802.1Q';
  if (ethertype === 0x88a8) return '802.1ad';
  return `[${ethertype}]`;
}

/** ip/ipaddress.c print_af_spec(): IFLA_INET6_ADDR_GEN_MODE */
export function addrGenModeName(mode: number): string {
  switch (mode) {
    case 0: return 'eui64';
    case 1: return 'none';
    case 2: return 'stable_secret';
    case 3: return 'random';
    default: return sprintf('%#.2hhx', mode);
  }
}

/** ip/ipaddress.c link_events[], indexed by IFLA_EVENT_* */
export const LINK_EVENTS = [
  'NONE', 'REBOOT', 'FEATURE CHANGE', 'BONDING FAILOVER', 'NOTIFY PEERS', 'RESEND IGMP', 'BONDING OPTION',
] as const;
