// iptables options <-> nf_tables expressions, the way iptables-nft 1.8.9
// (iptables/nft-ipv4.c, nft-shared.c, nft.c) translates them. Measured on
// this kernel with `nft --debug=netlink` after the real iptables-nft, e.g.
//
//   iptables -A FORWARD -s 10.0.0.0/24 -d 10.1.2.3 -o veth+ -p tcp --dport 80 -j DROP
//
//   [ meta load oifname => reg 1 ]                    -o veth+   (no NUL: a prefix match)
//   [ cmp eq reg 1 0x68746576 ]
//   [ meta load l4proto => reg 1 ]                    -p tcp
//   [ cmp eq reg 1 0x00000006 ]
//   [ payload load 3b @ network header + 12 => reg 1 ]   -s 10.0.0.0/24: a /24 loads 3 bytes
//   [ cmp eq reg 1 0x0000000a ]
//   [ payload load 4b @ network header + 16 => reg 1 ]   -d 10.1.2.3
//   [ cmp eq reg 1 0x0302010a ]
//   [ payload load 2b @ transport header + 2 => reg 1 ]  --dport 80
//   [ cmp eq reg 1 0x00005000 ]
//   [ counter pkts 0 bytes 0 ]                        every rule counts
//   [ immediate reg 0 drop ]                          -j DROP
//
// Rules:
// - interfaces: -i br0 compares "br0\0" (4 bytes); -i veth+ compares "veth"
//   (a prefix). nft's `iifname "br0"` compares all 16 bytes; both read back as br0.
// - addresses: a mask made of whole bytes shortens the load (/24 -> 3 bytes);
//   any other mask loads 4 bytes and masks them with a bitwise first.
// - ports: both --sport and --dport, single and not inverted, load the 4
//   bytes at transport offset 0 at once.
// - a `counter` goes before the verdict, so it counts what the rule matched.
// - ! inverts a comparison: cmp neq.

import { NFT_CMP, NFT_META, NFT_PAYLOAD, NFT_VERDICT, NF_ACCEPT, NF_DROP, NFT_RULE_COMPAT_F_INV } from '../../netlink/nftables/constants.js';
import { bitwise, cmp, counter, meta, payload, verdict } from '../../netlink/nftables/build.js';
import type { Expr } from '../../netlink/nftables/expr.js';
import type { Attrs } from '../../netlink/schema.js';
import { IPPROTO_TCP, IPPROTO_UDP, prefixMask, type AddrMatch, type IfaceMatch, type RuleSpec, type Target } from './spec.js';

const { NFT_CMP_EQ, NFT_CMP_NEQ } = NFT_CMP;
const { NFT_PAYLOAD_NETWORK_HEADER: NH, NFT_PAYLOAD_TRANSPORT_HEADER: TH } = NFT_PAYLOAD;
/** offsetof(struct iphdr, saddr), offsetof(struct iphdr, daddr), offsetof(struct iphdr, protocol) */
const IPHDR_SADDR = 12;
const IPHDR_DADDR = 16;
const IPHDR_PROTOCOL = 9;

const VERDICTS: Record<Target, number> = { ACCEPT: NF_ACCEPT, DROP: NF_DROP, RETURN: NFT_VERDICT.NFT_RETURN };
const op = (invert: boolean) => (invert ? NFT_CMP_NEQ : NFT_CMP_EQ);
const u16be = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n, 0); return b; };

/** add_iface(): "+" alone matches any name (nothing to emit), "! -i +" matches none. */
function ifaceExprs(m: IfaceMatch, key: number): Expr[] {
  if (m.name === '+') return m.invert ? [meta(key), cmp(NFT_CMP_EQ, Buffer.from('INVAL/D\0'))] : [];
  const data = m.name.endsWith('+') ? Buffer.from(m.name.slice(0, -1)) : Buffer.from(`${m.name}\0`);
  return [meta(key), cmp(op(m.invert), data)];
}

/** add_addr(): load only the whole bytes a CIDR mask covers; mask the rest with a bitwise. */
function addrExprs(a: AddrMatch, offset: number): Expr[] {
  let whole = 0;
  while (whole < 4 && a.mask[whole] === 0xff) whole++;
  const rest = a.mask.subarray(whole).some((b) => b !== 0);
  if (rest) return [payload(NH, offset, 4), bitwise(Buffer.from(a.mask)), cmp(op(a.invert), Buffer.from(a.addr))];
  return [payload(NH, offset, whole), cmp(op(a.invert), Buffer.from(a.addr.subarray(0, whole)))];
}

/** add_nft_tcpudp(): ports as payload loads at transport offsets 0 and 2. */
function portExprs(spec: RuleSpec): Expr[] {
  const { sport, dport } = spec;
  if (sport && dport && !sport.invert && !dport.invert && sport.port && dport.port) {
    const both = Buffer.alloc(4);
    both.writeUInt16BE(sport.port, 0);
    both.writeUInt16BE(dport.port, 2);
    return [payload(TH, 0, 4), cmp(NFT_CMP_EQ, both)];
  }
  const out: Expr[] = [];
  if (sport) out.push(payload(TH, 0, 2), cmp(op(sport.invert), u16be(sport.port)));
  if (dport) out.push(payload(TH, 2, 2), cmp(op(dport.invert), u16be(dport.port)));
  return out;
}

/** The expressions iptables-nft builds for `spec`, in its order. */
export function ruleToExprs(spec: RuleSpec): Expr[] {
  const out: Expr[] = [];
  if (spec.inIface) out.push(...ifaceExprs(spec.inIface, NFT_META.NFT_META_IIFNAME));
  if (spec.outIface) out.push(...ifaceExprs(spec.outIface, NFT_META.NFT_META_OIFNAME));
  if (spec.protocol && spec.protocol.proto !== 0) {
    out.push(meta(NFT_META.NFT_META_L4PROTO), cmp(op(spec.protocol.invert), Buffer.from([spec.protocol.proto])));
  }
  if (spec.source) out.push(...addrExprs(spec.source, IPHDR_SADDR));
  if (spec.destination) out.push(...addrExprs(spec.destination, IPHDR_DADDR));
  out.push(...portExprs(spec));
  out.push(counter());
  if (spec.target) out.push(verdict(VERDICTS[spec.target]));
  return out;
}

/** NFTA_RULE_COMPAT: the -p protocol and whether it is inverted (add_compat()). */
export function ruleCompat(spec: RuleSpec): Attrs {
  return {
    NFTA_RULE_COMPAT_PROTO: spec.protocol?.proto ?? 0,
    NFTA_RULE_COMPAT_FLAGS: spec.protocol?.invert ? NFT_RULE_COMPAT_F_INV : 0,
  };
}

/** A rule read back: its options, or why it has none, and its counter. */
export interface ParsedRule {
  /** undefined when an expression has no iptables equivalent */
  spec?: RuleSpec;
  /** what has no iptables equivalent: "lookup", "cmp gt on tcp dport", ... */
  unsupported?: string;
  packets: bigint;
  bytes: bigint;
}

type Load =
  | { kind: 'meta'; key: number }
  | { kind: 'payload'; base: number; offset: number; len: number; mask?: Buffer };

const data = (d: unknown): Buffer | undefined => {
  const v = (d as Attrs | undefined)?.NFTA_DATA_VALUE;
  return Buffer.isBuffer(v) ? v : undefined;
};

/** Interface name from a cmp's data: "br0\0" and "br0\0\0..." -> br0; "veth" (no NUL) -> veth+. */
function ifaceFromData(b: Buffer, invert: boolean): IfaceMatch {
  const nul = b.indexOf(0);
  if (nul < 0) return { name: `${b.toString('latin1')}+`, invert };
  const name = b.toString('latin1', 0, nul);
  return name === 'INVAL/D' && !invert ? { name: '+', invert: true } : { name, invert };
}

function addrFromLoad(l: Extract<Load, { kind: 'payload' }>, value: Buffer, invert: boolean): AddrMatch | undefined {
  if (value.length !== l.len || l.len < 1 || l.len > 4 || (l.mask && l.len !== 4)) return undefined;
  const addr = Buffer.alloc(4);
  value.copy(addr);
  return { addr, mask: l.mask ? Buffer.from(l.mask) : prefixMask(l.len * 8), invert };
}

/**
 * Read a rule's expressions back into iptables options, as iptables-nft's
 * nft_rule_to_iptables_command_state() does: a load names what the next cmp
 * compares. Rules made by nft read back too when iptables could say them.
 */
export function exprsToRule(exprs: readonly Expr[]): ParsedRule {
  const spec: RuleSpec = {};
  let load: Load | undefined;
  let packets = 0n;
  let bytes = 0n;
  const unsupported = (why: string): ParsedRule => ({ unsupported: why, packets, bytes });
  for (const e of exprs) {
    const d = (Buffer.isBuffer(e.NFTA_EXPR_DATA) ? undefined : e.NFTA_EXPR_DATA) ?? {};
    if (spec.target) return unsupported(`${e.NFTA_EXPR_NAME} after the verdict`);
    switch (e.NFTA_EXPR_NAME) {
      case 'meta':
        if (d.NFTA_META_SREG !== undefined) return unsupported('meta set');
        load = { kind: 'meta', key: Number(d.NFTA_META_KEY) };
        break;
      case 'payload':
        load = { kind: 'payload', base: Number(d.NFTA_PAYLOAD_BASE), offset: Number(d.NFTA_PAYLOAD_OFFSET), len: Number(d.NFTA_PAYLOAD_LEN) };
        break;
      case 'bitwise': {
        const mask = data(d.NFTA_BITWISE_MASK);
        const xor = data(d.NFTA_BITWISE_XOR);
        if (load?.kind !== 'payload' || !mask || !xor || xor.some((b) => b !== 0)) return unsupported('bitwise');
        load.mask = mask;
        break;
      }
      case 'cmp': {
        const value = data(d.NFTA_CMP_DATA);
        const cop = Number(d.NFTA_CMP_OP);
        if (!load || !value || (cop !== NFT_CMP_EQ && cop !== NFT_CMP_NEQ)) return unsupported(`cmp ${cop}`);
        const invert = cop === NFT_CMP_NEQ;
        const got = applyCmp(spec, load, value, invert);
        if (got) return unsupported(got);
        load = undefined;
        break;
      }
      case 'counter':
        packets = BigInt(d.NFTA_COUNTER_PACKETS as bigint ?? 0n);
        bytes = BigInt(d.NFTA_COUNTER_BYTES as bigint ?? 0n);
        break;
      case 'immediate': {
        const v = (d.NFTA_IMMEDIATE_DATA as Attrs | undefined)?.NFTA_DATA_VERDICT as Attrs | undefined;
        const code = v?.NFTA_VERDICT_CODE;
        const target = (Object.keys(VERDICTS) as Target[]).find((t) => VERDICTS[t] === code);
        if (!target || v?.NFTA_VERDICT_CHAIN !== undefined) return unsupported('immediate');
        spec.target = target;
        break;
      }
      default:
        return unsupported(e.NFTA_EXPR_NAME);
    }
  }
  return { spec, packets, bytes };
}

/** Fold one comparison into `spec`; returns what it could not express, if anything. */
function applyCmp(spec: RuleSpec, load: Load, value: Buffer, invert: boolean): string | undefined {
  if (load.kind === 'meta') {
    switch (load.key) {
      case NFT_META.NFT_META_IIFNAME: spec.inIface = ifaceFromData(value, invert); return undefined;
      case NFT_META.NFT_META_OIFNAME: spec.outIface = ifaceFromData(value, invert); return undefined;
      case NFT_META.NFT_META_L4PROTO:
        if (value.length !== 1) return 'meta l4proto';
        spec.protocol = { proto: value[0]!, invert };
        return undefined;
      default: return `meta key ${load.key}`;
    }
  }
  if (load.base === NH && !load.mask && load.offset === IPHDR_PROTOCOL && load.len === 1) {
    spec.protocol = { proto: value[0]!, invert };
    return undefined;
  }
  if (load.base === NH && (load.offset === IPHDR_SADDR || load.offset === IPHDR_DADDR)) {
    const a = addrFromLoad(load, value, invert);
    if (!a) return 'address';
    if (load.offset === IPHDR_SADDR) spec.source = a;
    else spec.destination = a;
    return undefined;
  }
  const l4 = spec.protocol && !spec.protocol.invert && (spec.protocol.proto === IPPROTO_TCP || spec.protocol.proto === IPPROTO_UDP);
  if (load.base === TH && l4 && !load.mask) {
    if (load.offset === 0 && load.len === 4 && !invert) {
      spec.sport = { port: value.readUInt16BE(0), invert: false };
      spec.dport = { port: value.readUInt16BE(2), invert: false };
      return undefined;
    }
    if ((load.offset === 0 || load.offset === 2) && load.len === 2) {
      spec[load.offset === 0 ? 'sport' : 'dport'] = { port: value.readUInt16BE(0), invert };
      return undefined;
    }
  }
  return `payload base ${load.base} offset ${load.offset} len ${load.len}`;
}

/** Two rules' expressions equal, counters' values aside: iptables -D's match. */
export function sameExprs(a: readonly Expr[], b: readonly Expr[]): boolean {
  return canonical(a) === canonical(b);
}

/** A stable text of expressions: keys sorted, bytes as hex, counter values dropped. */
function canonical(exprs: readonly Expr[]): string {
  const walk = (v: unknown): unknown => {
    if (Buffer.isBuffer(v)) return v.toString('hex');
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, walk((v as Attrs)[k])]));
    return v;
  };
  return JSON.stringify(exprs.map((e) => walk(e.NFTA_EXPR_NAME === 'counter' ? { NFTA_EXPR_NAME: 'counter' } : e)));
}
