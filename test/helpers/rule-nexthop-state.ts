// A namespace holding every kind of policy rule and nexthop object iproute2
// 6.1 can make (no encapsulations: `encap ip` must never be used on this
// kernel, and it refuses `encap mpls`), and netconf sysctls set away from
// their defaults. Made with ip, the oracle, for the rule, nexthop and
// netconf tests.

import { inNs, ip } from './privileged.js';

/** The rules ip adds (in the test's namespace). */
export const RULES = [
  'rule add from 10.1.0.0/16 to 10.2.0.0/16 table 100 pref 100',
  'rule add iif va oif vb table 101 pref 110',
  'rule add fwmark 0x10/0xff table 102 pref 120',
  'rule add fwmark 0x11 table 102 pref 121',
  'rule add uidrange 1000-2000 lookup 103 pref 130',
  'rule add ipproto tcp sport 1000-2000 dport 80 lookup 104 pref 140',
  'rule add ipproto 200 dport 7 lookup 104 pref 141',
  'rule add lookup main suppress_prefixlength 0 pref 150',
  'rule add goto 170 pref 160', 'rule add nop pref 170', 'rule add goto 175 pref 171',
  'rule add from 10.3.0.0/16 blackhole pref 180',
  'rule add not to 10.4.0.0/16 prohibit pref 190',
  'rule add from 10.5.0.0/16 unreachable pref 195',
  'rule add iif ghost0 lookup 105 pref 196',
  'rule add from 10.6.0.0/16 realms 3/4 lookup 106 protocol static pref 197',
  'rule add realms 5 lookup 106 pref 198',
  'rule add lookup main suppress_ifgroup 7 pref 199',
  'rule add from 10.7.0.1 tos 0x10 lookup 1000 pref 200',
  'rule add to 10.8.0.0/16 lookup local protocol 99 pref 201',
  '-6 rule add fwmark 0x1 iif va ipproto udp dport 53 lookup 201 pref 210',
  '-6 rule add not from 2001:db8:3::/48 prohibit pref 220',
  '-6 rule add to 2001:db8:4::1 lookup 202 pref 230',
];

export const NEXTHOPS = [
  'nexthop add id 1 via 10.1.1.2 dev va',
  'nexthop add id 2 via 10.1.1.3 dev va',
  'nexthop add id 3 via 10.9.9.9 dev va onlink',
  'nexthop add id 4 blackhole',
  'nexthop add id 5 via 2001:db8:1::2 dev va',
  'nexthop add id 6 dev va protocol static',
  'nexthop add id 7 dev vb',
  'nexthop add id 8 via 10.1.1.8 fdb',
  'nexthop add id 9 via 2001:db8:1::9 fdb',
  'nexthop add id 10 group 1/2,3',
  'nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 60 unbalanced_timer 120',
  'nexthop add id 12 group 8 fdb',
  'nexthop add id 13 group 1,200/7,256',
  'nexthop add id 14 group 4',
];

/** va and vb, up (a nexthop's device needs its carrier), with an IPv4 and an IPv6 address on va. */
export function buildLinks(ns: string): void {
  const n = (cmd: string) => ip('-n', ns, ...cmd.split(' '));
  n('link add va type veth peer name vb');
  n('link set va up');
  n('link set vb up');
  n('addr add 10.1.1.1/24 dev va');
  n('-6 addr add 2001:db8:1::1/64 dev va nodad');
}

/** buildLinks(), then rules, nexthops and sysctls. */
export function buildState(ns: string): void {
  const n = (cmd: string) => ip('-n', ns, ...cmd.split(' '));
  buildLinks(ns);
  for (const c of [...NEXTHOPS, ...RULES]) n(c); // nexthops first: "not from ... prohibit" would refuse their gateways
  inNs(ns, 'sysctl -qw net.ipv4.conf.va.forwarding=1 net.ipv4.conf.vb.rp_filter=2 net.ipv4.conf.all.rp_filter=1 net.ipv6.conf.va.forwarding=1 net.ipv4.conf.va.proxy_arp=1 net.ipv6.conf.vb.ignore_routes_with_linkdown=1');
}
