// Templates for bulk requests: encode one item the general way, then make
// the items that differ from it only in their address by copying its bytes
// and writing the address in.
//
// A bulk add of 10,000 routes usually varies only the destination: the
// link, table, gateway, protocol ... are the same in every spec. The general
// path (checkRoute → routeMessage → the schema encoder) runs thousands of
// bytecodes per route, and a pipeline runs it mostly cold, in V8's
// interpreter, before the optimizing compiler has caught up (measured: the
// first 1,000 routes of a fresh process cost 20–40 µs each, the rest ~2 µs;
// bench/README.md). A copy plus an address parse is a few dozen.
//
// The bytes are the ones the general path writes, by construction:
// - a template is the general path's own output for its first spec;
// - another spec uses it only when it has the same keys with the same (===)
//   values except the address, whose parse (parseInetPrefix, the same
//   checks) gives the same family;
// - the address's bytes and prefix length are the only things written in,
//   at offsets read back from the template (the attribute is found and
//   checked there, else there is no template);
// - whatever else the address decides is compared too (an IPv4 route's
//   host bits must be clear; an address's default scope is host for
//   127.0.0.0/8), and any difference goes the general way.
// test/unit/bulk.test.ts compares both paths byte for byte.

import { AF_INET } from '../netlink/constants.js';
import { UsageError } from '../netlink/errors.js';
import { NLA_HDRLEN, type Writer } from '../netlink/nlattr.js';
import type { BatchRequest } from '../netlink/socket.js';
import { parseInetPrefix, type InetPrefix } from './validate.js';

/** A message made by the general path, with where its varying address lies. */
interface Template {
  /** the spec it was made from: others must match it but for `key` */
  spec: Record<string, unknown>;
  nkeys: number;
  family: number;
  /** the whole message: nlmsghdr (flags and seq written per request) + family header + attributes */
  msg: Buffer;
  /** offsets in `msg` of the address's payloads (RTA_DST; IFA_LOCAL and IFA_ADDRESS) */
  at: number[];
  /** offset in `msg` of the prefix length byte (rtm_dst_len, ifa_prefixlen) */
  lenAt: number;
  /** offset in `msg` of a byte the address also decides (ifa_scope), or -1 */
  scopeAt: number;
}

const NLMSG_HDRLEN = 16;

/** What a family needs of the template machinery. */
export interface TemplateRules<S> {
  /** the spec key holding the varying address: "dst", "address" */
  key: string;
  /** whether a spec may be templated at all (its other keys do not depend on the address) */
  eligible(spec: S): boolean;
  /**
   * Check `spec` the general way (throwing UsageError for a bad one) and
   * return what encodes it: the family header and attributes.
   */
  prepare(spec: S): (w: Writer) => void;
  /** the attribute types carrying the address, in the order they are encoded */
  attrTypes: readonly number[];
  /** size of the family header (rtmsg 12, ifaddrmsg 8) and the prefix length's offset in it */
  headerSize: number;
  lenOffset: number;
  /**
   * The offset of a header byte the address decides (scope), and its value
   * for a parsed address; `v4` gives it for an IPv4 address as a number.
   */
  derived?: { offset: number; value(p: InetPrefix): number; v4(addr: number): number };
  /** extra check of a parsed address (throw UsageError as the general path would), e.g. host bits */
  check?(p: InetPrefix, text: string): void;
}

/**
 * Makes the requests of one message type from specs, through a template
 * when it can. One per bulk call: templates hold resolved link indexes,
 * valid only for it.
 *
 * request() returns the same object for every templated spec (it is used
 * at once by NetlinkSocket.batchEach, then written over by the next call):
 * no allocation per item, which matters most while the code still runs
 * unoptimized.
 */
export class TemplateEncoder<S extends object> {
  private last?: Template;
  /** for tests and benchmarks: how many specs went each way */
  fast = 0;
  general = 0;
  // The templated request, and what its message() writes in.
  private cur?: Template;
  private curLen = 0;
  private curV4 = 0;
  private curBytes?: Buffer;
  private readonly fastRequest: BatchRequest;

  constructor(private readonly rules: TemplateRules<S>, private readonly type: number, private readonly flags: number) {
    this.fastRequest = { type, flags, message: (w, seq, fl) => this.write(w, seq, fl) };
  }

  /**
   * The request for `spec`: a copy of the template with the address written
   * in, or the general encoder (which then becomes the template). Throws
   * UsageError for a bad spec, as the general path does.
   */
  request(spec: S): BatchRequest {
    const t = this.last;
    if (t !== undefined && this.matches(t, spec)) {
      const text = (spec as Record<string, unknown>)[this.rules.key] as string;
      // An IPv4 prefix is scanned to a number and written byte by byte (a
      // Buffer per address costs ~1 µs cold); others go through parseInetPrefix.
      if (t.family === AF_INET) {
        const len = scanIPv4Prefix(text);
        if (len >= 0 && this.v4Fits(t, scanned, len, text)) {
          this.fast++;
          this.cur = t;
          this.curLen = len;
          this.curV4 = scanned;
          this.curBytes = undefined;
          return this.fastRequest;
        }
      } else {
        const p = this.parse(text, t);
        if (p !== undefined) {
          this.fast++;
          this.cur = t;
          this.curLen = p.prefixlen;
          this.curBytes = p.bytes;
          return this.fastRequest;
        }
      }
    }
    this.general++;
    const encode = this.rules.prepare(spec);
    if (!this.rules.eligible(spec)) return { type: this.type, flags: this.flags, body: encode };
    return {
      type: this.type, flags: this.flags,
      body: (w) => {
        const at = w.off;
        encode(w);
        this.last = this.learn(spec, w.buf.subarray(at, w.off));
      },
    };
  }

  /** The templated message, at the writer's offset. */
  private write(w: Writer, seq: number, flags: number): void {
    const t = this.cur!;
    const msg = t.msg;
    const at = w.off;
    w.ensure(msg.length);
    const b = w.buf;
    b.set(msg, at);
    w.off = at + msg.length;
    b[at + 6] = flags & 255; // nlmsg_flags, u16 little-endian
    b[at + 7] = flags >>> 8;
    b[at + 8] = seq & 255; // nlmsg_seq, u32 little-endian
    b[at + 9] = (seq >>> 8) & 255;
    b[at + 10] = (seq >>> 16) & 255;
    b[at + 11] = seq >>> 24;
    b[at + t.lenAt] = this.curLen;
    const bytes = this.curBytes;
    const v = this.curV4;
    for (const o of t.at) {
      if (bytes) {
        bytes.copy(b, at + o);
      } else {
        b[at + o] = v >>> 24;
        b[at + o + 1] = (v >>> 16) & 255;
        b[at + o + 2] = (v >>> 8) & 255;
        b[at + o + 3] = v & 255;
      }
    }
  }

  /** An IPv4 address scanned by scanIPv4Prefix(): the template's checks. */
  private v4Fits(t: Template, addr: number, len: number, text: string): boolean {
    const { check, derived } = this.rules;
    if (check === ipv4HostBitsClear) {
      const host = len >= 32 ? 0 : len === 0 ? 0xffffffff : 0xffffffff >>> len;
      if ((addr & host) !== 0) return false;
    } else if (check) {
      const bytes = Buffer.from([addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255]);
      const p: InetPrefix = { family: AF_INET, bytes, text, prefixlen: len, explicitLen: true };
      try {
        check(p, text);
      } catch (e) {
        if (e instanceof UsageError) return false;
        throw e;
      }
    }
    if (derived && derived.v4(addr) !== t.msg[t.scopeAt]) return false;
    return true;
  }

  /** Same keys, same values, but the address. */
  private matches(t: Template, spec: S): boolean {
    const s = spec as Record<string, unknown>;
    const key = this.rules.key;
    let n = 0;
    for (const k in s) {
      if (k !== key && s[k] !== t.spec[k]) return false;
      n++;
    }
    return n === t.nkeys && typeof s[key] === 'string';
  }

  /** The spec's address, when it fits the template; undefined sends it the general way. */
  private parse(text: string, t: Template): InetPrefix | undefined {
    let p: InetPrefix;
    try {
      p = parseInetPrefix(text);
    } catch {
      return undefined; // "default", a bad address: the general path says what
    }
    if (p.family !== t.family) return undefined;
    try {
      this.rules.check?.(p, text);
    } catch (e) {
      if (e instanceof UsageError) return undefined;
      throw e;
    }
    const d = this.rules.derived;
    if (d && d.value(p) !== t.msg[t.scopeAt]) return undefined;
    return p;
  }

  /** Make a template of an encoded body, if its address attributes are where expected. */
  private learn(spec: S, body: Buffer): Template | undefined {
    const s = spec as Record<string, unknown>;
    let p: InetPrefix;
    try {
      p = parseInetPrefix(s[this.rules.key] as string);
    } catch {
      return undefined;
    }
    const at: number[] = [];
    let off = (this.rules.headerSize + 3) & ~3;
    for (const type of this.rules.attrTypes) {
      if (off + NLA_HDRLEN > body.length) return undefined;
      const len = body.readUInt16LE(off);
      if (body.readUInt16LE(off + 2) !== type || len !== NLA_HDRLEN + p.bytes.length) return undefined;
      if (!body.subarray(off + NLA_HDRLEN, off + len).equals(p.bytes)) return undefined;
      at.push(NLMSG_HDRLEN + off + NLA_HDRLEN);
      off += (len + 3) & ~3;
    }
    if (body[this.rules.lenOffset] !== p.prefixlen || body.length % 4 !== 0) return undefined;
    let nkeys = 0;
    for (const _ in s) nkeys++;
    // nlmsghdr { len, type, flags (per request), seq (per request), pid 0 } + the body
    const msg = Buffer.alloc(NLMSG_HDRLEN + body.length);
    msg.writeUInt32LE(msg.length, 0);
    msg.writeUInt16LE(this.type, 4);
    body.copy(msg, NLMSG_HDRLEN);
    return {
      spec: { ...s }, nkeys, family: p.family, msg, at, lenAt: NLMSG_HDRLEN + this.rules.lenOffset,
      scopeAt: this.rules.derived ? NLMSG_HDRLEN + this.rules.derived.offset : -1,
    };
  }
}

/** The address scanIPv4Prefix() read last, as a 32-bit number. */
let scanned = 0;

/**
 * "a.b.c.d" or "a.b.c.d/len" as parseInetPrefix() accepts an IPv4 prefix
 * (four parts of one to three digits, each at most 255; a length of one to
 * three digits, at most 32): returns the prefix length (32 when absent) and
 * leaves the address in `scanned`; -1 for any other text.
 */
export function scanIPv4Prefix(s: string): number {
  const n = s.length;
  let part = 0, value = 0, digits = 0, addr = 0, i = 0;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      if (++digits > 3) return -1;
      value = value * 10 + (ch - 48);
      if (value > 255) return -1;
    } else if (ch === 46 /* . */ && part < 3 && digits > 0) {
      addr = addr * 256 + value;
      part++;
      value = 0;
      digits = 0;
    } else if (ch === 47 /* / */) {
      break;
    } else {
      return -1;
    }
  }
  if (part !== 3 || digits === 0) return -1;
  scanned = addr * 256 + value;
  if (i === n) return 32;
  let len = 0;
  digits = 0;
  for (i++; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57 || ++digits > 3) return -1;
    len = len * 10 + (ch - 48);
  }
  return digits > 0 && len <= 32 ? len : -1;
}

/** IPv4 routes refuse host bits past the prefix (route-spec.ts parseRouteDst). */
export function ipv4HostBitsClear(p: InetPrefix, text: string): void {
  if (p.family !== AF_INET) return;
  const v = p.bytes.readUInt32BE(0);
  const host = p.prefixlen >= 32 ? 0 : p.prefixlen === 0 ? 0xffffffff : 0xffffffff >>> p.prefixlen;
  if ((v & host) !== 0) throw new UsageError(`Error: Invalid prefix for given prefix length: "${text}".`);
}

/**
 * Links whose specs differ only in their names (1,000 "ifb" links d0 … d999
 * of one group; 200 veth pairs va<i>/vb<i>): the first one's message is
 * kept, and each next one is that message with its own IFLA_IFNAME, the
 * first attribute (addLinkBody puts it there), and for a veth its peer's,
 * in IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER (struct ifinfomsg,
 * then IFLA_IFNAME), the lengths of those three nests changed by as much
 * as the peer's name. The names are checked as the general path checks
 * them (checkIfname); the other keys must be the same values (===), and
 * `options` the same keys with the same values but for `peer`, and `peer`
 * the same but for its `name`.
 */
export class NameTemplateEncoder<S extends { name?: unknown }> {
  private last?: NameTemplate;
  private curName = '';
  private curPeer = '';
  private readonly fastRequest: BatchRequest;
  fast = 0;
  general = 0;

  constructor(private readonly prepare: (spec: S) => (w: Writer) => void, private readonly checkName: (name: string) => void,
    private readonly type: number, private readonly flags: number) {
    this.fastRequest = { type, flags, message: (w, seq, fl) => this.write(w, seq, fl) };
  }

  request(spec: S): BatchRequest {
    const t = this.last;
    const s = spec as Record<string, unknown>;
    if (t !== undefined && typeof s.name === 'string') {
      let n = 0;
      let same = true;
      for (const k in s) {
        if (k !== 'name' && s[k] !== t.spec[k] && !(k === 'options' && t.peer !== undefined)) {
          same = false;
          break;
        }
        n++;
      }
      const peer = t.peer === undefined ? '' : peerNameIfSame(t.spec.options, s.options);
      if (same && n === t.nkeys && peer !== undefined) {
        this.checkName(s.name); // throws UsageError as the general path would
        if (t.peer !== undefined) this.checkName(peer);
        this.fast++;
        this.curName = s.name;
        this.curPeer = peer;
        return this.fastRequest;
      }
    }
    this.general++;
    const encode = this.prepare(spec);
    return {
      type: this.type, flags: this.flags,
      body: (w) => {
        const at = w.off;
        encode(w);
        this.last = this.learn(spec, w.buf.subarray(at, w.off));
      },
    };
  }

  private write(w: Writer, seq: number, flags: number): void {
    const t = this.last!;
    const name = Buffer.from(`${this.curName}\0`, 'utf8');
    const peer = t.peer === undefined ? undefined : Buffer.from(`${this.curPeer}\0`, 'utf8');
    const padded = (NLA_HDRLEN + name.length + 3) & ~3;
    const peerPadded = peer === undefined ? 0 : (NLA_HDRLEN + peer.length + 3) & ~3;
    const len = t.head.length + padded + t.mid.length + peerPadded + (t.peer?.tail.length ?? 0);
    const at = w.off;
    w.ensure(len);
    const b = w.buf;
    b.set(t.head, at);
    b.writeUInt32LE(len, at);
    b.writeUInt16LE(flags, at + 6);
    b.writeUInt32LE(seq, at + 8);
    let o = nameAttr(b, at + t.head.length, name, padded);
    b.set(t.mid, o);
    if (t.peer !== undefined) {
      const grow = peerPadded - t.peer.padded;
      for (const nest of t.peer.nests) b.writeUInt16LE(b.readUInt16LE(o + nest) + grow, o + nest);
      o = nameAttr(b, o + t.mid.length, peer!, peerPadded);
      b.set(t.peer.tail, o);
    }
    w.off = at + len;
  }

  /**
   * The message split around its names: after struct ifinfomsg its first
   * attribute must be IFLA_IFNAME with the spec's name, and a veth's peer
   * name must be where it is expected. Otherwise no template.
   */
  private learn(spec: S, body: Buffer): NameTemplate | undefined {
    const s = spec as Record<string, unknown>;
    if (typeof s.name !== 'string' || body.length < IFINFOMSG + NLA_HDRLEN) return undefined;
    const alen = body.readUInt16LE(IFINFOMSG);
    if (body.readUInt16LE(IFINFOMSG + 2) !== IFLA_IFNAME || body.toString('utf8', IFINFOMSG + NLA_HDRLEN, IFINFOMSG + alen) !== `${s.name}\0`) return undefined;
    const head = Buffer.alloc(NLMSG_HDRLEN + IFINFOMSG);
    head.writeUInt16LE(this.type, 4);
    body.copy(head, NLMSG_HDRLEN, 0, IFINFOMSG);
    const rest = IFINFOMSG + ((alen + 3) & ~3);
    let nkeys = 0;
    for (const _ in s) nkeys++;
    const t: NameTemplate = { spec: { ...s }, nkeys, head, mid: Buffer.from(body.subarray(rest)) };
    const peerName = peerNameOf(s.options);
    if (s.kind !== 'veth' || peerName === undefined) return t;
    // IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > (ifinfomsg) IFLA_IFNAME
    const linkinfo = findAttr(body, rest, body.length, IFLA_LINKINFO);
    const data = linkinfo < 0 ? -1 : findAttr(body, linkinfo + NLA_HDRLEN, attrEnd(body, linkinfo), IFLA_INFO_DATA);
    const peerNest = data < 0 ? -1 : findAttr(body, data + NLA_HDRLEN, attrEnd(body, data), VETH_INFO_PEER);
    const ifname = peerNest < 0 ? -1 : findAttr(body, peerNest + NLA_HDRLEN + IFINFOMSG, attrEnd(body, peerNest), IFLA_IFNAME);
    if (ifname < 0) return undefined;
    const plen = body.readUInt16LE(ifname);
    const ppadded = (plen + 3) & ~3;
    if (body.toString('utf8', ifname + NLA_HDRLEN, ifname + plen) !== `${peerName}\0`) return undefined;
    // each nest must hold the name's padding too: its length then grows as the padded name does
    for (const nest of [linkinfo, data, peerNest]) if (attrEnd(body, nest) < ifname + ppadded) return undefined;
    return {
      ...t, mid: Buffer.from(body.subarray(rest, ifname)),
      peer: { nests: [linkinfo - rest, data - rest, peerNest - rest], padded: ppadded, tail: Buffer.from(body.subarray(ifname + ppadded)) },
    };
  }
}

interface NameTemplate {
  spec: Record<string, unknown>;
  nkeys: number;
  /** nlmsghdr (len, flags, seq written per request) + struct ifinfomsg */
  head: Buffer;
  /** after IFLA_IFNAME: to the end, or for a veth to the peer's IFLA_IFNAME */
  mid: Buffer;
  /** a veth's peer: its nests' offsets in `mid`, its name's padded size in the template, what follows it */
  peer?: { nests: number[]; padded: number; tail: Buffer };
}

const IFINFOMSG = 16; // sizeof(struct ifinfomsg)
const IFLA_IFNAME = 3;
const IFLA_LINKINFO = 18;
const IFLA_INFO_DATA = 2;
const VETH_INFO_PEER = 1;

/** Write IFLA_IFNAME `name` (NUL included) at `o`, zero its padding up to `padded`; returns the offset after it. */
function nameAttr(b: Buffer, o: number, name: Buffer, padded: number): number {
  b.writeUInt16LE(NLA_HDRLEN + name.length, o);
  b.writeUInt16LE(IFLA_IFNAME, o + 2);
  b.set(name, o + NLA_HDRLEN);
  for (let i = o + NLA_HDRLEN + name.length; i < o + padded; i++) b[i] = 0;
  return o + padded;
}

/** The offset of the first attribute of `type` in buf[start, end), or -1. */
function findAttr(buf: Buffer, start: number, end: number, type: number): number {
  for (let o = start; o + NLA_HDRLEN <= end;) {
    const len = buf.readUInt16LE(o);
    if (len < NLA_HDRLEN || o + len > end) return -1;
    if ((buf.readUInt16LE(o + 2) & 0x3fff) === type) return o;
    o += (len + 3) & ~3;
  }
  return -1;
}

const attrEnd = (buf: Buffer, at: number): number => at + buf.readUInt16LE(at);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** `options.peer.name`, when options and peer are plain objects and the name a string. */
function peerNameOf(options: unknown): string | undefined {
  return isPlain(options) && isPlain(options.peer) && typeof options.peer.name === 'string' ? options.peer.name : undefined;
}

/**
 * `options.peer.name` of `b`, when `b`'s options are `a`'s but for it: the
 * same keys with the same values (===) but `peer`, and `peer` the same but
 * its `name`, a string. Undefined otherwise.
 */
function peerNameIfSame(a: unknown, b: unknown): string | undefined {
  if (!isPlain(a) || !isPlain(b) || !sameBut(a, b, 'peer')) return undefined;
  const pa = a.peer, pb = b.peer;
  if (!isPlain(pa) || !isPlain(pb) || !sameBut(pa, pb, 'name')) return undefined;
  return peerNameOf(b);
}

/** The same keys, and the same values (===) but `key`'s. */
function sameBut(a: Record<string, unknown>, b: Record<string, unknown>, key: string): boolean {
  let n = 0;
  for (const k in b) {
    if (!(k in a) || (k !== key && a[k] !== b[k])) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}
