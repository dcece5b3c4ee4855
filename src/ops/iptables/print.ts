// What `iptables -S` and `iptables -L` print, column for column as
// iptables 1.8.9 prints them (xshared.c: print_header, print_rule_details,
// print_ifaces, print_ipv4_addresses; libxt_tcp/udp's print and save).
//
//   -S:  -P FORWARD DROP
//        -A FORWARD -s 10.0.0.0/24 -d 10.1.2.3/32 -o veth+ -p tcp -m tcp --dport 80 -j DROP
//
//   -L:  Chain FORWARD (policy DROP)
//        target     prot opt source               destination
//        DROP       tcp  --  10.0.0.0/24          10.1.2.3             tcp dpt:http
//
// Without -n, -L names what /etc names (protocols, services, hosts,
// networks); it never asks DNS.

import { formatIPv4 } from '../../netlink/inet.js';
import { hostName, networkName, protoName, serviceName } from './names.js';
import { formatAddrMask, maskLength, IPPROTO_UDP, type AddrMatch, type ChainName, type Policy, type RuleSpec } from './spec.js';
import type { ParsedRule } from './translate.js';

/** A chain as listed: policy, its own counters, its rules in order. */
export interface ChainListing {
  name: ChainName;
  policy: Policy;
  packets: bigint;
  bytes: bigint;
  rules: ParsedRule[];
}

/** -L's options. */
export interface ListFormat {
  /** -n: numbers, not names */
  numeric?: boolean;
  /** -v: counters and interfaces */
  verbose?: boolean;
  /** -x: exact counters instead of K/M/G */
  exact?: boolean;
  /** --line-numbers */
  lineNumbers?: boolean;
}

const proto = (p: number, numeric: boolean) => (numeric ? String(p) : protoName(p) ?? String(p));
const l4 = (spec: RuleSpec) => (spec.protocol?.proto === IPPROTO_UDP ? 'udp' : 'tcp');

/** One rule as `iptables -S` prints it (save_ipv4_addr, save_rule_details, tcp_save/udp_save). */
export function saveRule(chain: string, r: ParsedRule): string {
  if (!r.spec) return `# ${chain}: a rule iptables cannot show (${r.unsupported ?? 'unknown'}); use nft`;
  const s = r.spec;
  const out = ['-A', chain];
  const not = (invert: boolean) => (invert ? ['!'] : []);
  if (s.source) out.push(...not(s.source.invert), '-s', formatAddrMask(s.source));
  if (s.destination) out.push(...not(s.destination.invert), '-d', formatAddrMask(s.destination));
  if (s.inIface) out.push(...not(s.inIface.invert), '-i', s.inIface.name);
  if (s.outIface) out.push(...not(s.outIface.invert), '-o', s.outIface.name);
  if (s.protocol && s.protocol.proto !== 0) out.push(...not(s.protocol.invert), '-p', proto(s.protocol.proto, false));
  if (s.sport || s.dport) {
    out.push('-m', l4(s));
    if (s.sport) out.push(...not(s.sport.invert), '--sport', String(s.sport.port));
    if (s.dport) out.push(...not(s.dport.invert), '--dport', String(s.dport.port));
  }
  if (s.target) out.push('-j', s.target);
  return out.join(' ');
}

/** `iptables -S [CHAIN]`: the policies, then every rule. */
export function saveChains(chains: readonly ChainListing[]): string {
  const lines = chains.map((c) => `-P ${c.name} ${c.policy}`);
  for (const c of chains) for (const r of c.rules) lines.push(saveRule(c.name, r));
  return `${lines.join('\n')}\n`;
}

/** xtables_print_num(): exact, or abbreviated to K/M/G/T past 99999. */
export function formatNum(n: bigint, exact: boolean, table: boolean): string {
  if (exact) return table ? `${n.toString().padStart(8)} ` : `${n} `;
  if (n <= 99999n) return table ? `${n.toString().padStart(5)} ` : `${n} `;
  for (const unit of ['K', 'M', 'G']) {
    n = (n + 500n) / 1000n;
    if (n <= 9999n) return table ? `${n.toString().padStart(4)}${unit} ` : `${n}${unit} `;
  }
  n = (n + 500n) / 1000n;
  return table ? `${n.toString().padStart(4)}T ` : `${n}T `;
}

/** ipv4_addr_to_string(): "anywhere", "10.0.0.0/24", "10.1.2.3", "loopback/8". */
function addrText(a: AddrMatch | undefined, numeric: boolean): string {
  if (!a || maskLength(a.mask) === 0) return numeric ? '0.0.0.0/0' : 'anywhere';
  const ip = formatIPv4(a.addr);
  const len = maskLength(a.mask);
  const name = numeric ? ip : hostName(ip) ?? networkName(ip) ?? ip;
  return `${name}${len === 32 ? '' : `/${len >= 0 ? len : formatIPv4(a.mask)}`}`;
}

/** libxt_tcp/udp print: " tcp spt:domain dpt:!1000" */
function portsText(s: RuleSpec, numeric: boolean): string {
  if (!s.sport && !s.dport) return '';
  const name = l4(s);
  const port = (p: number) => (numeric ? String(p) : serviceName(p, name) ?? String(p));
  let out = ` ${name}`;
  if (s.sport) out += ` spt:${s.sport.invert ? '!' : ''}${port(s.sport.port)}`;
  if (s.dport) out += ` dpt:${s.dport.invert ? '!' : ''}${port(s.dport.port)}`;
  return out;
}

function header(f: ListFormat): string {
  let h = '';
  if (f.lineNumbers) h += 'num'.padEnd(4) + ' ';
  if (f.verbose) h += f.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : `${'pkts'.padStart(5)} ${'bytes'.padStart(5)} `;
  h += `${'target'.padEnd(9)}  prot opt`;
  if (f.verbose) h += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return `${h} ${'source'.padEnd(20)} ${'destination'.padEnd(20)}`;
}

function ruleLine(r: ParsedRule, num: number, f: ListFormat): string {
  const numeric = !!f.numeric;
  let l = '';
  if (f.lineNumbers) l += `${num}`.padEnd(4) + ' ';
  if (f.verbose) l += formatNum(r.packets, !!f.exact, true) + formatNum(r.bytes, !!f.exact, true);
  const s = r.spec;
  if (!s) return `${l}${'?'.padEnd(9)}  ${r.unsupported ?? ''} (a rule iptables cannot show; use nft)`;
  l += `${(s.target ?? '').padEnd(9)} `;
  l += `${s.protocol?.invert ? '!' : ' '}${proto(s.protocol?.proto ?? 0, numeric).padEnd(5)}`;
  l += '-- ';
  if (f.verbose) {
    const any = numeric ? '*' : 'any';
    const iface = (m: RuleSpec['inIface']) => `${m?.invert ? '!' : ''}${m?.name ?? any}`.padEnd(6);
    l += ` ${iface(s.inIface)} ${iface(s.outIface)} `;
  }
  l += `${s.source?.invert ? '!' : ' '}${addrText(s.source, numeric).padEnd(19)} `;
  l += `${s.destination?.invert ? '!' : ' '}${addrText(s.destination, numeric).padEnd(19)} `;
  return l + portsText(s, numeric);
}

/** `iptables -L [CHAIN]` with its options: a block per chain, blank lines between. */
export function listChains(chains: readonly ChainListing[], f: ListFormat = {}): string {
  const blocks = chains.map((c) => {
    const counts = f.verbose ? ` ${formatNum(c.packets, !!f.exact, false)}packets, ${formatNum(c.bytes, !!f.exact, false)}bytes` : '';
    const lines = [`Chain ${c.name} (policy ${c.policy}${counts})`, header(f)];
    c.rules.forEach((r, i) => lines.push(ruleLine(r, i + 1, f)));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
