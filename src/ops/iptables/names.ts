// Names iptables shows and accepts in place of numbers: protocols, services
// (ports), hosts and networks, read from /etc like glibc's files backend.
// tsip never asks DNS: `iptables -L` without -n would, for addresses that
// /etc/hosts does not name; tsip prints those as numbers instead.

import { etcRows as table } from '../etc-files.js';

/** iptables' own protocol names first (xtables_chain_protos), then /etc/protocols. */
const CHAIN_PROTOS: ReadonlyArray<readonly [string, number]> = [
  ['tcp', 6], ['sctp', 132], ['udp', 17], ['udplite', 136], ['icmp', 1], ['icmpv6', 58],
  ['esp', 50], ['ah', 51], ['mh', 135], ['all', 0],
];

/** "tcp" -> 6, "ALL" -> 0, "gre" -> 47 (/etc/protocols); undefined when unknown. */
export function protoByName(name: string): number | undefined {
  const lower = name.toLowerCase();
  const own = CHAIN_PROTOS.find(([n]) => n === lower);
  if (own) return own[1];
  const row = table('/etc/protocols').find((w) => w[0] === lower || w.slice(2).includes(lower));
  return row ? Number(row[1]) : undefined;
}

/** 6 -> "tcp", 0 -> "all", 47 -> "gre"; undefined when unnamed. */
export function protoName(proto: number): string | undefined {
  const own = CHAIN_PROTOS.find(([, n]) => n === proto);
  if (own) return own[0];
  return table('/etc/protocols').find((w) => Number(w[1]) === proto)?.[0];
}

/** getservbyname(name, proto): "http" -> 80 for tcp. */
export function serviceByName(name: string, proto: string): number | undefined {
  const row = table('/etc/services').find((w) => (w[0] === name || w.slice(2).includes(name)) && w[1]?.endsWith(`/${proto}`));
  return row ? Number.parseInt(row[1]!, 10) : undefined;
}

/** getservbyport(port, proto): 53/udp -> "domain". */
export function serviceName(port: number, proto: string): string | undefined {
  return table('/etc/services').find((w) => w[1] === `${port}/${proto}`)?.[0];
}

/** The first name /etc/hosts gives an IPv4 address. */
export function hostName(addr: string): string | undefined {
  return table('/etc/hosts').find((w) => w[0] === addr)?.[1];
}

/** The name /etc/networks gives a network number ("127.0.0.0" -> "loopback"). */
export function networkName(addr: string): string | undefined {
  const canon = (s: string) => {
    const parts = s.split('.');
    while (parts.length < 4) parts.push('0');
    return parts.join('.');
  };
  return table('/etc/networks').find((w) => w[1] !== undefined && canon(w[1]) === addr)?.[0];
}
