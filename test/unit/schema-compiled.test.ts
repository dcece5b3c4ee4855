// The compiled attribute decoders (decodeAttrs) and struct readers against
// the table walk they replace (decodeAttrsWalk, the per-field loop): the
// same objects, keys in the same order, and the same errors, on every
// captured fixture and on thousands of corrupted copies of them.

import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { address } from '../../src/netlink/rtnl/address.js';
import { link } from '../../src/netlink/rtnl/link.js';
import { neigh } from '../../src/netlink/rtnl/neigh.js';
import { netconf } from '../../src/netlink/rtnl/netconf.js';
import { nexthop } from '../../src/netlink/rtnl/nexthop.js';
import { nsid } from '../../src/netlink/rtnl/nsid.js';
import { route } from '../../src/netlink/rtnl/route.js';
import { rule } from '../../src/netlink/rtnl/rule.js';
import { nlaAlign } from '../../src/netlink/nlattr.js';
import { attrSet, decodeAttrs, decodeAttrsWalk, decodeBody, decodeBodyInto, type Body, type MessageFamily } from '../../src/netlink/schema.js';
import { defineStruct, s8, s16, s32, struct, u8, u16, u32, u16be, u32be, u64, blob } from '../../src/netlink/struct.js';
import { addressFixtures } from '../fixtures/rtnl/address.js';
import { linkFixtures } from '../fixtures/rtnl/link.js';
import { neighFixtures } from '../fixtures/rtnl/neigh.js';
import { netconfFixtures } from '../fixtures/rtnl/netconf.js';
import { nexthopFixtures } from '../fixtures/rtnl/nexthop.js';
import { nsidFixtures } from '../fixtures/rtnl/nsid.js';
import { routeFixtures } from '../fixtures/rtnl/route.js';
import { ruleFixtures } from '../fixtures/rtnl/rule.js';
import type { Fixture } from '../helpers/fixture.js';

/** Both decoders' outcome, with the keys' order made visible. */
function outcome(f: () => unknown): string {
  try {
    return JSON.stringify(f(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v && typeof v === 'object' && !Array.isArray(v) && !(v.type === 'Buffer') ? Object.fromEntries(Object.entries(v)) : v));
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

const families: Array<[MessageFamily, Fixture[]]> = [
  [link, linkFixtures], [address, addressFixtures], [route, routeFixtures], [neigh, neighFixtures], [nsid, nsidFixtures],
  [rule, ruleFixtures], [netconf, netconfFixtures], [nexthop, nexthopFixtures],
];

/** A deterministic pseudo-random sequence. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

describe('compiled decoders', () => {
  it('decode every fixture as the table walk does', () => {
    let n = 0;
    for (const [family, fixtures] of families) {
      for (const f of fixtures) {
        const bytes = Buffer.from(f.hex, 'hex');
        const [m] = splitMessages(bytes);
        const at = m!.start + nlaAlign(family.header.size);
        expect(outcome(() => decodeAttrs(family.attrs, bytes, at, m!.end)), f.name).toBe(outcome(() => decodeAttrsWalk(family.attrs, bytes, at, m!.end)));
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it('decode every fixture into one reused object as decodeBody does into new ones', () => {
    for (const [family, fixtures] of families) {
      const into = {} as Body;
      for (const f of fixtures) {
        const bytes = Buffer.from(f.hex, 'hex');
        const [m] = splitMessages(bytes);
        if (m!.end - m!.start < family.header.size) continue;
        expect(outcome(() => decodeBodyInto(family, bytes, m!.start, m!.end, into)), f.name).toBe(outcome(() => decodeBody(family, bytes, m!.start, m!.end)));
      }
    }
    expect(() => decodeBodyInto(route, Buffer.alloc(8), 0, 8, {} as Body)).toThrow(/struct rtmsg needs 12 bytes, got 8/);
  });

  it('agree on corrupted copies: the same values, or the same DecodeError with the same path', () => {
    const next = rng(42);
    let errors = 0;
    for (const [family, fixtures] of families) {
      for (const f of fixtures) {
        const bytes = Buffer.from(f.hex, 'hex');
        const [m] = splitMessages(bytes);
        const at = m!.start + nlaAlign(family.header.size);
        for (let k = 0; k < 60; k++) {
          const b = Buffer.from(bytes);
          for (let j = 0; j < 1 + Math.floor(next() * 3); j++) b[at + Math.floor(next() * (m!.end - at))] = Math.floor(next() * 256);
          const end = next() < 0.2 ? at + Math.floor(next() * (m!.end - at)) : m!.end;
          const a = outcome(() => decodeAttrs(family.attrs, b, at, end));
          expect(a, f.name).toBe(outcome(() => decodeAttrsWalk(family.attrs, b, at, end)));
          if (a.startsWith('DecodeError')) errors++;
        }
      }
    }
    expect(errors).toBeGreaterThan(20);
  });

  it('read every scalar kind as the Buffer methods do, in attributes and in structs', () => {
    const set = attrSet('kinds', 'K_', [
      { id: 1, name: 'K_U8', type: 'u8' }, { id: 2, name: 'K_S8', type: 's8' }, { id: 3, name: 'K_U16', type: 'u16' },
      { id: 4, name: 'K_S16', type: 's16' }, { id: 5, name: 'K_BE16', type: 'be16' }, { id: 6, name: 'K_U32', type: 'u32' },
      { id: 7, name: 'K_S32', type: 's32' }, { id: 8, name: 'K_BE32', type: 'be32' }, { id: 9, name: 'K_FLAG', type: 'flag' },
      { id: 10, name: 'K_STR', type: 'string' }, { id: 11, name: 'K_IP', type: 'ipaddr', multi: true }, { id: 12, name: 'odd-name', type: 'u32' },
    ]);
    const next = rng(7);
    const st = defineStruct<Record<string, unknown>>('kinds', struct([u8('a'), s8('b'), u16('c'), s16('d'), u32('e'), s32('f'), u16be('g'), u32be('h'), u64('i'), blob(3, 'j'), u8(), u8('k')]));
    for (let k = 0; k < 300; k++) {
      const parts: Buffer[] = [];
      const add = (type: number, payload: Buffer) => {
        const h = Buffer.alloc(4);
        h.writeUInt16LE(4 + payload.length, 0);
        h.writeUInt16LE(type, 2);
        parts.push(h, payload, Buffer.alloc(nlaAlign(payload.length) - payload.length));
      };
      const rnd = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
      for (const [id, size] of [[1, 1], [2, 1], [3, 2], [4, 2], [5, 2], [6, 4], [7, 4], [8, 4], [9, 0], [12, 4]] as const) add(id, rnd(next() < 0.05 ? size + 1 : size));
      add(10, Buffer.from('eth0\0'));
      add(11, rnd(4));
      add(11, rnd(16));
      add(11, rnd(5));
      add(99, rnd(3));
      const b = Buffer.concat(parts);
      expect(outcome(() => decodeAttrs(set, b, 0, b.length))).toBe(outcome(() => decodeAttrsWalk(set, b, 0, b.length)));
      const raw = rnd(st.size + 2);
      const expected: Record<string, unknown> = {
        a: raw.readUInt8(0), b: raw.readInt8(1), c: raw.readUInt16LE(2), d: raw.readInt16LE(4), e: raw.readUInt32LE(6), f: raw.readInt32LE(10),
        g: raw.readUInt16BE(14), h: raw.readUInt32BE(16), i: raw.readBigUInt64LE(20), j: Buffer.from(raw.subarray(28, 31)), k: raw[32],
      };
      expect(st.decode(raw, 0)).toEqual(expected);
      expect(Object.keys(st.decode(raw, 0))).toEqual(Object.keys(expected));
      const into = { k: -1, z: 'kept' } as Record<string, unknown>;
      expect(st.decodeInto(raw, 0, into)).toBe(into);
      expect(into).toEqual({ ...expected, z: 'kept' });
      expect(st.decode(raw, 1, st.size - 1)).toMatchObject({ _size: st.size - 1 }); // short: the loop, as before
      expect(st.decode(raw, 0, st.size + 2)._trailing).toEqual(raw.subarray(st.size));
    }
  });

  it('keep the nesting bound', () => {
    const deep = Array.from({ length: 40 }, () => 'x');
    expect(() => decodeAttrs(route.attrs, Buffer.alloc(0), 0, 0, deep)).toThrow(DecodeError);
  });
});
