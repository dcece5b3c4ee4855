// Attribute sets as tables, and the one generic encoder/decoder that reads them.
// The kernel keeps the same tables for the attributes it accepts, as arrays
// of struct nla_policy indexed by id (include/net/netlink.h, not uapi), as
// in net/core/rtnetlink.c:
//
//   static const struct nla_policy ifla_policy[IFLA_MAX+1] = {
//           [IFLA_IFNAME]   = { .type = NLA_STRING, .len = IFNAMSIZ-1 },
//           [IFLA_MTU]      = { .type = NLA_U32 },
//           [IFLA_LINKINFO] = { .type = NLA_NESTED },
//           ...
//   };
//
// A table row says, in the kernel's words, what one attribute id means:
//
//   { id: 4, name: 'IFLA_MTU', type: 'u32' }
//
// Decoding a run of attributes yields a plain object keyed by those names,
// in the order the attributes came:
//
//   { IFLA_IFNAME: 'lo', IFLA_MTU: 65536, ... }
//
// Rules
// - Unknown attributes are never dropped: attribute 60 of a set whose prefix
//   is IFLA_ decodes to  IFLA_60: { type: 60, raw: <Buffer> }  (type as sent,
//   NLA_F_* flags included) and is encoded back byte for byte, in place.
// - Repeated attributes (multi: true) decode to an array.
// - Packed arrays (type 'array') hold a scalar (elem: IFLA_INET_CONF, u32[])
//   or a fixed struct (struct: NHA_GROUP, struct nexthop_grp[]); a payload
//   that is not a whole number of entries is a DecodeError.
// - 64-bit integers are bigint.
// - Nested sets may depend on a sibling already decoded: IFLA_INFO_DATA is
//   read with the set that IFLA_INFO_KIND names; a kind without a table
//   keeps its data as bytes.
// - Errors name their path: ifinfomsg > IFLA_LINKINFO > IFLA_INFO_DATA > ...
//
// Pure: no I/O, no globals, no FFI.

import { DecodeError } from './errors.js';
import { formatIPAt, formatLladdr, parseIP, parseLladdr } from './inet.js';
import { NLA_HDRLEN, Writer, nlaAlign } from './nlattr.js';
import { NLA_TYPE_MASK } from './constants.js';
import type { Struct } from './struct.js';

/** Scalar payloads. Integers are host byte order unless named be*. */
export type ScalarType =
  | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64'
  | 'be16' | 'be32' | 'be64'
  | 'uint'     // NLA_UINT: 4 or 8 bytes (nla_put_uint writes 4 when the value fits), as bigint
  | 'flag'     // no payload: present or not
  | 'string'   // NUL-terminated text
  | 'binary'   // bytes, kept as a Buffer
  | 'ipaddr'   // 4 or 16 bytes of IPv4/IPv6 address, as text
  | 'lladdr';  // link-layer address of any length, as "aa:bb:.."

export type AttrType = ScalarType | 'nested' | 'struct' | 'array' | 'message' | 'custom';

/** Decoded attributes, keyed by kernel name. */
export type Attrs = Record<string, unknown>;

/** An attribute the tables do not know, kept as it came. */
export interface UnknownAttr {
  /** nla_type as sent, NLA_F_* flags included */
  type: number;
  raw: Buffer;
}

/** Hand-written codec for an irregular payload; say why where it is used. */
export interface CustomCodec {
  decode(payload: Buffer, path: readonly string[]): unknown;
  encode(value: unknown, w: Writer, path: readonly string[]): void;
}

export type SetChoice = AttrSet | ((siblings: Attrs) => AttrSet | undefined);

export interface AttrSpec {
  readonly id: number;
  readonly name: string;
  readonly type: AttrType;
  /** nested: the inner set, or a choice made from the siblings decoded so far */
  readonly nested?: SetChoice;
  /** struct: the fixed struct the payload holds; array without elem: the struct of each entry */
  readonly struct?: Struct<any>;
  /**
   * array: a packed array of this scalar (IFLA_INET_CONF: u32[]), or, with
   * `struct` and no `elem`, of that fixed struct (NHA_GROUP: struct nexthop_grp[])
   */
  readonly elem?: 'u8' | 'u16' | 'u32' | 's32' | 'u64';
  /** message: a fixed header followed by attributes (VETH_INFO_PEER: ifinfomsg + IFLA_*) */
  readonly message?: MessageFamily;
  /** custom: the hand-written codec */
  readonly codec?: CustomCodec;
  /** the attribute may repeat; decodes to an array */
  readonly multi?: boolean;
  /** NLA_F_* bits to set on nla_type when encoding, where the kernel sets them (NLA_F_NESTED) */
  readonly flags?: number;
}

export interface AttrSet {
  /** the kernel's or YNL spec's name for the set: "link-attrs" */
  readonly name: string;
  /** prefix shared by the names, used to name unknown ids: "IFLA_" */
  readonly prefix: string;
  readonly specs: readonly AttrSpec[];
  readonly byId: ReadonlyArray<AttrSpec | undefined>;
  readonly byName: ReadonlyMap<string, AttrSpec>;
  /**
   * The decoder compiled from this table (decodeAttrs), made on first use
   * and kept here: a property read, where a WeakMap lookup per message was
   * a tenth of a cold dump's decoding.
   */
  decoder?: AttrsDecoder;
}

/** A message body: a fixed header struct followed by attributes (ifinfomsg + IFLA_*). */
export interface MessageFamily {
  /** the header struct's C name: "ifinfomsg" */
  readonly name: string;
  readonly header: Struct<any>;
  readonly attrs: AttrSet;
}

/** A decoded message body: the header's fields, then `attrs`. */
export type Body<H = Record<string, unknown>> = H & { attrs: Attrs };

/** Declare an attribute set. Ids must be explicit and unique. */
export function attrSet(name: string, prefix: string, specs: AttrSpec[]): AttrSet {
  const byId: (AttrSpec | undefined)[] = [];
  const byName = new Map<string, AttrSpec>();
  for (const s of specs) {
    if (byId[s.id]) throw new Error(`${name}: id ${s.id} is both ${byId[s.id]!.name} and ${s.name}`);
    if (byName.has(s.name)) throw new Error(`${name}: ${s.name} declared twice`);
    if (s.type === 'array' && !s.elem === !s.struct) throw new Error(`${name}: ${s.name} is an array of a scalar (elem) or of a struct, not both or neither`);
    byId[s.id] = s;
    byName.set(s.name, s);
  }
  return { name, prefix, specs, byId, byName, decoder: undefined };
}

/** The set a nested attribute uses, given its siblings. */
export const resolveSet = (c: SetChoice | undefined, siblings: Attrs): AttrSet | undefined =>
  typeof c === 'function' ? c(siblings) : c;

/**
 * How deep attributes may nest before decoding gives up with a DecodeError.
 * The kernel's own policies stop at 10 (MAX_POLICY_RECURSION_DEPTH); the
 * deepest message tsip knows (an nf_tables verdict) is 7 names deep.
 */
export const MAX_NEST_DEPTH = 32;

const FIXED: Partial<Record<AttrType, number>> = {
  u8: 1, s8: 1, u16: 2, s16: 2, be16: 2, u32: 4, s32: 4, be32: 4, u64: 8, s64: 8, be64: 8, flag: 0,
};
const ELEM_SIZE = { u8: 1, u16: 2, u32: 4, s32: 4, u64: 8 } as const;

/**
 * Decode one attribute's payload buf[ps, pe) as `spec` says. `siblings` are
 * the attributes of the same set decoded before it (for nested choices).
 */
export function decodeAttrValue(spec: AttrSpec, buf: Buffer, ps: number, pe: number, siblings: Attrs, path: readonly string[]): unknown {
  const len = pe - ps;
  const want = FIXED[spec.type];
  if (want !== undefined && len !== want) {
    throw new DecodeError([...path, spec.name], `${spec.type} needs ${want} bytes, got ${len}`);
  }
  switch (spec.type) {
    case 'u8': return buf[ps];
    case 's8': return buf.readInt8(ps);
    case 'u16': return buf.readUInt16LE(ps);
    case 's16': return buf.readInt16LE(ps);
    case 'be16': return buf.readUInt16BE(ps);
    case 'u32': return buf.readUInt32LE(ps);
    case 's32': return buf.readInt32LE(ps);
    case 'be32': return buf.readUInt32BE(ps);
    case 'u64': return buf.readBigUInt64LE(ps);
    case 's64': return buf.readBigInt64LE(ps);
    case 'be64': return buf.readBigUInt64BE(ps);
    case 'uint':
      if (len === 4) return BigInt(buf.readUInt32LE(ps));
      if (len === 8) return buf.readBigUInt64LE(ps);
      throw new DecodeError([...path, spec.name], `uint needs 4 or 8 bytes, got ${len}`);
    case 'flag': return true;
    case 'string': {
      const end = len > 0 && buf[pe - 1] === 0 ? pe - 1 : pe;
      return buf.toString('utf8', ps, end);
    }
    case 'binary': return Buffer.from(buf.subarray(ps, pe));
    case 'ipaddr': return formatIPAt(buf, ps, len) ?? Buffer.from(buf.subarray(ps, pe));
    case 'lladdr': return formatLladdr(buf.subarray(ps, pe));
    case 'struct':
      // A struct read whole cannot fail: its error path is built only when
      // the length differs (IFA_CACHEINFO is in every address of a dump).
      return len === spec.struct!.size ? spec.struct!.decode(buf, ps, len) : spec.struct!.decode(buf, ps, len, [...path, spec.name]);
    case 'array': {
      if (spec.struct) return decodeStructArray(spec, spec.struct, buf, ps, pe, path);
      const size = ELEM_SIZE[spec.elem!];
      if (len % size) throw new DecodeError([...path, spec.name], `${spec.elem}[] payload of ${len} bytes`);
      const out: (number | bigint)[] = [];
      for (let o = ps; o < pe; o += size) {
        switch (spec.elem) {
          case 'u8': out.push(buf[o]!); break;
          case 'u16': out.push(buf.readUInt16LE(o)); break;
          case 'u32': out.push(buf.readUInt32LE(o)); break;
          case 's32': out.push(buf.readInt32LE(o)); break;
          case 'u64': out.push(buf.readBigUInt64LE(o)); break;
        }
      }
      return out;
    }
    case 'nested': {
      const set = resolveSet(spec.nested, siblings);
      if (!set) return Buffer.from(buf.subarray(ps, pe));
      return decodeAttrs(set, buf, ps, pe, [...path, spec.name]);
    }
    case 'message': return decodeBody(spec.message!, buf, ps, pe, [...path, spec.name]);
    case 'custom': return spec.codec!.decode(buf.subarray(ps, pe), [...path, spec.name]);
  }
}

/**
 * A packed array of a fixed struct, entry after entry with no padding
 * between them (NHA_GROUP: struct nexthop_grp[]). A payload that is not a
 * whole number of entries is refused, as the kernel refuses it
 * (nexthop.c: "Invalid length for nexthop group attribute"); an empty one,
 * which the kernel also refuses in a request, decodes to no entries.
 */
function decodeStructArray(spec: AttrSpec, st: Struct<any>, buf: Buffer, ps: number, pe: number, path: readonly string[]): unknown[] {
  const len = pe - ps;
  if (st.size === 0 || len % st.size) {
    throw new DecodeError([...path, spec.name], `struct ${st.name}[] needs a multiple of ${st.size} bytes, got ${len}`);
  }
  const out: unknown[] = [];
  for (let o = ps; o < pe; o += st.size) out.push(st.decode(buf, o, st.size, [...path, spec.name]));
  return out;
}

/**
 * Decode the attributes in buf[start, end) with `set`.
 * `path` names where they sit, for errors.
 *
 * Runs a decoder compiled once per set from its table (compileAttrs):
 * the same walk as decodeAttrsWalk() below, with each attribute's case
 * written out, so that scalars are read in place and stored under their
 * name. A dump decodes thousands of messages, mostly before V8 has
 * optimized anything, and the table walk's stores under computed names
 * are its dearest part (bench/README.md).
 */
export function decodeAttrs(set: AttrSet, buf: Buffer, start: number, end: number, path: readonly string[] = [set.name]): Attrs {
  return (set.decoder ??= compileAttrs(set))(buf, start, end, path);
}

export type AttrsDecoder = (buf: Buffer, start: number, end: number, path: readonly string[]) => Attrs;

function tooDeep(path: readonly string[]): DecodeError {
  return new DecodeError(path.slice(0, 3).concat('...', path.slice(-2)), `nested more than ${MAX_NEST_DEPTH} levels deep`);
}

function overrun(set: AttrSet, type: number, len: number, off: number, end: number, path: readonly string[]): DecodeError {
  const where = set.byId[type]?.name ?? `${set.prefix}${type}`;
  return new DecodeError([...path, where], `nla_len ${len} at offset ${off}, ${end - off} bytes left`);
}

function badLength(spec: AttrSpec, want: number, len: number, path: readonly string[]): DecodeError {
  return new DecodeError([...path, spec.name], `${spec.type} needs ${want} bytes, got ${len}`);
}

function unknownAttr(set: AttrSet, out: Attrs, rawType: number, buf: Buffer, ps: number, pe: number): void {
  out[`${set.prefix}${rawType & NLA_TYPE_MASK}`] = { type: rawType, raw: Buffer.from(buf.subarray(ps, pe)) } satisfies UnknownAttr;
}

function stringAt(buf: Buffer, ps: number, pe: number): string {
  return buf.toString('utf8', ps, pe > ps && buf[pe - 1] === 0 ? pe - 1 : pe);
}

function ipAt(buf: Buffer, ps: number, pe: number): unknown {
  return formatIPAt(buf, ps, pe - ps) ?? Buffer.from(buf.subarray(ps, pe));
}

/** Inline reads of fixed-size scalars: the expressions decodeAttrValue's Buffer calls compute. */
const INLINE_READ: Partial<Record<AttrType, string>> = {
  u8: 'buf[ps]',
  s8: '(buf[ps] << 24 >> 24)',
  u16: '(buf[ps] | buf[ps + 1] << 8)',
  s16: '((buf[ps] | buf[ps + 1] << 8) << 16 >> 16)',
  be16: '(buf[ps] << 8 | buf[ps + 1])',
  u32: '((buf[ps] | buf[ps + 1] << 8 | buf[ps + 2] << 16) + buf[ps + 3] * 16777216)',
  s32: '(buf[ps] | buf[ps + 1] << 8 | buf[ps + 2] << 16 | buf[ps + 3] << 24)',
  be32: '(buf[ps] * 16777216 + (buf[ps + 1] << 16 | buf[ps + 2] << 8 | buf[ps + 3]))',
  flag: 'true',
  string: 'stringAt(buf, ps, pe)',
  ipaddr: 'ipAt(buf, ps, pe)',
};

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Compile `set` into a decoder: one switch case per attribute id. The
 * names come from tsip's own tables; any that is not a plain identifier
 * is written as a quoted key.
 */
function compileAttrs(set: AttrSet): AttrsDecoder {
  const cases: string[] = [];
  set.specs.forEach((spec, k) => {
    const key = IDENT.test(spec.name) ? `.${spec.name}` : `[${JSON.stringify(spec.name)}]`;
    const want = FIXED[spec.type];
    const read = INLINE_READ[spec.type] ?? `decodeAttrValue(specs[${k}], buf, ps, pe, out, path)`;
    const check = want !== undefined && INLINE_READ[spec.type] ? `if (pe - ps !== ${want}) throw badLength(specs[${k}], ${want}, pe - ps, path);\n` : '';
    const store = spec.multi ? `(out${key} ?? (out${key} = [])).push(${read});` : `out${key} = ${read};`;
    cases.push(`case ${spec.id}: {\n${check}${store}\nbreak;\n}`);
  });
  const src = `
return function decode_${set.name.replace(/\W/g, '_')}(buf, start, end, path) {
  if (path.length > MAX_NEST_DEPTH) throw tooDeep(path);
  const out = {};
  let off = start;
  while (off + 4 <= end) {
    const len = buf[off] | buf[off + 1] << 8;
    const rawType = buf[off + 2] | buf[off + 3] << 8;
    const type = rawType & ${NLA_TYPE_MASK};
    if (len < 4 || off + len > end) throw overrun(set, type, len, off, end, path);
    const ps = off + 4, pe = off + len;
    switch (type) {
${cases.join('\n')}
      default: unknownAttr(set, out, rawType, buf, ps, pe);
    }
    off += (len + 3) & ~3;
  }
  return out;
};`;
  const make = new Function('set', 'specs', 'MAX_NEST_DEPTH', 'tooDeep', 'overrun', 'badLength', 'unknownAttr', 'stringAt', 'ipAt', 'decodeAttrValue', src);
  return make(set, set.specs, MAX_NEST_DEPTH, tooDeep, overrun, badLength, unknownAttr, stringAt, ipAt, decodeAttrValue) as AttrsDecoder;
}

/**
 * The table walk decodeAttrs() compiles: the reference it is tested
 * against (test/unit/schema-compiled.test.ts).
 */
export function decodeAttrsWalk(set: AttrSet, buf: Buffer, start: number, end: number, path: readonly string[] = [set.name]): Attrs {
  // Sets can hold themselves (VETH_INFO_PEER holds a link message, a
  // nexthop in RTA_MULTIPATH holds RTA_*): without a bound, 64 KiB of
  // nests overflow the stack (RangeError). The path grows by one name a level.
  if (path.length > MAX_NEST_DEPTH) throw tooDeep(path);
  const out: Attrs = {};
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = buf.readUInt16LE(off);
    const rawType = buf.readUInt16LE(off + 2);
    const type = rawType & NLA_TYPE_MASK;
    if (len < NLA_HDRLEN || off + len > end) throw overrun(set, type, len, off, end, path);
    const spec = set.byId[type];
    if (!spec) {
      unknownAttr(set, out, rawType, buf, off + NLA_HDRLEN, off + len);
    } else {
      const v = decodeAttrValue(spec, buf, off + NLA_HDRLEN, off + len, out, path);
      if (spec.multi) ((out[spec.name] as unknown[] | undefined) ?? (out[spec.name] = [] as unknown[]) as unknown[]).push(v);
      else out[spec.name] = v;
    }
    off += nlaAlign(len);
  }
  return out;
}

function encodeError(path: readonly string[], msg: string): TypeError {
  return new TypeError(`${path.join(' > ')}: ${msg}`);
}

/** An integer attribute value; the attribute's path is built only for an error. */
function intValue(spec: AttrSpec, value: unknown, parent: readonly string[]): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw encodeError([...parent, spec.name], `${spec.type} needs an integer, got ${String(value)}`);
  return n;
}

/** An NLA_UINT value: 0 .. 2^64-1, as a bigint or an integer number. */
function uintValue(spec: AttrSpec, value: unknown, parent: readonly string[]): bigint {
  let v: bigint;
  try {
    v = BigInt(value as bigint);
  } catch {
    throw encodeError([...parent, spec.name], `uint needs an integer, got ${String(value)}`);
  }
  if (v < 0n || v > 0xffffffffffffffffn) throw encodeError([...parent, spec.name], `uint out of range: ${v}`);
  return v;
}

/**
 * `parent` is where the attribute's set sits; the attribute's own name is
 * appended only for an error (no array is built per attribute: bulk
 * operations encode several per request).
 */
function encodeScalar(spec: AttrSpec, value: unknown, w: Writer, parent: readonly string[]): void {
  const at = w.beginAttr(spec.id | (spec.flags ?? 0));
  const need = FIXED[spec.type];
  if (need) w.ensure(need);
  const b = w.buf;
  const o = w.off;
  switch (spec.type) {
    case 'u8': b.writeUInt8(intValue(spec, value, parent), o); break;
    case 's8': b.writeInt8(intValue(spec, value, parent), o); break;
    case 'u16': b.writeUInt16LE(intValue(spec, value, parent), o); break;
    case 's16': b.writeInt16LE(intValue(spec, value, parent), o); break;
    case 'be16': b.writeUInt16BE(intValue(spec, value, parent), o); break;
    case 'u32': b.writeUInt32LE(intValue(spec, value, parent), o); break;
    case 's32': b.writeInt32LE(intValue(spec, value, parent), o); break;
    case 'be32': b.writeUInt32BE(intValue(spec, value, parent), o); break;
    case 'u64': b.writeBigUInt64LE(BigInt(value as bigint), o); break;
    case 's64': b.writeBigInt64LE(BigInt(value as bigint), o); break;
    case 'be64': b.writeBigUInt64BE(BigInt(value as bigint), o); break;
    case 'uint': {
      // the kernel's own width, so that a reply re-encodes byte for byte
      const v = uintValue(spec, value, parent);
      if (v <= 0xffffffffn) {
        w.ensure(4);
        w.buf.writeUInt32LE(Number(v), w.off);
        w.off += 4;
      } else {
        w.ensure(8);
        w.buf.writeBigUInt64LE(v, w.off);
        w.off += 8;
      }
      break;
    }
    case 'flag': break;
    case 'string': w.bytes(Buffer.from(`${String(value)}\0`, 'utf8')); break;
    case 'binary': w.bytes(value as Buffer); break;
    case 'ipaddr': {
      const bytes = typeof value === 'string' ? parseIP(value) : (value as Buffer);
      if (!bytes) throw encodeError([...parent, spec.name], `not an IP address: "${String(value)}"`);
      w.bytes(bytes);
      break;
    }
    case 'lladdr': {
      const bytes = typeof value === 'string' ? parseLladdr(value) : (value as Buffer);
      if (!bytes) throw encodeError([...parent, spec.name], `not a link-layer address: "${String(value)}"`);
      w.bytes(bytes);
      break;
    }
    default: throw encodeError([...parent, spec.name], `not a scalar type: ${spec.type}`);
  }
  if (need) w.off += need;
  w.endAttr(at);
}

function encodeValue(spec: AttrSpec, value: unknown, siblings: Attrs, w: Writer, path: readonly string[]): void {
  switch (spec.type) {
    case 'struct': {
      const at = w.beginAttr(spec.id | (spec.flags ?? 0));
      const n = spec.struct!.sizeOf(value as object);
      w.ensure(n);
      spec.struct!.encodeInto(value as object, w.buf, w.off);
      w.off += n;
      w.endAttr(at);
      return;
    }
    case 'array': {
      const at = w.beginAttr(spec.id | (spec.flags ?? 0));
      if (spec.struct) {
        encodeStructArray(spec, spec.struct, value, w, path);
        w.endAttr(at);
        return;
      }
      const size = ELEM_SIZE[spec.elem!];
      const arr = value as (number | bigint)[];
      w.ensure(arr.length * size);
      for (const x of arr) {
        switch (spec.elem) {
          case 'u8': w.buf.writeUInt8(Number(x), w.off); break;
          case 'u16': w.buf.writeUInt16LE(Number(x), w.off); break;
          case 'u32': w.buf.writeUInt32LE(Number(x), w.off); break;
          case 's32': w.buf.writeInt32LE(Number(x), w.off); break;
          case 'u64': w.buf.writeBigUInt64LE(BigInt(x), w.off); break;
        }
        w.off += size;
      }
      w.endAttr(at);
      return;
    }
    case 'nested': {
      const at = w.beginAttr(spec.id | (spec.flags ?? 0));
      const set = resolveSet(spec.nested, siblings);
      if (Buffer.isBuffer(value)) w.bytes(value);
      else if (set) encodeAttrs(set, value as Attrs, w, [...path, spec.name]);
      // e.g. IFLA_INFO_DATA decoded with the set of one kind, its IFLA_INFO_KIND then changed
      else throw encodeError([...path, spec.name], 'no attribute set to encode this object with (its selector names none): pass the bytes');
      w.endAttr(at);
      return;
    }
    case 'message': {
      const at = w.beginAttr(spec.id | (spec.flags ?? 0));
      encodeBody(spec.message!, value as Body, w, [...path, spec.name]);
      w.endAttr(at);
      return;
    }
    case 'custom': {
      const at = w.beginAttr(spec.id | (spec.flags ?? 0));
      spec.codec!.encode(value, w, [...path, spec.name]);
      w.endAttr(at);
      return;
    }
    default:
      encodeScalar(spec, value, w, path);
  }
}

/** The entries of a packed struct array, each exactly sizeof(struct): no room for _trailing or _size. */
function encodeStructArray(spec: AttrSpec, st: Struct<any>, value: unknown, w: Writer, path: readonly string[]): void {
  if (!Array.isArray(value)) throw encodeError([...path, spec.name], `struct ${st.name}[] needs an array`);
  w.ensure(value.length * st.size);
  value.forEach((x, i) => {
    if (!x || typeof x !== 'object') throw encodeError([...path, spec.name], `entry ${i} is not a struct ${st.name}`);
    if (st.sizeOf(x) !== st.size) throw encodeError([...path, spec.name], `entry ${i} is not ${st.size} bytes long (struct ${st.name})`);
    st.encodeInto(x, w.buf, w.off);
    w.off += st.size;
  });
}

/** Encode `attrs` (keyed by kernel name) with `set`, in the object's key order. */
export function encodeAttrs(set: AttrSet, attrs: Attrs, w: Writer, path: readonly string[] = [set.name]): void {
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (value === undefined) continue;
    const spec = set.byName.get(key);
    if (spec) {
      if (spec.multi) {
        if (!Array.isArray(value)) throw encodeError([...path, key], 'a repeated attribute needs an array');
        for (const v of value) encodeValue(spec, v, attrs, w, path);
      } else {
        encodeValue(spec, value, attrs, w, path);
      }
      continue;
    }
    const u = value as UnknownAttr;
    if (key.startsWith(set.prefix) && /^\d+$/.test(key.slice(set.prefix.length)) && Buffer.isBuffer(u?.raw)) {
      w.attr(u.type, u.raw);
      continue;
    }
    throw encodeError(path, `no attribute "${key}" in ${set.name}`);
  }
}

/** Decode a message body in buf[start, end): the header struct, then attributes. */
export function decodeBody<H>(family: MessageFamily, buf: Buffer, start: number, end: number, path: readonly string[] = [family.name]): Body<H> {
  const hsize = family.header.size;
  if (end - start < hsize) throw new DecodeError(path, `struct ${family.name} needs ${hsize} bytes, got ${end - start}`);
  const body = family.header.decode(buf, start, hsize, path) as Body<H>;
  body.attrs = decodeAttrs(family.attrs, buf, start + nlaAlign(hsize), end, path);
  return body;
}

/**
 * decodeBody() into an object the caller keeps for a whole dump: the
 * header's fields are rewritten in place and `attrs` replaced. What the
 * caller keeps of a message must be taken from it before the next one.
 */
export function decodeBodyInto<H>(family: MessageFamily, buf: Buffer, start: number, end: number, into: Body<H>, path: readonly string[] = [family.name]): Body<H> {
  const hsize = family.header.size;
  if (end - start < hsize) throw new DecodeError(path, `struct ${family.name} needs ${hsize} bytes, got ${end - start}`);
  family.header.decodeInto(buf, start, into);
  into.attrs = decodeAttrs(family.attrs, buf, start + nlaAlign(hsize), end, path);
  return into;
}

/** Encode a message body: the header struct (missing fields zero), then its attributes. */
export function encodeBody(family: MessageFamily, body: Partial<Body>, w: Writer, path: readonly string[] = [family.name]): void {
  const at = w.reserve(nlaAlign(family.header.size));
  family.header.encodeInto(body as object, w.buf, at);
  if (body.attrs) encodeAttrs(family.attrs, body.attrs, w, path);
}
