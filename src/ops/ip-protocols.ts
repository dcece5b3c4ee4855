// IP protocol numbers by name, as getprotobyname()/getprotobynumber() give
// them from /etc/protocols ("tcp" 6, "udp" 17, ...): for a rule's ipproto
// (ip rule ... ipproto tcp), in the library and the CLI.

import { etcRows } from './etc-files.js';

/** The usual entries of /etc/protocols (first name of each): what a machine without the file still knows. */
export const IP_PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'ip'], [1, 'icmp'], [2, 'igmp'], [4, 'ipencap'], [6, 'tcp'], [17, 'udp'], [33, 'dccp'], [41, 'ipv6'],
  [47, 'gre'], [50, 'esp'], [51, 'ah'], [58, 'ipv6-icmp'], [94, 'ipip'], [103, 'pim'], [112, 'vrrp'],
  [115, 'l2tp'], [132, 'sctp'], [136, 'udplite'], [137, 'mpls-in-ip'], [143, 'ethernet'],
]);

/** /etc/protocols as number → first name; the built-in table when the file is missing or empty. */
export function loadIpProtocols(path = '/etc/protocols'): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const [name, n] of etcRows(path)) {
    const id = Number(n);
    if (name && n !== undefined && Number.isInteger(id) && !out.has(id)) out.set(id, name);
  }
  return out.size ? out : IP_PROTOCOL_NAMES;
}

/** The number of a protocol name in `names`, or undefined. */
export function ipProtocolByName(name: string, names: ReadonlyMap<number, string> = IP_PROTOCOL_NAMES): number | undefined {
  for (const [id, n] of names) if (n === name) return id;
  return undefined;
}
