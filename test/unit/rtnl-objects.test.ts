// Rules, netconf and nexthops: every captured fixture decodes to its
// expected object and encodes back to the same bytes (checkFixture); then
// what the codec reads from those bytes, in the kernel's names: actions and
// flags (FR_ACT_*, FIB_RULE_*), the "not set" -1s, NETCONFA_IFINDEX_ALL and
// _DEFAULT, group weights, the NLA_F_NESTED bits the kernel requires.

import { describe, expect, it } from 'vitest';
import { NLA_F_NESTED } from '../../src/netlink/constants.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { Writer, listAttrs } from '../../src/netlink/nlattr.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { RTM, RTNLGRP, RTNH_F_ONLINK, RT_TABLE, RTPROT, rtnlFamily } from '../../src/netlink/rtnl/index.js';
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT, netconf } from '../../src/netlink/rtnl/netconf.js';
import { NEXTHOP_GRP_TYPE, NHA_OP_FLAG, groupStatsEntryAttrs, nexthop, nexthopAttrs } from '../../src/netlink/rtnl/nexthop.js';
import { FIB_RULE, FR_ACT, rule } from '../../src/netlink/rtnl/rule.js';
import { decodeAttrs, decodeBody, encodeAttrs, encodeBody, type Body, type MessageFamily } from '../../src/netlink/schema.js';
import { checkFixture, type Fixture } from '../helpers/fixture.js';
import { netconfFixtures } from '../fixtures/rtnl/netconf.js';
import { nexthopFixtures } from '../fixtures/rtnl/nexthop.js';
import { ruleFixtures } from '../fixtures/rtnl/rule.js';

/** The fixture whose name starts with `prefix`: exactly one. */
function fixture(fixtures: Fixture[], prefix: string): Fixture {
  const found = fixtures.filter((f) => f.name.startsWith(prefix));
  expect(found.map((f) => f.name), prefix).toHaveLength(1);
  return found[0]!;
}

/** What the codec reads from a fixture's bytes (not its expected object). */
function decoded(family: MessageFamily, f: Fixture): Record<string, any> & { attrs: Record<string, any> } {
  const bytes = Buffer.from(f.hex, 'hex');
  const [m] = splitMessages(bytes);
  return decodeBody(family, bytes, m!.start, m!.end) as Record<string, any> & { attrs: Record<string, any> };
}

/** The bytes encodeBody writes for a body. */
function encoded(family: MessageFamily, body: Partial<Body>): Buffer {
  const w = new Writer(64);
  encodeBody(family, body, w);
  return Buffer.from(w.view());
}

/** nla_type (flags included) of each top-level attribute of an encoded body. */
function types(family: MessageFamily, bytes: Buffer): Map<number, number> {
  const hsize = (family.header.size + 3) & ~3;
  return new Map(listAttrs(bytes, hsize, bytes.length).map((a) => [a.type, a.rawType]));
}

describe('the message types map to their families', () => {
  it('RTM_*RULE, RTM_*NETCONF, RTM_*NEXTHOP and RTM_*NEXTHOPBUCKET', () => {
    for (const t of [RTM.RTM_NEWRULE, RTM.RTM_DELRULE, RTM.RTM_GETRULE]) expect(rtnlFamily(t)).toBe(rule);
    for (const t of [RTM.RTM_NEWNETCONF, RTM.RTM_DELNETCONF, RTM.RTM_GETNETCONF]) expect(rtnlFamily(t)).toBe(netconf);
    for (const t of [RTM.RTM_NEWNEXTHOP, RTM.RTM_DELNEXTHOP, RTM.RTM_GETNEXTHOP, RTM.RTM_NEWNEXTHOPBUCKET, RTM.RTM_DELNEXTHOPBUCKET, RTM.RTM_GETNEXTHOPBUCKET]) {
      expect(rtnlFamily(t)).toBe(nexthop);
    }
    expect([RTM.RTM_NEWRULE, RTM.RTM_NEWNETCONF, RTM.RTM_NEWNEXTHOP, RTM.RTM_NEWNEXTHOPBUCKET]).toEqual([32, 80, 104, 116]);
    expect([RTNLGRP.RTNLGRP_IPV4_RULE, RTNLGRP.RTNLGRP_IPV6_RULE, RTNLGRP.RTNLGRP_IPV4_NETCONF, RTNLGRP.RTNLGRP_IPV6_NETCONF, RTNLGRP.RTNLGRP_MPLS_NETCONF, RTNLGRP.RTNLGRP_NEXTHOP])
      .toEqual([8, 19, 24, 25, 29, 32]);
  });
});

describe('rule (fib_rule_hdr + FRA_*)', () => {
  it.each(ruleFixtures)('$name', (f) => checkFixture(f, rule));

  it('reads the action of each rule ip added: to table, goto, nop, blackhole, unreachable, prohibit', () => {
    const action = (prefix: string) => decoded(rule, fixture(ruleFixtures, prefix)).action;
    expect(action('IPv4 rule from 10.1.0.0/16 to 10.2.0.0/16')).toBe(FR_ACT.FR_ACT_TO_TBL);
    expect(action('IPv4 rule goto 170')).toBe(FR_ACT.FR_ACT_GOTO);
    expect(action('IPv4 rule nop')).toBe(FR_ACT.FR_ACT_NOP);
    expect(action('IPv4 rule from 10.3.0.0/16 blackhole')).toBe(FR_ACT.FR_ACT_BLACKHOLE);
    expect(action('IPv4 rule from 10.5.0.0/16 unreachable')).toBe(FR_ACT.FR_ACT_UNREACHABLE);
    expect(action('IPv4 rule not to 10.4.0.0/16 prohibit')).toBe(FR_ACT.FR_ACT_PROHIBIT);
    expect(decoded(rule, fixture(ruleFixtures, 'IPv4 rule goto 170')).attrs.FRA_GOTO).toBe(170);
  });

  it('reads "not" as FIB_RULE_INVERT and a missing iif as FIB_RULE_IIF_DETACHED', () => {
    expect(decoded(rule, fixture(ruleFixtures, 'IPv4 rule not to 10.4.0.0/16')).flags).toBe(FIB_RULE.FIB_RULE_INVERT);
    expect(decoded(rule, fixture(ruleFixtures, 'IPv6 rule not from')).flags).toBe(FIB_RULE.FIB_RULE_INVERT);
    const ghost = decoded(rule, fixture(ruleFixtures, 'IPv4 rule iif ghost0'));
    expect(ghost.flags).toBe(FIB_RULE.FIB_RULE_IIF_DETACHED);
    expect(ghost.attrs.FRA_IIFNAME).toBe('ghost0');
  });

  it('reads FRA_SUPPRESS_PREFIXLEN -1 (not set) on every dumped rule but the one that sets 0', () => {
    const dumped = ruleFixtures.filter((f) => f.name.endsWith('dump reply')).map((f) => [f.name, decoded(rule, f).attrs.FRA_SUPPRESS_PREFIXLEN]);
    expect(dumped.length).toBeGreaterThan(15);
    for (const [name, v] of dumped) expect(v, name as string).toBe(/suppress_prefixlength 0/.test(name as string) ? 0 : -1);
  });

  it('reads the default rules as the kernel installs them: lookup local at 0 and main at 32766, proto kernel', () => {
    const local = decoded(rule, fixture(ruleFixtures, 'IPv4 rule 0: lookup local'));
    expect(local.table).toBe(RT_TABLE.RT_TABLE_LOCAL);
    expect(local.attrs.FRA_PRIORITY).toBeUndefined(); // priority 0 is not sent
    expect(local.attrs.FRA_PROTOCOL).toBe(RTPROT.RTPROT_KERNEL);
    const main = decoded(rule, fixture(ruleFixtures, 'IPv4 rule 32766'));
    expect([main.table, main.attrs.FRA_TABLE, main.attrs.FRA_PRIORITY]).toEqual([RT_TABLE.RT_TABLE_MAIN, RT_TABLE.RT_TABLE_MAIN, 32766]);
  });

  it('reads a table above 255 as RT_TABLE_COMPAT in the header and the id in FRA_TABLE', () => {
    const r = decoded(rule, fixture(ruleFixtures, 'IPv4 rule with FRA_DSCP'));
    expect(r.table).toBe(RT_TABLE.RT_TABLE_COMPAT);
    expect(r.attrs.FRA_TABLE).toBe(300);
  });

  it('reads the uid and port ranges as structs, host byte order', () => {
    expect(decoded(rule, fixture(ruleFixtures, 'IPv4 rule uidrange')).attrs.FRA_UID_RANGE).toEqual({ start: 1000, end: 2000 });
    const ports = decoded(rule, fixture(ruleFixtures, 'IPv4 rule ipproto tcp')).attrs;
    expect([ports.FRA_SPORT_RANGE, ports.FRA_DPORT_RANGE, ports.FRA_DPORT_MASK, ports.FRA_IP_PROTO]).toEqual([{ start: 1000, end: 2000 }, { start: 80, end: 80 }, 0xffff, 6]);
  });

  it('reads the attributes newer than iproute2 6.1: FRA_DSCP .. FRA_DSCP_MASK, FRA_TUN_ID as a bigint', () => {
    const v4 = decoded(rule, fixture(ruleFixtures, 'IPv4 rule with FRA_DSCP')).attrs;
    expect([v4.FRA_DSCP, v4.FRA_DSCP_MASK, v4.FRA_SPORT_MASK]).toEqual([10, 0x3f, 0xf000]);
    expect(v4.FRA_TUN_ID).toBe(0x1122334455667788n);
    const v6 = decoded(rule, fixture(ruleFixtures, 'IPv6 rule with FRA_FLOWLABEL')).attrs;
    expect([v6.FRA_FLOWLABEL, v6.FRA_FLOWLABEL_MASK, v6.FRA_DSCP]).toEqual([0x12345, 0xfffff, 46]);
  });

  it('reads realms 3/4 as FRA_FLOW from << 16 | to', () => {
    const flow = decoded(rule, fixture(ruleFixtures, 'IPv4 rule from 10.6.0.0/16 realms 3/4')).attrs.FRA_FLOW as number;
    expect([flow >>> 16, flow & 0xffff]).toEqual([3, 4]);
  });

  it('keeps an FRA_PAD before FRA_TUN_ID, and an unknown id, byte for byte', () => {
    // not captured: the kernel pads FRA_TUN_ID only when it would sit off an 8-byte boundary
    const hex = '04001200' + '0c000c001122334455667788' + '08001f00aabbccdd';
    const bytes = Buffer.from(hex, 'hex');
    const attrs = decodeAttrs(rule.attrs, bytes, 0, bytes.length);
    expect(attrs).toEqual({ FRA_PAD: Buffer.alloc(0), FRA_TUN_ID: 0x1122334455667788n, FRA_31: { type: 31, raw: Buffer.from('aabbccdd', 'hex') } });
    const w = new Writer(16);
    encodeAttrs(rule.attrs, attrs, w);
    expect(w.view().toString('hex')).toBe(hex);
  });
});

describe('netconf (netconfmsg + NETCONFA_*)', () => {
  it.each(netconfFixtures)('$name', (f) => checkFixture(f, netconf));

  it('reads "all" and "default" as NETCONFA_IFINDEX_ALL and NETCONFA_IFINDEX_DEFAULT, in both families', () => {
    for (const fam of ['IPv4', 'IPv6']) {
      expect(decoded(netconf, fixture(netconfFixtures, `${fam} all`)).attrs.NETCONFA_IFINDEX).toBe(NETCONFA_IFINDEX_ALL);
      expect(decoded(netconf, fixture(netconfFixtures, `${fam} default`)).attrs.NETCONFA_IFINDEX).toBe(NETCONFA_IFINDEX_DEFAULT);
    }
  });

  it('reads the sysctls set on va: forwarding 1, rp_filter 2 (loose), proxy_arp 1, ignore_routes_with_linkdown 1', () => {
    const va = decoded(netconf, fixture(netconfFixtures, 'IPv4 va')).attrs;
    expect([va.NETCONFA_FORWARDING, va.NETCONFA_RP_FILTER, va.NETCONFA_PROXY_NEIGH, va.NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN]).toEqual([1, 2, 1, 1]);
    const va6 = decoded(netconf, fixture(netconfFixtures, 'IPv6 va')).attrs;
    expect(va6.NETCONFA_FORWARDING).toBe(1);
    expect(va6.NETCONFA_RP_FILTER).toBeUndefined();
  });

  it('pads the one-byte netconfmsg to 4 bytes before the attributes', () => {
    expect(encoded(netconf, { ncm_family: 2, attrs: { NETCONFA_IFINDEX: -1 } }).toString('hex')).toBe('02000000' + '08000100ffffffff');
  });
});

describe('nexthop (nhmsg + NHA_*), and nexthop buckets', () => {
  it.each(nexthopFixtures)('$name', (f) => checkFixture(f, nexthop));

  it('reads group weights as the kernel keeps them, weight - 1: group 1/2,3 is weights 1 and 3', () => {
    const g = decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 10 group 1/2,3')).attrs;
    const weights = (g.NHA_GROUP as Array<{ id: number; weight: number; weight_high: number }>).map((e) => [e.id, (e.weight_high << 8 | e.weight) + 1]);
    expect(weights).toEqual([[1, 1], [2, 3]]);
    expect(g.NHA_GROUP_TYPE).toBe(NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_MPATH);
    expect(g.NHA_OP_FLAGS).toBe(NHA_OP_FLAG.NHA_OP_FLAG_RESP_GRP_RESVD_0);
  });

  it('reads a resilient group: type, buckets, timers in clock_t (1/100 s), unbalanced time as a bigint', () => {
    const r = decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 11 resilient group')).attrs;
    expect(r.NHA_GROUP_TYPE).toBe(NEXTHOP_GRP_TYPE.NEXTHOP_GRP_TYPE_RES);
    expect(r.NHA_RES_GROUP).toEqual({
      NHA_RES_GROUP_BUCKETS: 8, NHA_RES_GROUP_IDLE_TIMER: 60 * 100, NHA_RES_GROUP_UNBALANCED_TIMER: 120 * 100, NHA_RES_GROUP_UNBALANCED_TIME: 0n,
    });
  });

  it('reads onlink, blackhole, fdb, scope and protocol', () => {
    expect(decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 3 ')).nh_flags).toBe(RTNH_F_ONLINK);
    expect(decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 4 blackhole')).attrs.NHA_BLACKHOLE).toBe(true);
    expect(decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 8 ')).attrs.NHA_FDB).toBe(true);
    const dev = decoded(nexthop, fixture(nexthopFixtures, 'nexthop id 6 '));
    expect([dev.nh_scope, dev.nh_protocol]).toEqual([254, RTPROT.RTPROT_STATIC]); // RT_SCOPE_HOST
  });

  it('reads a bucket message: its group in NHA_ID, the bucket in NHA_RES_BUCKET', () => {
    const b = decoded(nexthop, fixture(nexthopFixtures, 'bucket reply: ip nexthop bucket get id 11 index 3'));
    expect(b.attrs.NHA_ID).toBe(11);
    expect(b.attrs.NHA_RES_BUCKET.NHA_RES_BUCKET_INDEX).toBe(3);
    expect(b.attrs.NHA_RES_BUCKET.NHA_RES_BUCKET_NH_ID).toBe(2);
    expect(typeof b.attrs.NHA_RES_BUCKET.NHA_RES_BUCKET_IDLE_TIME).toBe('bigint');
  });

  it('reads the group statistics: one NHA_GROUP_STATS_ENTRY per member, NLA_UINT counters as bigint', () => {
    const s = decoded(nexthop, fixture(nexthopFixtures, 'reply: nexthop 20 with NHA_HW_STATS_ENABLE')).attrs;
    expect([s.NHA_HW_STATS_ENABLE, s.NHA_HW_STATS_USED]).toEqual([1, 0]);
    const entries = s.NHA_GROUP_STATS.NHA_GROUP_STATS_ENTRY as Array<Record<string, unknown>>;
    expect(entries.map((e) => e.NHA_GROUP_STATS_ENTRY_ID)).toEqual([1, 2]);
    for (const e of entries) expect([typeof e.NHA_GROUP_STATS_ENTRY_PACKETS, typeof e.NHA_GROUP_STATS_ENTRY_PACKETS_HW]).toEqual(['bigint', 'bigint']);
  });

  it('writes NLA_UINT as the kernel does: 4 bytes below 2^32, 8 from there; refuses other lengths', () => {
    // not captured: no packet went through the group, so the kernel sent 4-byte zeros
    const enc = (v: bigint) => {
      const w = new Writer(8);
      encodeAttrs(groupStatsEntryAttrs, { NHA_GROUP_STATS_ENTRY_PACKETS: v }, w);
      return w.view().toString('hex');
    };
    expect(enc(7n)).toBe('08000200' + '07000000');
    expect(enc(0x1_0000_0000n)).toBe('0c000200' + '0000000001000000');
    const eight = Buffer.from('0c000200' + '0500000000000000', 'hex');
    expect(decodeAttrs(groupStatsEntryAttrs, eight, 0, 12)).toEqual({ NHA_GROUP_STATS_ENTRY_PACKETS: 5n });
    const six = Buffer.from('0a000200' + '050000000000' + '0000', 'hex');
    expect(() => decodeAttrs(groupStatsEntryAttrs, six, 0, 12)).toThrow(DecodeError);
    expect(() => encodeAttrs(groupStatsEntryAttrs, { NHA_GROUP_STATS_ENTRY_PACKETS: -1n }, new Writer(8))).toThrow(TypeError);
  });

  it('sets NLA_F_NESTED on NHA_RES_GROUP, NHA_RES_BUCKET, NHA_ENCAP and NHA_GROUP_STATS, as the kernel requires and sends', () => {
    const nested = (prefix: string, id: number) => {
      const f = fixture(nexthopFixtures, prefix);
      const original = types(nexthop, Buffer.from(f.hex, 'hex').subarray(16)).get(id);
      const ours = types(nexthop, encoded(nexthop, decoded(nexthop, f))).get(id);
      expect(original! & NLA_F_NESTED, `${prefix}: as captured`).toBe(NLA_F_NESTED);
      expect(ours, `${prefix}: as tsip writes it`).toBe(original);
    };
    nested('request: ip nexthop add id 11', nexthopAttrs.byName.get('NHA_RES_GROUP')!.id);
    nested('nexthop id 11 resilient group', 12);
    nested('bucket request: ip nexthop bucket get', 13);
    nested('bucket 0 of group 11', 13);
    nested('request: ip nexthop add id 13 encap mpls', 8);
    nested('reply: nexthop 20 with NHA_HW_STATS_ENABLE', 15);
  });
});
