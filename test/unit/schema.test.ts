import { describe, expect, it } from 'vitest';
import { attrSet, decodeAttrs, decodeBody, encodeAttrs, encodeBody, type AttrSet, type Attrs } from '../../src/netlink/schema.js';
import { Writer, listAttrs } from '../../src/netlink/nlattr.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { NLA_F_NESTED } from '../../src/netlink/constants.js';
import { defineStruct, struct, u8, u16, u32, u64 } from '../../src/netlink/struct.js';

const roundTrip = (set: AttrSet, attrs: Attrs) => {
  const w = new Writer(4);
  encodeAttrs(set, attrs, w);
  return { bytes: w.take(), back: decodeAttrs(set, w.view(), 0, w.off) };
};

const inner = attrSet('inner', 'IN_', [
  { id: 1, name: 'IN_A', type: 'u16' },
  { id: 2, name: 'IN_B', type: 'string' },
]);
const other = attrSet('other', 'OT_', [{ id: 1, name: 'OT_X', type: 'u32' }]);
const outer = attrSet('outer', 'OUT_', [
  { id: 1, name: 'OUT_U8', type: 'u8' },
  { id: 2, name: 'OUT_U32', type: 'u32' },
  { id: 3, name: 'OUT_U64', type: 'u64' },
  { id: 4, name: 'OUT_S32', type: 's32' },
  { id: 5, name: 'OUT_BE16', type: 'be16' },
  { id: 6, name: 'OUT_FLAG', type: 'flag' },
  { id: 7, name: 'OUT_NAME', type: 'string' },
  { id: 8, name: 'OUT_IP', type: 'ipaddr' },
  { id: 9, name: 'OUT_MAC', type: 'lladdr' },
  { id: 10, name: 'OUT_KIND', type: 'string' },
  { id: 11, name: 'OUT_DATA', type: 'nested', nested: (s) => ({ inner, other } as Record<string, AttrSet>)[s.OUT_KIND as string] },
  { id: 12, name: 'OUT_NEST', type: 'nested', nested: inner, flags: NLA_F_NESTED },
  { id: 13, name: 'OUT_REP', type: 'u32', multi: true },
  { id: 14, name: 'OUT_ARR', type: 'array', elem: 'u32' },
  { id: 15, name: 'OUT_BIN', type: 'binary' },
]);

describe('the generic codec', () => {
  it('round-trips every scalar type, with 64-bit values as bigint', () => {
    const attrs = {
      OUT_U8: 255, OUT_U32: 0xffffffff, OUT_U64: 2n ** 64n - 1n, OUT_S32: -5, OUT_BE16: 4789, OUT_FLAG: true,
      OUT_NAME: 'veth0', OUT_IP: '10.1.1.1', OUT_MAC: '9a:9b:f7:b2:ca:62', OUT_ARR: [1, 2, 3], OUT_BIN: Buffer.from([0xde, 0xad]),
    };
    const { bytes, back } = roundTrip(outer, attrs);
    expect(back).toEqual(attrs);
    // be16 is network byte order; strings carry their NUL; the flag has no payload.
    const raw = listAttrs(bytes);
    expect(raw.find((a) => a.type === 5)!.payload.toString('hex')).toBe('12b5');
    expect(raw.find((a) => a.type === 7)!.payload.toString()).toBe('veth0\0');
    expect(raw.find((a) => a.type === 6)!.payload.length).toBe(0);
  });

  it('reads an NLA_UINT of 4 or 8 bytes as bigint, and writes the width the kernel would (4 when it fits)', () => {
    const set = attrSet('uints', 'U_', [{ id: 1, name: 'U_N', type: 'uint' }]);
    for (const [n, bytes] of [[7n, 8], [0xffffffffn, 8], [0x100000000n, 12], [0xffffffffffffffffn, 12]] as const) {
      const { bytes: b, back } = roundTrip(set, { U_N: n });
      expect([b.length, back]).toEqual([bytes, { U_N: n }]);
    }
    expect(roundTrip(set, { U_N: 5 }).back).toEqual({ U_N: 5n });
    const six = Buffer.from([10, 0, 1, 0, 1, 2, 3, 4, 5, 6, 0, 0]);
    expect(() => decodeAttrs(set, six, 0, six.length)).toThrow(/uints > U_N: uint needs 4 or 8 bytes, got 6/);
    expect(() => roundTrip(set, { U_N: -1n })).toThrow(/U_N: uint out of range: -1/);
    expect(() => roundTrip(set, { U_N: 'x' })).toThrow(/U_N: uint needs an integer, got x/);
  });

  it('pads each attribute to 4 bytes with zeros', () => {
    const w = new Writer(4);
    w.buf.fill(0xff);
    encodeAttrs(outer, { OUT_U8: 1, OUT_NAME: 'ab' }, w);
    expect(w.view().toString('hex')).toBe('05000100' + '01000000' + '07000700' + '61620000');
  });

  it('chooses a nested set from a sibling decoded before it (IFLA_INFO_KIND / IFLA_INFO_DATA)', () => {
    expect(roundTrip(outer, { OUT_KIND: 'inner', OUT_DATA: { IN_A: 7, IN_B: 'x' } }).back).toEqual({ OUT_KIND: 'inner', OUT_DATA: { IN_A: 7, IN_B: 'x' } });
    expect(roundTrip(outer, { OUT_KIND: 'other', OUT_DATA: { OT_X: 9 } }).back).toEqual({ OUT_KIND: 'other', OUT_DATA: { OT_X: 9 } });
    // A kind without a table keeps its data as bytes.
    const data = Buffer.from('0800010001000000', 'hex');
    expect(roundTrip(outer, { OUT_KIND: 'mystery', OUT_DATA: data }).back).toEqual({ OUT_KIND: 'mystery', OUT_DATA: data });
  });

  it('sets NLA_F_NESTED where the table says the kernel does', () => {
    const { bytes } = roundTrip(outer, { OUT_NEST: { IN_A: 1 } });
    expect(bytes.readUInt16LE(2)).toBe(12 | NLA_F_NESTED);
  });

  it('decodes repeated attributes to an array and writes them back in order', () => {
    const { bytes, back } = roundTrip(outer, { OUT_REP: [3, 1, 2] });
    expect(back).toEqual({ OUT_REP: [3, 1, 2] });
    expect(listAttrs(bytes).map((a) => a.payload.readUInt32LE(0))).toEqual([3, 1, 2]);
  });

  it('keeps unknown attributes as { type, raw } and writes them back byte for byte, in place', () => {
    const w = new Writer();
    w.attr(2, Buffer.from([1, 0, 0, 0]));
    w.attr(99 | NLA_F_NESTED, Buffer.from([4, 0, 1, 0, 0xee]));
    w.attr(7, Buffer.from('lo\0'));
    const bytes = w.take();
    const decoded = decodeAttrs(outer, bytes, 0, bytes.length);
    expect(decoded).toEqual({ OUT_U32: 1, OUT_99: { type: 99 | NLA_F_NESTED, raw: Buffer.from([4, 0, 1, 0, 0xee]) }, OUT_NAME: 'lo' });
    expect(Object.keys(decoded)).toEqual(['OUT_U32', 'OUT_99', 'OUT_NAME']);
    expect(roundTrip(outer, decoded).bytes.equals(bytes)).toBe(true);
  });

  it('names the path of a bad attribute: outer > OUT_DATA > IN_A', () => {
    const w = new Writer();
    encodeAttrs(outer, { OUT_KIND: 'inner', OUT_DATA: { IN_A: 1 } }, w);
    const b = w.take();
    // Cut IN_A's payload to 1 byte: a u16 needs 2.
    const at = b.indexOf(Buffer.from('06000100', 'hex'), 12);
    b.writeUInt16LE(5, at);
    try {
      decodeAttrs(outer, b, 0, b.length);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).path).toEqual(['outer', 'OUT_DATA', 'IN_A']);
    }
  });

  it('rejects an nla_len that overruns its container', () => {
    const b = Buffer.from('0800020001000000', 'hex');
    b.writeUInt16LE(12, 0);
    expect(() => decodeAttrs(outer, b, 0, b.length)).toThrow(/outer > OUT_U32: nla_len 12 at offset 0, 8 bytes left/);
    b.writeUInt16LE(2, 0);
    expect(() => decodeAttrs(outer, b, 0, b.length)).toThrow(DecodeError);
  });

  it('refuses to encode a name the set does not have', () => {
    expect(() => roundTrip(outer, { OUT_NOPE: 1 })).toThrow(/no attribute "OUT_NOPE" in outer/);
    expect(() => roundTrip(outer, { OUT_IP: '10.1.1.300' })).toThrow(/not an IP address: "10.1.1.300"/);
  });
});

describe('message bodies and structs', () => {
  interface Hdr { h_a: number; h_b: number; h_c: bigint }
  const hdr = defineStruct<Hdr>('hdrmsg', struct([u8('h_a'), u8(), u16('h_b'), u32(), u64('h_c')]));
  const family = { name: 'hdrmsg', header: hdr, attrs: inner };

  it('lays out the struct as declared, padding included', () => {
    expect(hdr.size).toBe(16);
    expect(hdr.encode({ h_a: 1, h_b: 0x0203, h_c: 5n }).toString('hex')).toBe('01000302000000000500000000000000');
  });

  it('decodes a header then attributes at NLMSG_ALIGN(sizeof header), and encodes back', () => {
    const w = new Writer();
    encodeBody(family, { h_a: 1, h_b: 2, h_c: 3n, attrs: { IN_B: 'x' } }, w);
    expect(decodeBody(family, w.view(), 0, w.off)).toEqual({ h_a: 1, h_b: 2, h_c: 3n, attrs: { IN_B: 'x' } });
  });

  it('keeps a struct that grew at its tail, and one that is shorter, exactly', () => {
    const long = Buffer.concat([hdr.encode({ h_a: 1, h_b: 2, h_c: 3n }), Buffer.from([7, 7, 7, 7])]);
    const l = hdr.decode(long, 0, long.length);
    expect(l).toEqual({ h_a: 1, h_b: 2, h_c: 3n, _trailing: Buffer.from([7, 7, 7, 7]) });
    expect(hdr.encode(l).equals(long)).toBe(true);
    const short = long.subarray(0, 8);
    const s = hdr.decode(short, 0, 8);
    expect(s).toEqual({ h_a: 1, h_b: 2, _size: 8 });
    expect(hdr.encode(s).equals(short)).toBe(true);
  });

  it('refuses a body shorter than its header, naming the struct', () => {
    expect(() => decodeBody(family, Buffer.alloc(8), 0, 8)).toThrow(/struct hdrmsg needs 16 bytes, got 8/);
  });
});
