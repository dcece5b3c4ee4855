// ip's objects, in ip's own order (ip/ip.c cmds[]): an abbreviation means
// the first object it is a prefix of, so "a" is address, "n" is neighbour,
// "r" is route and "l" is link, as with ip. Objects tsip does not implement
// keep their place, so that abbreviations resolve as ip resolves them.
// tsip's own objects (ping, sysctl, iptables) come last, shadowing nothing.

import type { CliContext } from './context.js';

export type Command = (argv: string[], ctx: CliContext) => Promise<number>;
type Loader = () => Promise<Command>;

export const OBJECTS: ReadonlyArray<readonly [string, Loader | null]> = [
  ['address', () => import('./commands/address.js').then((m) => m.run)],
  ['addrlabel', null],
  ['maddress', null],
  ['route', () => import('./commands/route.js').then((m) => m.run)],
  ['rule', () => import('./commands/rule.js').then((m) => m.run)],
  ['neighbor', () => import('./commands/neigh.js').then((m) => m.run)],
  ['neighbour', () => import('./commands/neigh.js').then((m) => m.run)],
  ['ntable', null],
  ['ntbl', null],
  ['link', () => import('./commands/link.js').then((m) => m.run)],
  ['l2tp', null],
  ['fou', null],
  ['ila', null],
  ['macsec', null],
  ['tunnel', null],
  ['tunl', null],
  ['tuntap', () => import('./commands/tuntap.js').then((m) => m.run)],
  ['tap', () => import('./commands/tuntap.js').then((m) => m.run)],
  ['token', null],
  ['tcpmetrics', null],
  ['tcp_metrics', null],
  ['monitor', () => import('./commands/monitor.js').then((m) => m.run)],
  ['xfrm', null],
  ['mroute', null],
  ['mrule', null],
  ['netns', () => import('./commands/netns.js').then((m) => m.run)],
  ['netconf', () => import('./commands/netconf.js').then((m) => m.run)],
  ['vrf', null],
  ['sr', null],
  ['nexthop', () => import('./commands/nexthop.js').then((m) => m.run)],
  ['mptcp', null],
  ['ioam', null],
  ['help', null],
  ['stats', null],
  ['ping', () => import('./commands/ping.js').then((m) => m.run)],
  ['sysctl', () => import('./commands/sysctl.js').then((m) => m.run)],
  ['iptables', () => import('./commands/iptables.js').then((m) => m.run)],
];
