// addPolicyRule, deletePolicyRule, flushPolicyRules, addNexthop,
// replaceNexthop, deleteNexthop and flushNexthops send what iproute2 6.1
// sends for the same command: each op runs against a fake kernel and its
// requests are compared, byte for byte, with the requests captured from ip
// (test/fixtures/rtnl/{rule,nexthop}.ts). Bad input never reaches the
// (fake) kernel.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/netlink/errors.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { addNexthop, deleteNexthop, flushNexthops, replaceNexthop, type NexthopObjectSpec } from '../../src/ops/nexthop.js';
import { addPolicyRule, deletePolicyRule, flushPolicyRules, type PolicyRuleSpec } from '../../src/ops/rule.js';
import { nexthopFixtures } from '../fixtures/rtnl/nexthop.js';
import { ruleFixtures } from '../fixtures/rtnl/rule.js';
import { expectSameRequest, fakeSocket, fixture, runOn, sentAll } from '../helpers/rtnl-request-fixtures.js';

const RULE_ADDS: [string, PolicyRuleSpec][] = [
  ['request: ip rule add from 10.1.0.0/16 to 10.2.0.0/16 table 100 priority 100', { from: '10.1.0.0/16', to: '10.2.0.0/16', table: 100, priority: 100 }],
  ['request: ip rule add iif va oif vb table 101', { iif: 'va', oif: 'vb', table: 101, priority: 110 }],
  ['request: ip rule add fwmark 0x10/0xff table 102', { fwmark: 0x10, fwmask: 0xff, table: 102, priority: 120 }],
  ['request: ip rule add uidrange 1000-2000 table 103', { uidrange: { start: 1000, end: 2000 }, table: 103, priority: 130 }],
  ['request: ip rule add ipproto tcp sport 1000-2000 dport 80 table 104', { ipproto: 'tcp', sport: '1000-2000', dport: 80, table: 104, priority: 140 }],
  ['request: ip rule add table main suppress_prefixlength 0', { table: 'main', suppressPrefixlen: 0, priority: 150 }],
  ['request: ip rule add goto 170', { goto: 170, priority: 160 }],
  ['request: ip rule add not to 10.4.0.0/16 prohibit', { not: true, to: '10.4.0.0/16', action: 'prohibit', priority: 190 }],
  ['request: ip rule add from 10.6.0.0/16 realms 3/4 table 106 protocol static', { from: '10.6.0.0/16', realms: { from: 3, to: 4 }, table: 106, protocol: 'static', priority: 197 }],
  ['request: ip rule add table main suppress_ifgroup 7', { table: 'main', suppressIfgroup: 7, priority: 198 }],
  ['request: ip -6 rule add from 2001:db8:1::/48 to 2001:db8:2::/48 table 200 priority 200', { from: '2001:db8:1::/48', to: '2001:db8:2::/48', table: 200, priority: 200 }],
  ['request: ip -6 rule add fwmark 0x1 ipproto udp dport 53 iif va table 201', { family: 'inet6', fwmark: 1, ipproto: 17, dport: { start: 53, end: 53 }, iif: 'va', table: 201, priority: 210 }],
  ['request: ip rule add tos 0x10 fwmark 7 table 1000 pref 300', { tos: 0x10, fwmark: 7, table: 1000, priority: 300 }],
  ['request: ip rule add l3mdev pref 310', { l3mdev: true, priority: 310 }],
  ['request: ip rule add from 10.9.0.0/16 unreachable pref 320', { from: '10.9.0.0/16', action: 'unreachable', priority: 320 }],
];

const RULE_DELS: [string, PolicyRuleSpec][] = [
  ['request: ip rule del priority 100', { priority: 100 }],
  ['request: ip rule del from 10.9.0.0/16 unreachable pref 320', { from: '10.9.0.0/16', action: 'unreachable', priority: 320 }],
  ['request: ip rule del table 1000', { table: 1000 }],
];

describe('rule writes: the requests ip sends', () => {
  it.each(RULE_ADDS)('addPolicyRule = %s', async (name, spec) => {
    const { k } = await runOn((socket) => addPolicyRule(spec, { socket }));
    const sent = sentAll(k);
    expect(sent).toHaveLength(1);
    expectSameRequest(sent[0], fixture(ruleFixtures, name));
  });

  it.each(RULE_DELS)('deletePolicyRule = %s', async (name, spec) => {
    const { k } = await runOn((socket) => deletePolicyRule(spec, { socket }));
    expectSameRequest(sentAll(k)[0], fixture(ruleFixtures, name));
  });

  it('flushPolicyRules = ip rule flush: the dump, then each dumped rule with a priority sent back as RTM_DELRULE', async () => {
    const local = ruleFixtures.find((f) => f.provenance.direction === 'reply' && f.type === RTM.RTM_NEWRULE && (f.expected as { attrs: Record<string, unknown> }).attrs.FRA_PRIORITY === undefined)!;
    expect(local).toBeDefined();
    const dels = [fixture(ruleFixtures, 'request: ip rule flush, one delete'), fixture(ruleFixtures, 'request: ip rule flush, the delete of the default rule main')];
    const { k, got } = await runOn((socket) => flushPolicyRules({ family: 'inet', socket }), () => ({ fixtures: [local, ...dels], as: RTM.RTM_NEWRULE }));
    expectSameRequest(sentAll(k, RTM.RTM_GETRULE)[0], fixture(ruleFixtures, 'request: ip rule flush, its dump'));
    const sent = sentAll(k, RTM.RTM_DELRULE);
    expect(sent).toHaveLength(2);
    expectSameRequest(sent[0], dels[0]!);
    expectSameRequest(sent[1], dels[1]!);
    expect(got.map((r) => r.priority)).toEqual([330, 32766]);
  });

  it('flushPolicyRules with a protocol deletes only that protocol\'s rules', async () => {
    const dels = [fixture(ruleFixtures, 'request: ip rule flush, one delete'), fixture(ruleFixtures, 'request: ip rule flush, the delete of the default rule main')];
    const { k, got } = await runOn((socket) => flushPolicyRules({ protocol: 99, socket }), () => ({ fixtures: dels, as: RTM.RTM_NEWRULE }));
    expect(sentAll(k, RTM.RTM_DELRULE)).toHaveLength(1);
    expect(got.map((r) => r.priority)).toEqual([330]);
  });

  it.each([
    [{ from: '10.1.0.0/33' }, /10\.1\.0\.0\/33/],
    [{ from: '10.1.0.0/16', to: '2001:db8::/32' }, /2001:db8::\/32/],
    [{ table: 'nosuch' }, /"nosuch" is wrong: "table"/],
    [{ action: 'jump' as never }, /"jump" is wrong: Failed to parse rule type/],
    [{ action: 'goto' as const }, /needs a "goto" target/],
    [{ goto: 5, action: 'nop' as const }, /"goto" needs the action goto/],
    [{ sport: '2000-1000' }, /"2000-1000" is wrong: invalid sport/],
    [{ dport: 70000 }, /"70000" is wrong: "dport end" value is invalid|"70000" is wrong: "dport start"/],
    [{ iif: 'a/b' }, /"a\/b" is wrong: "iif" not a valid ifname/],
    [{ ipproto: 'tcpx' }, /"tcpx" is wrong: Invalid "ipproto" value/],
    [{ l3mdev: true, table: 5 }, /table can not be specified for l3mdev rules/],
    [{ fwmask: 0xff }, /"fwmask" needs "fwmark"/],
    [{ priority: -1 }, /"-1" is wrong: "priority"/],
    [{ uidrange: { start: 5, end: 1 } }, /UID range/],
    [{ bogus: 1 } as never, /"bogus" is wrong: unknown rule option/],
    [{ family: 'inet7' as never }, /inet7/],
  ] as [PolicyRuleSpec, RegExp][])('addPolicyRule(%o) is refused before the kernel', async (spec, msg) => {
    const { k, socket } = fakeSocket();
    try {
      const p = addPolicyRule(spec, { socket });
      await expect(p).rejects.toThrow(msg);
      await expect(p).rejects.toBeInstanceOf(UsageError);
      expect(k.sent).toHaveLength(0);
    } finally {
      socket.close();
    }
  });

  it('deletePolicyRule({}) is refused, as "ip rule del" without arguments', async () => {
    const { k, socket } = fakeSocket();
    await expect(deletePolicyRule({}, { socket })).rejects.toThrow('"ip rule del" requires arguments.');
    expect(k.sent).toHaveLength(0);
    socket.close();
  });
});

const NH_ADDS: [string, NexthopObjectSpec][] = [
  ['request: ip nexthop add id 1 via 10.1.1.2 dev va', { id: 1, via: '10.1.1.2', dev: 'va' }],
  ['request: ip nexthop add id 3 via 10.9.9.9 dev va onlink', { id: 3, via: '10.9.9.9', dev: 'va', onlink: true }],
  ['request: ip nexthop add id 4 blackhole', { id: 4, blackhole: true }],
  ['request: ip nexthop add id 5 via 2001:db8:1::2 dev va', { id: 5, via: '2001:db8:1::2', dev: 'va' }],
  ['request: ip nexthop add id 6 dev va protocol static', { id: 6, dev: 'va', protocol: 'static' }],
  ['request: ip nexthop add id 8 via 10.1.1.8 fdb', { id: 8, via: '10.1.1.8', fdb: true }],
  ['request: ip nexthop add id 10 group 1/2,3', { id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] }],
  ['request: ip nexthop add id 11 group 1/2 type resilient', { id: 11, group: [{ id: 1 }, { id: 2 }], type: 'resilient', buckets: 8, idleTimer: 60, unbalancedTimer: 120 }],
  ['request: ip nexthop add id 12 group 8 fdb', { id: 12, group: [{ id: 8 }], fdb: true }],
  ['request: ip nexthop add id 20 group 1,5/2 type mpath', { id: 20, group: [{ id: 1, weight: 5 }, { id: 2 }], type: 'mpath' }],
  ['request: ip -6 nexthop add id 21 blackhole', { id: 21, blackhole: true, family: 'inet6' }],
];

describe('nexthop writes: the requests ip sends', () => {
  it.each(NH_ADDS)('addNexthop = %s', async (name, spec) => {
    const { k } = await runOn((socket) => addNexthop(spec, { socket }));
    expectSameRequest(sentAll(k, RTM.RTM_NEWNEXTHOP)[0], fixture(nexthopFixtures, name));
    expect(sentAll(k, RTM.RTM_NEWNEXTHOP)).toHaveLength(1);
  });

  it('replaceNexthop = ip nexthop replace id 2 via 10.1.1.4 dev va (NLM_F_CREATE|NLM_F_REPLACE)', async () => {
    const { k } = await runOn((socket) => replaceNexthop({ id: 2, via: '10.1.1.4', dev: 'va' }, { socket }));
    expectSameRequest(sentAll(k, RTM.RTM_NEWNEXTHOP)[0], fixture(nexthopFixtures, 'request: ip nexthop replace id 2'));
  });

  it('deleteNexthop = ip nexthop del id 10', async () => {
    const { k } = await runOn((socket) => deleteNexthop(10, { socket }));
    expectSameRequest(sentAll(k)[0], fixture(nexthopFixtures, 'request: ip nexthop del id 10'));
  });

  it('flushNexthops = ip nexthop flush: the groups dumped and deleted first, then the rest', async () => {
    const reply = (name: string) => fixture(nexthopFixtures, name);
    const groups = [reply('nexthop id 10 group 1/2,3')];
    const rest = [reply('nexthop id 1 via'), ...groups];
    const { k, got } = await runOn((socket) => flushNexthops({ socket }),
      (m) => ({ fixtures: m.buf.subarray(m.start, m.end).includes(Buffer.from('04000900', 'hex')) ? groups : rest }));
    const dumps = sentAll(k, RTM.RTM_GETNEXTHOP);
    expect(dumps).toHaveLength(2);
    expectSameRequest(dumps[0], fixture(nexthopFixtures, 'request: ip nexthop flush, its first dump'));
    expectSameRequest(dumps[1], fixture(nexthopFixtures, 'request: ip nexthop flush, its second dump'));
    const dels = sentAll(k, RTM.RTM_DELNEXTHOP);
    expect(dels.map((d) => d.readUInt32LE(dels[0]!.length - 4))).toEqual([10, 1, 10]);
    expectSameRequest(dels[1], fixture(nexthopFixtures, 'request: ip nexthop flush, one delete'));
    expect(got.map((n) => n.id)).toEqual([10, 1, 10]);
  });

  it('flushNexthops with a protocol skips the others', async () => {
    const { k, got } = await runOn((socket) => flushNexthops({ protocol: 'static', socket }),
      () => ({ fixtures: [fixture(nexthopFixtures, 'nexthop id 1 via'), fixture(nexthopFixtures, 'nexthop id 6 dev va')] }));
    expect(got.map((n) => n.id)).toEqual([6, 6]);
    expect(sentAll(k, RTM.RTM_DELNEXTHOP)).toHaveLength(2);
  });

  it.each([
    [{ id: 0, blackhole: true }, /"0" is wrong: invalid id value/],
    [{ id: 1, group: [] }, /"group" needs at least one member/],
    [{ id: 1, group: [{ id: 2 }, { id: 2 }] }, /"2" is wrong: a nexthop is twice in the group/],
    [{ id: 1, group: [{ id: 2, weight: 0 }] }, /"0" is wrong: "weight" value is invalid/],
    [{ id: 1, blackhole: true, dev: 'va' }, /"va" is wrong: a blackhole takes no "dev"/],
    [{ id: 1, group: [{ id: 2 }], via: '10.1.1.2' }, /a group takes no "via"/],
    [{ id: 1, via: '10.1.1.2' }, /needs "dev", "blackhole", "group", or "fdb"/],
    [{ id: 1, via: '10.1.1', dev: 'va' }, /"10\.1\.1"/],
    [{ id: 1, via: '10.1.1.2', dev: 'va', family: 'inet6' }, /inet6 address is expected rather than "10\.1\.1\.2"/],
    [{ id: 1, group: [{ id: 2 }], type: 'ecmp' as never }, /"ecmp" is wrong: "type" value is invalid/],
    [{ id: 1, group: [{ id: 2 }], buckets: 8 }, /need type resilient/],
    [{ id: 1, group: [{ id: 2 }], type: 'resilient', idleTimer: -1 }, /"-1" is wrong: invalid idle timer value/],
    [{ id: 1, dev: 'va', protocol: 'nosuch' }, /"nosuch" is wrong: "protocol" value is invalid/],
    [{ id: 1, encap: { mpls: 100 }, dev: 'va' } as never, /encapsulation \("encap"\) is not supported/],
  ] as [NexthopObjectSpec, RegExp][])('addNexthop(%o) is refused before the kernel', async (spec, msg) => {
    const { k, socket } = fakeSocket();
    try {
      const p = addNexthop(spec, { socket });
      await expect(p).rejects.toThrow(msg);
      await expect(p).rejects.toBeInstanceOf(UsageError);
      expect(k.sent).toHaveLength(0);
    } finally {
      socket.close();
    }
  });

  it('deleteNexthop(0) and flushNexthops({ family: "x" }) are refused before the kernel', async () => {
    const { k, socket } = fakeSocket();
    await expect(deleteNexthop(0, { socket })).rejects.toThrow(/invalid id value/);
    await expect(flushNexthops({ family: 'x' as never, socket })).rejects.toThrow(/"x"/);
    await expect(flushPolicyRules({ protocol: 'nosuch', socket })).rejects.toThrow(/"nosuch"/);
    expect(k.sent).toHaveLength(0);
    socket.close();
  });
});
