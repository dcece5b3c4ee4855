// The decoder under bad bytes: a short seeded run of the fuzzer
// (scripts/fuzz-core.ts; scripts/fuzz.ts runs a million cases and more), and
// one test for each defect the fuzzer found, named by its path in the codec.

import { describe, expect, it } from 'vitest';
import { checkCase, corpus, deepMultipath, deepVeth, isEncoderRefusal, makeCase, runRange, PROTOCOLS } from '../../scripts/fuzz-core.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { decodeError, splitMessages } from '../../src/netlink/nlmsghdr.js';
import { MAX_NEST_DEPTH, decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { traceDatagram } from '../../src/netlink/trace.js';
import { link, route } from '../../src/netlink/rtnl/index.js';
import { rule } from '../../src/netlink/nftables/rule.js';
import { attr } from '../helpers/attr-bytes.js';

/** What decoding a whole datagram with `family` throws, or undefined. */
function thrown(bytes: Buffer, family = route): unknown {
  try {
    const [m] = splitMessages(bytes);
    decodeBody(family, m!.buf, m!.start, m!.end);
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('decoder fuzzing, a seeded corpus', () => {
  it('has every captured fixture in its corpus: rtnl link/address/route/neigh/nsid/rule/netconf/nexthop, nftables, netlink errors', () => {
    const names = corpus().map((s) => s.name);
    for (const prefix of ['rtnl/link', 'rtnl/address', 'rtnl/route', 'rtnl/neigh', 'rtnl/nsid', 'rtnl/rule', 'rtnl/netconf', 'rtnl/nexthop', 'netlink/errors', 'nftables/nft', 'nftables/iptables', 'nftables/listing']) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('is deterministic: a case is a function of (seed, index)', () => {
    for (const i of [0, 1, 977, 4095]) {
      const a = makeCase(5, i);
      const b = makeCase(5, i);
      expect(b.bytes.equals(a.bytes)).toBe(true);
      expect(b.mutations).toEqual(a.mutations);
    }
    expect(makeCase(5, 1).bytes.equals(makeCase(6, 1).bytes)).toBe(false);
  });

  it('4,000 mutated datagrams: each returns or throws DecodeError, in the decoder, the trace and the encoder', () => {
    const r = runRange(20_240_917, 0, 4000);
    // A failure names its seed and case: npx tsx scripts/fuzz.ts --seed S --case N --verbose
    expect(r.failures.map((f) => `seed ${f.seed} case ${f.index} (${f.stage}, ${f.mutations.join('+')}): ${f.error.split('\n')[0]}`)).toEqual([]);
    expect(r.cases).toBe(4000);
    // the mutations leave plenty that still decodes, and plenty refused
    expect(r.outcomes.bodiesDecoded).toBeGreaterThan(500);
    expect(r.outcomes.bodiesRefused).toBeGreaterThan(500);
    expect(r.outcomes.datagramsRefused).toBeGreaterThan(200);
  });

  it('the unmutated corpus decodes without a single refusal of its own family', () => {
    for (const s of corpus()) {
      for (const m of splitMessages(s.bytes)) {
        const fam = PROTOCOLS[s.proto].family(m.hdr.nlmsg_type);
        if (fam) expect(() => decodeBody(fam, m.buf, m.start, m.end), s.name).not.toThrow();
      }
    }
  });
});

describe('defects the fuzzer found, fixed', () => {
  it('schema.ts decodeAttrs: RTA_MULTIPATH nested 5,000 deep is a DecodeError, not a stack overflow (RangeError)', () => {
    const e = thrown(deepMultipath(5000));
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).reason).toBe(`nested more than ${MAX_NEST_DEPTH} levels deep`);
    expect((e as DecodeError).path.slice(0, 3)).toEqual(['rtmsg', 'RTA_MULTIPATH', 'rtnexthop[0]']);
  });

  it('schema.ts decodeAttrs: VETH_INFO_PEER nested 1,600 deep (a link message in a link message) is a DecodeError', () => {
    const e = thrown(deepVeth(1600), link);
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).path.slice(0, 3)).toEqual(['ifinfomsg', 'IFLA_LINKINFO', 'IFLA_INFO_DATA']);
  });

  it('legitimate nests still decode: a veth peer 3 deep, a nexthop 3 deep', () => {
    expect(thrown(deepVeth(3), link)).toBeUndefined();
    expect(thrown(deepMultipath(3))).toBeUndefined();
    const [m] = splitMessages(deepVeth(3));
    const body = decodeBody(link, m!.buf, m!.start, m!.end) as any;
    expect(body.attrs.IFLA_LINKINFO.IFLA_INFO_DATA.VETH_INFO_PEER.attrs.IFLA_LINKINFO.IFLA_INFO_KIND).toBe('veth');
  });

  it('trace.ts attrLines: the same nests print a note at the limit, not "Maximum call stack size exceeded"', () => {
    // the veth peer is walked by the trace itself; RTA_MULTIPATH by its codec, whose DecodeError it shows
    const veth = traceDatagram('reply', deepVeth(1600), PROTOCOLS.rtnl);
    expect(veth).toContain(`!! nested deeper than ${MAX_NEST_DEPTH} levels`);
    const mp = traceDatagram('reply', deepMultipath(5000), PROTOCOLS.rtnl);
    expect(mp).toMatch(/RTA_MULTIPATH !! cannot decode RTA_MULTIPATH > rtnexthop\[0\] > .*: nested more than 32 levels deep/);
    for (const text of [veth, mp]) expect(text).not.toContain('call stack');
  });

  it('nlmsghdr.ts decodeError: an echoed nlmsg_len of 2^31 or more no longer reads TLVs at a negative offset (RangeError)', () => {
    // NLMSG_ERROR, not capped, NLM_F_ACK_TLVS: error -22, echoed header claiming 0x80000010 bytes
    const body = Buffer.alloc(4 + 16 + 12);
    body.writeInt32LE(-22, 0);
    body.writeUInt32LE(0x80000010, 4);
    attr(1, Buffer.from('bad\0')).copy(body, 20);
    const h = Buffer.alloc(16);
    h.writeUInt32LE(16 + body.length, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(0x200, 6);
    const bytes = Buffer.concat([h, body]);
    const [m] = splitMessages(bytes);
    expect(decodeError(m!)).toMatchObject({ errno: 22, extack: {} });
    const text = traceDatagram('reply', bytes, PROTOCOLS.rtnl);
    expect(text).toContain('error=-22 (-EINVAL)');
    expect(text).not.toContain('out of range');
  });

  it('nftables/expr.ts NFTA_EXPR_DATA: an expression named "toString", "constructor" or "__proto__" keeps its data as bytes (was a TypeError from Object.prototype)', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const data = attr(1, Buffer.from([0, 0, 0, 1]));
      const expr = attr(1, Buffer.concat([attr(1, Buffer.from(`${name}\0`)), attr(2, data)]));
      const bytes = Buffer.concat([Buffer.alloc(4), attr(4, expr)]);
      const body = decodeBody(rule, bytes, 0, bytes.length) as any;
      expect(body.attrs.NFTA_RULE_EXPRESSIONS.NFTA_LIST_ELEM[0].NFTA_EXPR_DATA).toEqual(data);
    }
  });

  it('schema.ts encodeValue: a nest whose selector names no set is refused with its path (was Writer offsets of NaN)', () => {
    // NFTA_EXPR_DATA decoded as "cmp", then NFTA_EXPR_NAME changed to a name with no table
    const body = {
      nfgen_family: 2, version: 0, res_id: 0,
      attrs: { NFTA_RULE_EXPRESSIONS: { NFTA_LIST_ELEM: [{ NFTA_EXPR_NAME: 'filter', NFTA_EXPR_DATA: { NFTA_CMP_SREG: 1 } }] } },
    };
    let e: unknown;
    try {
      encodeBody(rule, body, new Writer(64));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^nfgenmsg > NFTA_RULE_EXPRESSIONS > NFTA_LIST_ELEM > NFTA_EXPR_DATA: no attribute set/);
    expect(isEncoderRefusal(e)).toBe(true);
  });

  it('the cases that found them now pass', () => {
    // seed 1: 222 and 910 (stack overflow), 533 (negative TLV offset), 172 (the trace's), 1835 (NaN offset)
    for (const i of [172, 222, 533, 667, 910, 1131, 1835, 2305, 2568, 3029, 5779]) expect(checkCase(makeCase(1, i)), `case ${i}`).toBeUndefined();
  });
});
