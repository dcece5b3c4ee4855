// An iptables rule as its options describe it (-s -d -i -o -p --sport
// --dport -j), the values' parsers with iptables' own error wording, and the
// chains and targets tsip's iptables knows.

import { parseIPv4, formatIPv4 } from '../../netlink/inet.js';
import { NF_INET } from '../../netlink/nftables/constants.js';
import { IptablesError } from './errors.js';
import { protoByName, serviceByName } from './names.js';

/** The filter table's built-in chains, in hook order (the order iptables lists them in). */
export const BUILTIN_CHAINS = {
  INPUT: NF_INET.NF_INET_LOCAL_IN,
  FORWARD: NF_INET.NF_INET_FORWARD,
  OUTPUT: NF_INET.NF_INET_LOCAL_OUT,
} as const;
export type ChainName = keyof typeof BUILTIN_CHAINS;
export const CHAIN_NAMES = Object.keys(BUILTIN_CHAINS) as ChainName[];

/** Targets: the two policies and RETURN (leave the chain: its policy decides). */
export type Target = 'ACCEPT' | 'DROP' | 'RETURN';
export const TARGETS: readonly Target[] = ['ACCEPT', 'DROP', 'RETURN'];
export type Policy = 'ACCEPT' | 'DROP';

/** -i / -o: an interface name; a trailing "+" matches every name with that prefix. */
export interface IfaceMatch {
  name: string;
  invert: boolean;
}

/** -s / -d: an IPv4 network, the address already masked as iptables stores it. */
export interface AddrMatch {
  /** 4 bytes, network order, masked */
  addr: Buffer;
  /** 4 bytes, network order */
  mask: Buffer;
  invert: boolean;
}

/** -p: an IP protocol number (0 = all). */
export interface ProtoMatch {
  proto: number;
  invert: boolean;
}

/** --sport / --dport: one port. */
export interface PortMatch {
  port: number;
  invert: boolean;
}

/** One rule, as iptables' options describe it. Absent fields match everything. */
export interface RuleSpec {
  source?: AddrMatch;
  destination?: AddrMatch;
  inIface?: IfaceMatch;
  outIface?: IfaceMatch;
  protocol?: ProtoMatch;
  sport?: PortMatch;
  dport?: PortMatch;
  /** absent: the rule only counts */
  target?: Target;
}

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** IFNAMSIZ - 1: the longest interface name. */
const IFNAMSIZ = 16;

/** -i/-o's argument, checked as xtables_parse_interface() checks it. */
export function parseIface(name: string): string {
  if (Buffer.byteLength(name) >= IFNAMSIZ) {
    throw new IptablesError(`interface name \`${name}' must be shorter than IFNAMSIZ (${IFNAMSIZ - 1})`, 2);
  }
  if (name.length === 0 || /[\s/]/.test(name)) throw new IptablesError(`Invalid interface name \`${name}'`, 2);
  return name;
}

/** A prefix length as a mask: 24 -> ff.ff.ff.00. */
export function prefixMask(len: number): Buffer {
  const m = Buffer.alloc(4);
  m.writeUInt32BE(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0, 0);
  return m;
}

/** The prefix length of a contiguous mask, or -1 (255.0.255.0). */
export function maskLength(mask: Buffer): number {
  const n = mask.readUInt32BE(0);
  for (let len = 0; len <= 32; len++) if ((len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) === n) return len;
  return -1;
}

/** -s/-d's argument: "10.0.0.0/24", "10.1.2.3", "10.0.0.0/255.255.0.0". Host names are not resolved. */
export function parseAddr(text: string, invert = false): AddrMatch {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIPv4(host);
  if (!addr) throw new IptablesError(`host/network \`${host}' not found`, 2);
  let mask = prefixMask(32);
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    const dotted = m.includes('.') ? parseIPv4(m) : undefined;
    if (dotted) mask = dotted;
    else if (/^\d{1,2}$/.test(m) && Number(m) <= 32) mask = prefixMask(Number(m));
    else throw new IptablesError(`invalid mask \`${m}' specified`, 2);
  }
  const masked = Buffer.from(addr.map((b, i) => b & mask[i]!));
  return { addr: masked, mask, invert };
}

/** An address match as -S prints it: "10.0.0.0/24", "10.1.2.3/32", "10.0.0.0/255.0.255.0". */
export function formatAddrMask(a: AddrMatch): string {
  const len = maskLength(a.mask);
  return `${formatIPv4(a.addr)}/${len >= 0 ? len : formatIPv4(a.mask)}`;
}

/** -p's argument: a name ("tcp", "ALL", "gre") or a number 0..255. */
export function parseProto(text: string, invert = false): ProtoMatch {
  const proto = /^\d+$/.test(text) ? Number(text) : protoByName(text);
  if (proto === undefined || proto > 255) throw new IptablesError(`unknown protocol "${text}" specified`, 2);
  return { proto, invert };
}

/** --sport/--dport's argument: a number 0..65535 or a service name for the protocol. */
export function parsePort(text: string, proto: number, invert = false): PortMatch {
  const port = /^\d+$/.test(text) ? Number(text) : serviceByName(text, proto === IPPROTO_UDP ? 'udp' : 'tcp');
  if (port === undefined || port > 65535) throw new IptablesError(`invalid port/service \`${text}' specified`, 2);
  return { port, invert };
}

/** -j's argument. */
export function parseTarget(text: string): Target {
  if ((TARGETS as readonly string[]).includes(text)) return text as Target;
  throw new IptablesError(`Chain '${text}' does not exist`, 2);
}

/** A chain argument: one of the filter table's built-in chains. */
export function parseChain(text: string): ChainName {
  if (text in BUILTIN_CHAINS) return text as ChainName;
  throw new IptablesError('No chain/target/match by that name.', 1);
}

/** -P's policy argument. */
export function parsePolicy(text: string): Policy {
  if (text === 'ACCEPT' || text === 'DROP') return text;
  throw new IptablesError("Bad policy name. Run `dmesg' for more information.", 1);
}
