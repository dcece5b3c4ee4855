// The decoder fuzzer's engine, shared by scripts/fuzz.ts (a million cases and
// more, on every core) and test/unit/fuzz.test.ts (a few thousand, in the
// suite). Pure: no I/O, no FFI (it must run in worker threads, where loading
// ffi-rs first would crash the process on exit: shared/NOTES.md).
//
// Every case is a function of (seed, index) alone: the same pair always
// gives the same bytes, so a failure is reproduced with
//
//   npx tsx scripts/fuzz.ts --seed SEED --case INDEX --verbose
//
// A case takes one captured datagram (test/fixtures/**: rtnetlink link,
// address, route, neighbour, nsid, rule, netconf and nexthop messages,
// nf_tables messages, kernel errors) or a synthetic one, and applies one to four mutations: truncation,
// nla_len / nlmsg_len set to 0, 1, 3 or too long, bits flipped, attributes
// resized (wrong struct sizes), spliced in from other fixtures, duplicated,
// deleted, retyped, nested thousands of levels deep, family headers
// shortened or grown, message types changed, datagrams concatenated, or
// plain random bytes.
//
// The oracle (checkCase): everything a datagram goes through on its way in
// either returns or throws DecodeError, and nothing else:
//   - splitMessages, then per message decodeError, decodeDone, and decodeBody
//     with the family of its type (and with one other family, chosen at
//     random: a body read with the wrong struct);
//   - traceDatagram, which must return text whose "!!" notes are its own or
//     a DecodeError's, never a RangeError/TypeError it swallowed;
//   - re-encoding what decoded (encodeBody), which must not throw.
// A RangeError from a Buffer read, a TypeError, a stack overflow on deep
// nesting, or a hang, is a defect.

import { NLMSG_DONE, NLMSG_ERROR, NLA_F_NESTED, NLA_F_NET_BYTEORDER } from '../src/netlink/constants.js';
import { DecodeError } from '../src/netlink/errors.js';
import { Writer, nlaAlign } from '../src/netlink/nlattr.js';
import { decodeDone, decodeError, splitMessages } from '../src/netlink/nlmsghdr.js';
import { decodeBody, encodeBody, type MessageFamily } from '../src/netlink/schema.js';
import { traceDatagram, type TraceProtocol } from '../src/netlink/trace.js';
import { address, link, neigh, netconf, nexthop, nsid, route, rtnlFamily, rule as fibRule } from '../src/netlink/rtnl/index.js';
import { RTM, rtmName } from '../src/netlink/rtnl/constants.js';
import { nfnlName } from '../src/netlink/nftables/constants.js';
import { batch, nftFamily } from '../src/netlink/nftables/protocol.js';
import { table } from '../src/netlink/nftables/table.js';
import { chain } from '../src/netlink/nftables/chain.js';
import { rule } from '../src/netlink/nftables/rule.js';
import { gen } from '../src/netlink/nftables/gen.js';
import { linkFixtures } from '../test/fixtures/rtnl/link.js';
import { addressFixtures } from '../test/fixtures/rtnl/address.js';
import { routeFixtures } from '../test/fixtures/rtnl/route.js';
import { neighFixtures } from '../test/fixtures/rtnl/neigh.js';
import { nsidFixtures } from '../test/fixtures/rtnl/nsid.js';
import { ruleFixtures } from '../test/fixtures/rtnl/rule.js';
import { netconfFixtures } from '../test/fixtures/rtnl/netconf.js';
import { nexthopFixtures } from '../test/fixtures/rtnl/nexthop.js';
import * as errorFixtures from '../test/fixtures/netlink/errors.js';
import * as nftFixtures from '../test/fixtures/nftables/nft.js';
import * as iptFixtures from '../test/fixtures/nftables/iptables.js';
import { chains as listedChains, rules as listedRules } from '../test/fixtures/nftables/listing.js';

/* ---------------------------------------------------------------- PRNG -- */

/** A 32-bit mix (splitmix32's finaliser). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** sfc32: small, fast, good enough for fuzzing, and the same on every run. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, index: number) {
    this.a = mix32(seed);
    this.b = mix32(index ^ 0x5bd1e995);
    this.c = mix32(this.a ^ this.b);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }
  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 0x100000000) * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.next() & 0xff;
    return b;
  }
}

/* -------------------------------------------------------------- corpus -- */

export type ProtoName = 'rtnl' | 'nft';

export interface Seed {
  name: string;
  proto: ProtoName;
  bytes: Buffer;
}

export const PROTOCOLS: Record<ProtoName, TraceProtocol> = {
  rtnl: { typeName: rtmName, family: rtnlFamily },
  nft: { typeName: nfnlName, family: nftFamily },
};

/** Every message family tsip decodes: a body is also read with a wrong one. */
export const ALL_FAMILIES: readonly MessageFamily[] = [link, address, route, neigh, nsid, fibRule, netconf, nexthop, batch, table, chain, rule, gen];

const hexOf = (o: unknown): string | undefined =>
  o && typeof o === 'object' && typeof (o as { hex?: unknown }).hex === 'string' ? (o as { hex: string }).hex : undefined;

/** A header and attributes, for the synthetic seeds. */
function attr(type: number, payload: Buffer): Buffer {
  const n = 4 + payload.length;
  const b = Buffer.alloc(nlaAlign(n));
  b.writeUInt16LE(n, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}
function message(type: number, flags: number, body: Buffer, seq = 1, pid = 0): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + body.length, 0);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(flags, 6);
  h.writeUInt32LE(seq, 8);
  h.writeUInt32LE(pid, 12);
  return Buffer.concat([h, body, Buffer.alloc(nlaAlign(body.length) - body.length)]);
}
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n, 0);
  return b;
};
const cstr = (s: string) => Buffer.from(`${s}\0`);

/**
 * `levels` copies of a `prefix`-byte header before `leaf`, built in one
 * buffer (wrapping one level at a time would copy the whole nest each time:
 * quadratic). `write(b, at, inner)` fills the level's header at `at`,
 * `inner` being the length of what it wraps. Stops short of 64 KiB.
 */
function nest(levels: number, prefix: number, leaf: Buffer, write: (b: Buffer, at: number, inner: number) => void): Buffer {
  const depth = Math.max(0, Math.min(levels, Math.floor((0xffff - leaf.length) / prefix)));
  const b = Buffer.alloc(depth * prefix + leaf.length);
  leaf.copy(b, depth * prefix);
  for (let i = depth - 1; i >= 0; i--) write(b, i * prefix, b.length - (i + 1) * prefix);
  return b;
}

/** A link message whose IFLA_LINKINFO nests a veth peer `depth` times (VETH_INFO_PEER holds a link message). */
export function deepVeth(depth: number, leaf: Buffer = attr(3, cstr('deep0'))): Buffer {
  // [IFLA_LINKINFO [IFLA_INFO_KIND "veth"] [IFLA_INFO_DATA [VETH_INFO_PEER ifinfomsg ...]]]: 40 bytes a level
  const inner = nest(depth, 40, leaf, (b, at, n) => {
    b.writeUInt16LE(40 + n, at); b.writeUInt16LE(18, at + 2);
    b.writeUInt16LE(9, at + 4); b.writeUInt16LE(1, at + 6); b.write('veth', at + 8);
    b.writeUInt16LE(24 + n, at + 16); b.writeUInt16LE(2, at + 18);
    b.writeUInt16LE(20 + n, at + 20); b.writeUInt16LE(1, at + 22);
  });
  return message(RTM.RTM_NEWLINK, 0, Buffer.concat([Buffer.alloc(16), inner]));
}

/** A route message whose RTA_MULTIPATH holds a nexthop holding RTA_MULTIPATH, `depth` times. */
export function deepMultipath(depth: number, leaf: Buffer = attr(5, Buffer.from([10, 0, 0, 1]))): Buffer {
  // [RTA_MULTIPATH rtnexthop{len, flags, hops, ifindex 1} ...]: 12 bytes a level
  const inner = nest(depth, 12, leaf, (b, at, n) => {
    b.writeUInt16LE(12 + n, at); b.writeUInt16LE(9, at + 2);
    b.writeUInt16LE(8 + n, at + 4); b.writeInt32LE(1, at + 8);
  });
  return message(RTM.RTM_NEWROUTE, 0, Buffer.concat([Buffer.from([2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]), inner]));
}

let corpusCache: Seed[] | undefined;

/** The seeds: every captured fixture, and a few synthetic datagrams. */
export function corpus(): Seed[] {
  if (corpusCache) return corpusCache;
  const out: Seed[] = [];
  const add = (name: string, proto: ProtoName, hex: string) => out.push({ name, proto, bytes: Buffer.from(hex, 'hex') });
  for (const [set, fixtures] of [
    ['link', linkFixtures], ['address', addressFixtures], ['route', routeFixtures], ['neigh', neighFixtures], ['nsid', nsidFixtures],
    ['rule', ruleFixtures], ['netconf', netconfFixtures], ['nexthop', nexthopFixtures],
  ] as const) {
    for (const f of fixtures) add(`rtnl/${set}: ${f.name}`, 'rtnl', f.hex);
  }
  for (const [k, v] of Object.entries(errorFixtures)) if (hexOf(v)) add(`netlink/errors: ${k}`, 'rtnl', hexOf(v)!);
  for (const [k, v] of Object.entries(nftFixtures)) if (hexOf(v)) add(`nftables/nft: ${k}`, 'nft', hexOf(v)!);
  for (const [k, v] of Object.entries(iptFixtures)) if (hexOf(v)) add(`nftables/iptables: ${k}`, 'nft', hexOf(v)!);
  iptFixtures.iptablesRules.forEach((r, i) => add(`nftables/iptables: rule ${i} (${r.args.join(' ')})`, 'nft', r.hex));
  listedChains.forEach((h, i) => add(`nftables/listing: chain ${i}`, 'nft', h));
  listedRules.forEach((h, i) => add(`nftables/listing: rule ${i}`, 'nft', h));
  // Datagrams of several messages, as dumps arrive.
  out.push({ name: 'nftables/listing: all chains, one datagram', proto: 'nft', bytes: Buffer.concat(listedChains.map((h) => Buffer.from(h, 'hex'))) });
  for (const [set, fixtures] of [['route', routeFixtures], ['rule', ruleFixtures], ['nexthop', nexthopFixtures]] as const) {
    out.push({ name: `rtnl/${set}: every dump reply, one datagram`, proto: 'rtnl', bytes: Buffer.concat(fixtures.filter((f) => /dump reply/.test(f.name)).map((f) => Buffer.from(f.hex, 'hex'))) });
  }
  // Synthetic answers: NLMSG_DONE carrying an error and an extended ack; an
  // NLMSG_ERROR with every NLMSGERR_ATTR_*; deep but legitimate nests.
  const ackTlvs = Buffer.concat([attr(1, cstr('Invalid prefix for given prefix length')), attr(2, i32(32)), attr(3, Buffer.from('0102030405060708', 'hex')), attr(5, i32(3))]);
  out.push({ name: 'synthetic: NLMSG_DONE -EINVAL with an extended ack', proto: 'rtnl', bytes: message(NLMSG_DONE, 0x2 | 0x200, Buffer.concat([i32(-22), ackTlvs])) });
  const echoed = message(RTM.RTM_NEWADDR, 0x605, Buffer.alloc(8));
  out.push({ name: 'synthetic: NLMSG_ERROR -EINVAL, request echoed, every NLMSGERR_ATTR', proto: 'rtnl', bytes: message(NLMSG_ERROR, 0x200, Buffer.concat([i32(-22), echoed, ackTlvs])) });
  out.push({ name: 'synthetic: veth peer nested 3 deep', proto: 'rtnl', bytes: deepVeth(3) });
  out.push({ name: 'synthetic: multipath nested 3 deep', proto: 'rtnl', bytes: deepMultipath(3) });
  corpusCache = out;
  return out;
}

/* ----------------------------------------------------------- structure -- */

/** A length-prefixed region found in a datagram: a message or an attribute. */
interface Node {
  kind: 'msg' | 'nla';
  off: number;
  len: number;
  /** where its payload starts (attributes: off + 4) */
  body: number;
  parent: Node | undefined;
  children: Node[];
}

/** Attributes that fill buf[start, end) exactly (to the padding), or undefined. */
function cleanAttrs(buf: Buffer, start: number, end: number, parent: Node, depth: number): Node[] | undefined {
  const out: Node[] = [];
  let off = start;
  while (off + 4 <= end) {
    const len = buf.readUInt16LE(off);
    if (len < 4 || off + len > end) return undefined;
    out.push({ kind: 'nla', off, len, body: off + 4, parent, children: [] });
    off += nlaAlign(len);
  }
  if (off < end - 3) return undefined;
  if (depth < 12) {
    for (const n of out) {
      if (n.len < 8) continue;
      // a nest, or a message (ifinfomsg) followed by a nest (VETH_INFO_PEER)
      n.children = cleanAttrs(buf, n.body, n.off + n.len, n, depth + 1) ?? cleanAttrs(buf, n.body + 16, n.off + n.len, n, depth + 1) ?? [];
    }
  }
  return out;
}

/** Every message and attribute the bytes appear to hold (best effort: mutations need places). */
function scan(buf: Buffer, proto: ProtoName): Node[] {
  const all: Node[] = [];
  const walk = (n: Node) => {
    all.push(n);
    n.children.forEach(walk);
  };
  let off = 0;
  while (off + 16 <= buf.length) {
    const len = buf.readUInt32LE(off);
    if (len < 16 || off + len > buf.length) break;
    const type = buf.readUInt16LE(off + 4);
    const msg: Node = { kind: 'msg', off, len, body: off + 16, parent: undefined, children: [] };
    const fam = type === NLMSG_ERROR || type === NLMSG_DONE ? undefined : PROTOCOLS[proto].family(type);
    const hsize = fam ? nlaAlign(fam.header.size) : 4;
    msg.children = cleanAttrs(buf, off + 16 + hsize, off + len, msg, 0) ?? [];
    walk(msg);
    off += nlaAlign(len);
  }
  return all;
}

const setLen = (buf: Buffer, n: Node, len: number) => {
  if (n.kind === 'msg') buf.writeUInt32LE(len >>> 0, n.off);
  else buf.writeUInt16LE(len & 0xffff, n.off);
};

/** Replace buf[from, to) by `ins`, and fix the lengths of `n` and every node above it. */
function splice(buf: Buffer, from: number, to: number, ins: Buffer, n: Node | undefined): Buffer {
  const out = Buffer.concat([buf.subarray(0, from), ins, buf.subarray(to)]);
  const delta = ins.length - (to - from);
  for (let a = n; a; a = a.parent) setLen(out, a, a.len + delta);
  return out;
}

/* ----------------------------------------------------------- mutations -- */

type Mutator = (rng: Rng, buf: Buffer, proto: ProtoName) => Buffer;

const INTERESTING16 = [0, 1, 2, 3, 4, 5, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffc, 0xfffe, 0xffff];
const INTERESTING32 = [0, 1, 3, 4, 15, 16, 17, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

const nodesOf = (buf: Buffer, proto: ProtoName, kind?: 'msg' | 'nla') => scan(buf, proto).filter((n) => !kind || n.kind === kind);

/** A donor attribute (its aligned bytes) from any seed. */
const donorNodes = new Map<Seed, Node[]>();
function donorAttr(rng: Rng): Buffer | undefined {
  const s = rng.pick(corpus());
  let nodes = donorNodes.get(s);
  if (!nodes) donorNodes.set(s, (nodes = nodesOf(s.bytes, s.proto, 'nla')));
  if (!nodes.length) return undefined;
  const d = rng.pick(nodes);
  return Buffer.from(s.bytes.subarray(d.off, Math.min(s.bytes.length, d.off + nlaAlign(d.len))));
}

export const MUTATORS: Record<string, Mutator> = {
  /** cut the datagram short; nlmsg_len still says the old length */
  truncateDatagram(rng, buf) {
    return buf.subarray(0, rng.int(buf.length));
  },
  /** cut a message short and make nlmsg_len agree: attributes overrun what is left */
  truncateMessage(rng, buf, proto) {
    const ms = nodesOf(buf, proto, 'msg');
    if (!ms.length) return buf;
    const m = rng.pick(ms);
    const cut = m.off + rng.range(16, m.len);
    const out = Buffer.concat([buf.subarray(0, cut), buf.subarray(m.off + nlaAlign(m.len))]);
    out.writeUInt32LE(cut - m.off, m.off);
    return out;
  },
  /** nla_len of 0, 1, 3, 4, one too short or long, far too long, or random */
  nlaLen(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    const left = buf.length - n.off;
    const v = rng.pick([0, 1, 2, 3, 4, 5, n.len - 1, n.len + 1, n.len + 4, left, left + 1, 0xffff, rng.int(0x10000)]);
    const out = Buffer.from(buf);
    out.writeUInt16LE(Math.max(0, Math.min(0xffff, v)), n.off);
    return out;
  },
  /** nlmsg_len of 0, 15, 16, 17, one off, or huge */
  nlmsgLen(rng, buf, proto) {
    const ms = nodesOf(buf, proto, 'msg');
    if (!ms.length) return buf;
    const m = rng.pick(ms);
    const out = Buffer.from(buf);
    out.writeUInt32LE(rng.pick([0, 1, 15, 16, 17, 19, 20, m.len - 1, m.len + 1, m.len + 4, buf.length - m.off + 1, 0xffffffff, rng.next()]) >>> 0, m.off);
    return out;
  },
  flipBits(rng, buf) {
    if (!buf.length) return buf;
    const out = Buffer.from(buf);
    for (let i = rng.range(1, 8); i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  },
  /** an interesting u8/u16/u32 written at a random offset */
  interesting(rng, buf) {
    if (buf.length < 4) return buf;
    const out = Buffer.from(buf);
    const at = rng.int(out.length - 3);
    switch (rng.int(3)) {
      case 0: out[at] = rng.pick([0, 1, 0x7f, 0x80, 0xff]); break;
      case 1: out.writeUInt16LE(rng.pick(INTERESTING16), at); break;
      default: out.writeUInt32LE(rng.pick(INTERESTING32) >>> 0, at); break;
    }
    return out;
  },
  /** grow or shrink an attribute's payload (a struct of the wrong size, a 5-byte address), lengths fixed up */
  resizePayload(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    const plen = n.len - 4;
    if (rng.chance(0.5) && plen > 0) {
      const k = rng.range(1, Math.min(plen, rng.pick([1, 2, 3, 4, 8, 64])));
      const at = n.body + rng.int(plen - k + 1);
      return splice(buf, at, at + k, Buffer.alloc(0), n);
    }
    const k = rng.pick([1, 2, 3, 4, 8, 16, 100]);
    const at = n.body + rng.int(plen + 1);
    return splice(buf, at, at, rng.chance(0.5) ? Buffer.alloc(k) : rng.bytes(k), n);
  },
  /** the family header (ifinfomsg, rtmsg, nfgenmsg...) shortened or grown: every attribute misplaced */
  resizeHeader(rng, buf, proto) {
    const ms = nodesOf(buf, proto, 'msg');
    if (!ms.length) return buf;
    const m = rng.pick(ms);
    const k = rng.range(1, 12);
    if (rng.chance(0.5)) return splice(buf, m.body, Math.min(m.body + k, m.off + m.len), Buffer.alloc(0), m);
    return splice(buf, m.body, m.body, Buffer.alloc(k), m);
  },
  /** an attribute of another fixture inserted, at any depth */
  spliceAttr(rng, buf, proto) {
    const d = donorAttr(rng);
    const ns = nodesOf(buf, proto);
    if (!d || !ns.length) return buf;
    const n = rng.pick(ns);
    if (n.kind === 'msg' || rng.chance(0.3)) {
      // inside n: at the start of its attributes, or at its end
      const at = rng.chance(0.5) ? n.off + nlaAlign(n.len) : n.children[0]?.off ?? n.off + nlaAlign(n.len);
      return splice(buf, Math.min(at, buf.length), Math.min(at, buf.length), d, n);
    }
    const at = rng.chance(0.5) ? n.off : Math.min(buf.length, n.off + nlaAlign(n.len));
    return splice(buf, at, at, d, n.parent);
  },
  /** an attribute replaced by one of another fixture */
  replaceAttr(rng, buf, proto) {
    const d = donorAttr(rng);
    const ns = nodesOf(buf, proto, 'nla');
    if (!d || !ns.length) return buf;
    const n = rng.pick(ns);
    return splice(buf, n.off, Math.min(buf.length, n.off + nlaAlign(n.len)), d, n.parent);
  },
  duplicateAttr(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    const end = Math.min(buf.length, n.off + nlaAlign(n.len));
    return splice(buf, end, end, Buffer.from(buf.subarray(n.off, end)), n.parent);
  },
  deleteAttr(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    return splice(buf, n.off, Math.min(buf.length, n.off + nlaAlign(n.len)), Buffer.alloc(0), n.parent);
  },
  /** two sibling attributes swapped: a kind after its data, a nest before its selector */
  swapAttrs(rng, buf, proto) {
    const ns = nodesOf(buf, proto).filter((n) => n.children.length >= 2);
    if (!ns.length) return buf;
    const p = rng.pick(ns);
    const i = rng.int(p.children.length - 1);
    const a = p.children[i]!;
    const b = p.children[i + 1]!;
    const aEnd = a.off + nlaAlign(a.len);
    const bEnd = Math.min(buf.length, b.off + nlaAlign(b.len));
    if (aEnd > b.off) return buf;
    return Buffer.concat([buf.subarray(0, a.off), buf.subarray(b.off, bEnd), buf.subarray(aEnd, b.off), buf.subarray(a.off, aEnd), buf.subarray(bEnd)]);
  },
  /** another type, or NLA_F_NESTED / NLA_F_NET_BYTEORDER toggled */
  retype(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    const out = Buffer.from(buf);
    const t = out.readUInt16LE(n.off + 2);
    out.writeUInt16LE(rng.chance(0.3) ? t ^ rng.pick([NLA_F_NESTED, NLA_F_NET_BYTEORDER]) : (t & 0xc000) | rng.range(0, 72), n.off + 2);
    return out;
  },
  /** an attribute wrapped in copies of its own header, 1 to thousands of levels deep */
  deepNest(rng, buf, proto) {
    const ns = nodesOf(buf, proto, 'nla');
    if (!ns.length) return buf;
    const n = rng.pick(ns);
    const end = Math.min(buf.length, n.off + nlaAlign(n.len));
    const type = buf.readUInt16LE(n.off + 2);
    const levels = rng.chance(0.5) ? rng.range(1, 8) : rng.range(100, 20000);
    const inner = nest(levels, 4, buf.subarray(n.off, end), (b, at, len) => {
      b.writeUInt16LE(4 + len, at);
      b.writeUInt16LE(type, at + 2);
    });
    return splice(buf, n.off, end, inner, n.parent);
  },
  /** the recursive sets: a veth peer in a veth peer, a nexthop in a nexthop, up to the nla_len limit */
  deepRecursive(rng, _buf, _proto) {
    const depth = rng.chance(0.5) ? rng.range(1, 40) : rng.range(1000, 6000);
    return rng.chance(0.5) ? deepVeth(depth) : deepMultipath(depth);
  },
  /** another message type: a body read with another family's struct, or as an error/done */
  retypeMessage(rng, buf, proto) {
    const ms = nodesOf(buf, proto, 'msg');
    if (!ms.length) return buf;
    const m = rng.pick(ms);
    const out = Buffer.from(buf);
    const types = [1, 2, 3, 4, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 28, 29, 30, 32, 33, 34, 80, 82, 88, 89, 90, 104, 106, 116, 118, 0x10, 0x11, 0xa00, 0xa01, 0xa02, 0xa03, 0xa04, 0xa06, 0xa07, 0xa08, 0xa10, rng.int(0x10000)];
    out.writeUInt16LE(rng.pick(types), m.off + 4);
    if (rng.chance(0.3)) out.writeUInt16LE(rng.next() & 0xffff, m.off + 6); // flags: CAPPED, ACK_TLVS, DUMP_INTR...
    return out;
  },
  /** another datagram (or part of one) appended */
  concat(rng, buf) {
    const s = rng.pick(corpus());
    const tail = rng.chance(0.7) ? s.bytes : s.bytes.subarray(0, rng.int(s.bytes.length));
    return Buffer.concat([buf, rng.chance(0.2) ? Buffer.alloc(rng.int(4)) : Buffer.alloc(0), tail]);
  },
  /** a valid header over random bytes */
  randomBody(rng, _buf, proto) {
    const types = proto === 'rtnl' ? [2, 3, 16, 20, 24, 28, 32, 80, 88, 104, 116, 0x10] : [2, 3, 0x10, 0x11, 0xa00, 0xa03, 0xa06, 0xa10];
    return message(rng.pick(types), rng.next() & 0xffff, rng.bytes(rng.int(200)));
  },
  /** nothing but noise */
  randomBytes(rng) {
    return rng.bytes(rng.int(300));
  },
};

const WEIGHTS: Array<[string, number]> = [
  ['truncateDatagram', 4], ['truncateMessage', 6], ['nlaLen', 12], ['nlmsgLen', 4], ['flipBits', 12], ['interesting', 8],
  ['resizePayload', 10], ['resizeHeader', 4], ['spliceAttr', 8], ['replaceAttr', 6], ['duplicateAttr', 4], ['deleteAttr', 4],
  ['swapAttrs', 4], ['retype', 8], ['deepNest', 3], ['deepRecursive', 1], ['retypeMessage', 5], ['concat', 3],
  ['randomBody', 2], ['randomBytes', 1],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((s, [, w]) => s + w, 0);

function pickMutator(rng: Rng): string {
  let x = rng.int(TOTAL_WEIGHT);
  for (const [name, w] of WEIGHTS) {
    if (x < w) return name;
    x -= w;
  }
  return WEIGHTS[0]![0];
}

export interface Case {
  seed: number;
  index: number;
  /** the corpus entry it started from */
  from: string;
  proto: ProtoName;
  mutations: string[];
  bytes: Buffer;
  /** the wrong family its bodies are also read with */
  other: MessageFamily;
}

/** The case (seed, index): the same bytes on every run. */
export function makeCase(seed: number, index: number): Case {
  const rng = new Rng(seed, index);
  const seeds = corpus();
  const s = seeds[rng.int(seeds.length)]!;
  let bytes: Buffer = s.bytes;
  const mutations: string[] = [];
  const count = rng.chance(0.55) ? 1 : rng.chance(0.6) ? 2 : rng.range(3, 4);
  for (let i = 0; i < count; i++) {
    const name = pickMutator(rng);
    mutations.push(name);
    bytes = MUTATORS[name]!(rng, bytes, s.proto);
  }
  return { seed, index, from: s.name, proto: s.proto, mutations, bytes, other: rng.pick(ALL_FAMILIES) };
}

/* -------------------------------------------------------------- oracle -- */

export interface Failure {
  seed: number;
  index: number;
  from: string;
  mutations: string[];
  /** what broke: decode (splitMessages/decodeError/decodeDone/decodeBody), trace or reencode */
  stage: 'decode' | 'trace' | 'reencode';
  error: string;
  hex: string;
}

/** The trace's own "!!" notes; anything else after "!!" must be a DecodeError's message. */
const TRACE_NOTES = /^!! (nla_len overruns its container|\d+ bytes, struct needs \d+|cannot decode |nested deeper than \d+ levels)/;

const describe_ = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(e));

/** What the decoder made of the cases: bodies decoded, bodies and datagrams refused with DecodeError. */
export interface Outcomes {
  bodiesDecoded: number;
  bodiesRefused: number;
  /** splitMessages (or a message header) refused the datagram */
  datagramsRefused: number;
}
export const newOutcomes = (): Outcomes => ({ bodiesDecoded: 0, bodiesRefused: 0, datagramsRefused: 0 });

/**
 * The encoder may refuse what the decoder accepted, in its own words: a
 * TypeError naming the attribute's path ("nfgenmsg > NFTA_RULE_EXPRESSIONS >
 * ...: no attribute set to encode this object with"), or the Writer's
 * RangeError for an attribute past 64 KiB (text that was not UTF-8 decodes
 * to U+FFFD, three bytes each, and grows). A V8 TypeError ("Cannot read
 * properties of undefined") or a Buffer RangeError is a defect.
 */
export function isEncoderRefusal(e: unknown): boolean {
  if (e instanceof TypeError) return /^[\w-]+( > [\w\[\]-]+)*: /.test(e.message);
  if (e instanceof RangeError) return /nla_len holds at most 65535$/.test(e.message);
  return false;
}

/** Run one case through the decoder, the trace and the encoder. */
export function checkCase(c: Case, count: Outcomes = newOutcomes()): Failure | undefined {
  const fail = (stage: Failure['stage'], e: unknown): Failure => ({
    seed: c.seed, index: c.index, from: c.from, mutations: c.mutations, stage, error: describe_(e),
    hex: c.bytes.subarray(0, 4096).toString('hex'),
  });
  const proto = PROTOCOLS[c.proto];
  const decoded: Array<[MessageFamily, object]> = [];
  try {
    for (const m of splitMessages(c.bytes)) {
      const type = m.hdr.nlmsg_type;
      // The socket reads NLMSG_ERROR and NLMSG_DONE with these two; any
      // payload must do, so every message goes through both.
      try {
        decodeError(m);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
      decodeDone(m);
      for (const fam of [type === NLMSG_ERROR || type === NLMSG_DONE ? undefined : proto.family(type), c.other]) {
        if (!fam) continue;
        try {
          decoded.push([fam, decodeBody(fam, m.buf, m.start, m.end)]);
          count.bodiesDecoded++;
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
          count.bodiesRefused++;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) return fail('decode', e);
    count.datagramsRefused++;
  }
  try {
    const text = traceDatagram('reply', c.bytes, proto);
    for (const line of text.split('\n')) {
      const at = line.indexOf('!! ');
      if (at >= 0 && !TRACE_NOTES.test(line.slice(at))) return fail('trace', new Error(`trace swallowed: ${line.trim()}`));
    }
  } catch (e) {
    return fail('trace', e);
  }
  for (const [fam, body] of decoded) {
    try {
      encodeBody(fam, body, new Writer(256));
    } catch (e) {
      if (!isEncoderRefusal(e)) return fail('reencode', e);
    }
  }
  return undefined;
}

export interface RunStats {
  cases: number;
  failures: Failure[];
  outcomes: Outcomes;
  /** the slowest case */
  slowest: { index: number; ms: number };
  ms: number;
}

/** Run cases [from, to) of `seed` (every `step`-th, for workers), calling `progress` now and then. */
export function runRange(seed: number, from: number, to: number, step = 1, opts: { maxFailures?: number; progress?: (done: number) => void; beforeCase?: (index: number) => void } = {}): RunStats {
  const failures: Failure[] = [];
  const slowest = { index: -1, ms: 0 };
  const outcomes = newOutcomes();
  const t0 = performance.now();
  let cases = 0;
  for (let i = from; i < to; i += step) {
    opts.beforeCase?.(i);
    const t = performance.now();
    const f = checkCase(makeCase(seed, i), outcomes);
    const ms = performance.now() - t;
    if (ms > slowest.ms) Object.assign(slowest, { index: i, ms });
    cases++;
    if (f) {
      failures.push(f);
      if (failures.length >= (opts.maxFailures ?? 20)) break;
    }
    if ((cases & 1023) === 0) opts.progress?.(cases);
  }
  opts.progress?.(cases);
  return { cases, failures, outcomes, slowest, ms: performance.now() - t0 };
}
