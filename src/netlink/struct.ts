// Fixed kernel structs, declared with buffer-layout and compiled once into a
// flat field list. The declaration stays the single source of truth; the
// compiled form decodes without buffer-layout's per-field getSpan() calls and
// gives the trace every field's offset and size.
//
// A declaration reads like the C it mirrors, field for field; the unnamed
// u8() is the kernel's padding byte (<linux/rtnetlink.h>, rtnl/link.ts):
//
//   struct ifinfomsg {                         defineStruct('ifinfomsg', struct([
//           unsigned char   ifi_family;          u8('ifi_family'),
//           unsigned char   __ifi_pad;           u8(),
//           unsigned short  ifi_type;            u16('ifi_type'),
//           int             ifi_index;           s32('ifi_index'),
//           unsigned        ifi_flags;           u32('ifi_flags'),
//           unsigned        ifi_change;          u32('ifi_change'),
//   };                                         ]))
//
// Two additions to buffer-layout's vocabulary:
// - u64(): a 64-bit little-endian counter as bigint (buffer-layout's nu64
//   returns a lossy Number);
// - fields without a name are padding: decoded to nothing, encoded as zeros.
//
// Kernel structs grow at their tail (rtnl_link_stats64 gained rx_nohandler,
// then rx_otherhost_dropped). decode() therefore reads only the fields that
// fit, keeps any bytes beyond the declared size in `_trailing`, and records a
// shorter length in `_size`, so that encode() writes back exactly what was read.

import { createRequire } from 'node:module';
import type * as BufferLayoutTypes from 'buffer-layout';
import { DecodeError } from './errors.js';

// buffer-layout is CommonJS. Loaded through ESM `import`, Node first scans
// its 84 KB source with cjs-module-lexer to find named exports: 60-80 ms of
// every start-up here, and a long optimizing compile of the lexer on a
// background thread (bench/README.md). require() skips the scan.
const BufferLayout = createRequire(import.meta.url)('buffer-layout') as typeof BufferLayoutTypes;

const { Layout, UInt, UIntBE, Int, Blob } = BufferLayout;

/** A 64-bit little-endian unsigned integer, as bigint. */
class U64 extends Layout<bigint> {
  constructor(property?: string) {
    super(8, property);
  }
  override decode(b: Buffer, offset = 0): bigint {
    return b.readBigUInt64LE(offset);
  }
  override encode(src: bigint, b: Buffer, offset = 0): number {
    b.writeBigUInt64LE(BigInt(src), offset);
    return 8;
  }
}

/** u64 counter field (bigint). */
export const u64 = (property?: string) => new U64(property);
export const { u8, u16, u32, s8, s16, s32, u16be, u32be, blob, struct } = BufferLayout;

/** How one field is read and written. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32' | 'u16be' | 'u32be' | 'u64' | 'blob' | 'pad';

export interface Field {
  name: string | undefined;
  kind: FieldKind;
  offset: number;
  size: number;
}

export interface Struct<T> {
  /** The C struct's name: "ifinfomsg". */
  readonly name: string;
  /** sizeof(struct ...) */
  readonly size: number;
  readonly fields: readonly Field[];
  /** The buffer-layout declaration it was compiled from. */
  readonly layout: BufferLayoutTypes.Structure;
  decode(buf: Buffer, offset?: number, length?: number, path?: readonly string[]): T;
  /**
   * Read the whole struct at `offset` into `into`, field by field, and
   * return it: a dump reads each message's header into one object made
   * once. `buf` must hold `size` bytes from `offset` (unchecked).
   */
  decodeInto(buf: Buffer, offset: number, into: T): T;
  /** Writes `value` at `offset` of `buf`; returns the bytes written. */
  encodeInto(value: Partial<T>, buf: Buffer, offset: number): number;
  /** The byte length encodeInto() will write for `value`. */
  sizeOf(value: Partial<T>): number;
  encode(value: Partial<T>): Buffer;
}

function kindOf(l: BufferLayoutTypes.Layout): FieldKind {
  if (l instanceof U64) return 'u64';
  if (l instanceof Blob) return l.property === undefined ? 'pad' : 'blob';
  const unnamed = l.property === undefined;
  if (l instanceof UIntBE) return unnamed ? 'pad' : l.span === 2 ? 'u16be' : 'u32be';
  if (l instanceof UInt && l.span <= 4) return unnamed ? 'pad' : (['u8', 'u16', '', 'u32'] as const)[l.span - 1] as FieldKind;
  if (l instanceof Int && l.span <= 4) return unnamed ? 'pad' : (['s8', 's16', '', 's32'] as const)[l.span - 1] as FieldKind;
  throw new Error(`struct field ${l.property ?? '(padding)'}: unsupported layout`);
}

/** Reads of each field kind at byte offset `o` (what decode()'s Buffer calls compute). */
const READ: Record<Exclude<FieldKind, 'pad'>, (o: string, size: number) => string> = {
  u8: (o) => `buf[${o}]`,
  u16: (o) => `(buf[${o}] | buf[${o} + 1] << 8)`,
  u32: (o) => `((buf[${o}] | buf[${o} + 1] << 8 | buf[${o} + 2] << 16) + buf[${o} + 3] * 16777216)`,
  s8: (o) => `(buf[${o}] << 24 >> 24)`,
  s16: (o) => `((buf[${o}] | buf[${o} + 1] << 8) << 16 >> 16)`,
  s32: (o) => `(buf[${o}] | buf[${o} + 1] << 8 | buf[${o} + 2] << 16 | buf[${o} + 3] << 24)`,
  u16be: (o) => `(buf[${o}] << 8 | buf[${o} + 1])`,
  u32be: (o) => `(buf[${o}] * 16777216 + (buf[${o} + 1] << 16 | buf[${o} + 2] << 8 | buf[${o} + 3]))`,
  u64: (o) => `buf.readBigUInt64LE(${o})`,
  blob: (o, size) => `Buffer.from(buf.subarray(${o}, ${o} + ${size}))`,
};

/**
 * decode() of a struct read whole (its length is its size, the usual case)
 * compiled into one object literal: every field read in place, the object
 * made with its final shape at once. Decoding a dump does this for every
 * message, mostly before V8 optimizes anything; stores under computed names
 * were the dearest part of it (bench/README.md).
 */
function compileWhole<T>(name: string, named: readonly Field[]): (buf: Buffer, base: number) => T {
  const ident = /^[A-Za-z_$][\w$]*$/;
  const props = named.map((f) => `${ident.test(f.name!) ? f.name : JSON.stringify(f.name)}: ${READ[f.kind as Exclude<FieldKind, 'pad'>](`base + ${f.offset}`, f.size)}`);
  const src = `return function decode_${name.replace(/\W/g, '_')}(buf, base) {\n  return { ${props.join(',\n    ')} };\n};`;
  return new Function('Buffer', src)(Buffer) as (buf: Buffer, base: number) => T;
}

/** decodeInto(), compiled the same way: the same reads, stored into an object given. */
function compileInto<T>(name: string, named: readonly Field[]): (buf: Buffer, base: number, o: T) => T {
  const ident = /^[A-Za-z_$][\w$]*$/;
  const stores = named.map((f) => `o${ident.test(f.name!) ? `.${f.name}` : `[${JSON.stringify(f.name)}]`} = ${READ[f.kind as Exclude<FieldKind, 'pad'>](`base + ${f.offset}`, f.size)};`);
  const src = `return function decode_${name.replace(/\W/g, '_')}_into(buf, base, o) {\n  ${stores.join('\n  ')}\n  return o;\n};`;
  return new Function('Buffer', src)(Buffer) as (buf: Buffer, base: number, o: T) => T;
}

/** Compile a buffer-layout structure declaration named after its C struct. */
export function defineStruct<T>(name: string, layout: BufferLayoutTypes.Structure): Struct<T> {
  const fields: Field[] = [];
  let offset = 0;
  for (const l of layout.fields) {
    const size = l.span;
    fields.push({ name: l.property, kind: kindOf(l), offset, size });
    offset += size;
  }
  const size = offset;
  const named = fields.filter((f) => f.kind !== 'pad');

  const whole = compileWhole<T>(name, named);
  const into = compileInto<T>(name, named);

  function decode(buf: Buffer, base = 0, length = size, path: readonly string[] = [name]): T {
    if (length < 0 || base + length > buf.length) throw new DecodeError(path, `needs ${length} bytes, ${buf.length - base} left`);
    if (length === size) return whole(buf, base);
    const out: Record<string, unknown> = {};
    for (const f of named) {
      if (f.offset + f.size > length) break;
      const o = base + f.offset;
      switch (f.kind) {
        case 'u8': out[f.name!] = buf[o]; break;
        case 'u16': out[f.name!] = buf.readUInt16LE(o); break;
        case 'u32': out[f.name!] = buf.readUInt32LE(o); break;
        case 's8': out[f.name!] = buf.readInt8(o); break;
        case 's16': out[f.name!] = buf.readInt16LE(o); break;
        case 's32': out[f.name!] = buf.readInt32LE(o); break;
        case 'u16be': out[f.name!] = buf.readUInt16BE(o); break;
        case 'u32be': out[f.name!] = buf.readUInt32BE(o); break;
        case 'u64': out[f.name!] = buf.readBigUInt64LE(o); break;
        case 'blob': out[f.name!] = Buffer.from(buf.subarray(o, o + f.size)); break;
      }
    }
    if (length > size) out._trailing = Buffer.from(buf.subarray(base + size, base + length));
    else if (length < size) out._size = length;
    return out as T;
  }

  function sizeOf(value: Partial<T>): number {
    const v = value as { _trailing?: Buffer; _size?: number };
    if (v._trailing) return size + v._trailing.length;
    return v._size ?? size;
  }

  function encodeInto(value: Partial<T>, buf: Buffer, base: number): number {
    const v = value as Record<string, unknown>;
    const n = sizeOf(value);
    const zeroEnd = base + Math.min(n, size);
    if (zeroEnd - base <= 64) for (let i = base; i < zeroEnd; i++) buf[i] = 0; // cheaper than the native fill for a header
    else buf.fill(0, base, zeroEnd);
    for (const f of named) {
      const x = v[f.name!];
      if (x === undefined || f.offset + f.size > n) continue;
      const o = base + f.offset;
      switch (f.kind) {
        case 'u8': buf[o] = Number(x); break;
        case 'u16': buf.writeUInt16LE(Number(x) & 0xffff, o); break;
        case 'u32': buf.writeUInt32LE(Number(x) >>> 0, o); break;
        case 's8': buf.writeInt8(Number(x), o); break;
        case 's16': buf.writeInt16LE(Number(x), o); break;
        case 's32': buf.writeInt32LE(Number(x) | 0, o); break;
        case 'u16be': buf.writeUInt16BE(Number(x) & 0xffff, o); break;
        case 'u32be': buf.writeUInt32BE(Number(x) >>> 0, o); break;
        case 'u64': buf.writeBigUInt64LE(BigInt(x as bigint), o); break;
        case 'blob': (x as Buffer).copy(buf, o, 0, f.size); break;
      }
    }
    const trailing = v._trailing as Buffer | undefined;
    if (trailing) trailing.copy(buf, base + size);
    return n;
  }

  return {
    name, size, fields, layout, decode, encodeInto, sizeOf, decodeInto: into,
    encode(value) {
      const b = Buffer.alloc(sizeOf(value));
      encodeInto(value, b, 0);
      return b;
    },
  };
}
