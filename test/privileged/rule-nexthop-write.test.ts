// The library's write ops for policy rules and nexthop objects against
// iproute2 6.1: each op runs in one fresh namespace and ip runs the same
// command in a twin; the two must then hold the same state, read with
// `ip -j` on both (never with tsip). Kernel refusals keep their errno name
// and the kernel's extended-ack text.

import { expect, it } from 'vitest';
import {
  addNexthop, addPolicyRule, deleteNexthop, deletePolicyRule, flushNexthops, flushPolicyRules, replaceNexthop,
  type NexthopObjectSpec, type PolicyRuleSpec,
} from '../../src/index.js';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { freshNetns, ip, ipJson, privileged } from '../helpers/privileged.js';
import { buildLinks } from '../helpers/rule-nexthop-state.js';

const RULES: [string, PolicyRuleSpec][] = [
  ['rule add from 10.1.0.0/16 to 10.2.0.0/16 table 100 pref 100', { from: '10.1.0.0/16', to: '10.2.0.0/16', table: 100, priority: 100 }],
  ['rule add iif va oif vb table 101 pref 110', { iif: 'va', oif: 'vb', table: 101, priority: 110 }],
  ['rule add fwmark 0x10/0xff table 102 pref 120', { fwmark: 0x10, fwmask: 0xff, table: 102, priority: 120 }],
  ['rule add uidrange 1000-2000 lookup 103 pref 130', { uidrange: { start: 1000, end: 2000 }, table: 103, priority: 130 }],
  ['rule add ipproto tcp sport 1000-2000 dport 80 lookup 104 pref 140', { ipproto: 'tcp', sport: '1000-2000', dport: 80, table: 104, priority: 140 }],
  ['rule add lookup main suppress_prefixlength 0 pref 150', { table: 'main', suppressPrefixlen: 0, priority: 150 }],
  ['rule add goto 170 pref 160', { goto: 170, priority: 160 }],
  ['rule add nop pref 170', { action: 'nop', priority: 170 }],
  ['rule add from 10.3.0.0/16 blackhole pref 180', { from: '10.3.0.0/16', action: 'blackhole', priority: 180 }],
  ['rule add not to 10.4.0.0/16 prohibit pref 190', { not: true, to: '10.4.0.0/16', action: 'prohibit', priority: 190 }],
  ['rule add from 10.5.0.0/16 unreachable pref 195', { from: '10.5.0.0/16', action: 'unreachable', priority: 195 }],
  ['rule add iif ghost0 lookup 105 pref 196', { iif: 'ghost0', table: 105, priority: 196 }],
  ['rule add from 10.6.0.0/16 realms 3/4 lookup 106 protocol static pref 197', { from: '10.6.0.0/16', realms: { from: 3, to: 4 }, table: 106, protocol: 'static', priority: 197 }],
  ['rule add lookup main suppress_ifgroup 7 pref 199', { table: 'main', suppressIfgroup: 7, priority: 199 }],
  ['rule add from 10.7.0.1 tos 0x10 lookup 1000 pref 200', { from: '10.7.0.1', tos: 0x10, table: 1000, priority: 200 }],
  ['rule add to 10.8.0.0/16 lookup local protocol 99 pref 201', { to: '10.8.0.0/16', table: 'local', protocol: 99, priority: 201 }],
  ['rule add table 7', { table: 7 }],
  ['-6 rule add fwmark 0x1 iif va ipproto udp dport 53 lookup 201 pref 210', { family: 'inet6', fwmark: 1, iif: 'va', ipproto: 'udp', dport: 53, table: 201, priority: 210 }],
  ['-6 rule add not from 2001:db8:3::/48 prohibit pref 220', { not: true, from: '2001:db8:3::/48', action: 'prohibit', priority: 220 }],
  ['-6 rule add to 2001:db8:4::1 lookup 202 pref 230', { to: '2001:db8:4::1', table: 202, priority: 230 }],
];

const RULE_DELS: [string, PolicyRuleSpec][] = [
  ['rule del pref 100', { priority: 100 }],
  ['rule del from 10.3.0.0/16 blackhole', { from: '10.3.0.0/16', action: 'blackhole' }],
  ['rule del table 1000', { table: 1000 }],
  ['-6 rule del not from 2001:db8:3::/48 prohibit pref 220', { not: true, from: '2001:db8:3::/48', action: 'prohibit', priority: 220 }],
];

const NEXTHOPS: [string, NexthopObjectSpec][] = [
  ['nexthop add id 1 via 10.1.1.2 dev va', { id: 1, via: '10.1.1.2', dev: 'va' }],
  ['nexthop add id 2 via 10.1.1.3 dev va', { id: 2, via: '10.1.1.3', dev: 'va' }],
  ['nexthop add id 3 via 10.9.9.9 dev va onlink', { id: 3, via: '10.9.9.9', dev: 'va', onlink: true }],
  ['nexthop add id 4 blackhole', { id: 4, blackhole: true }],
  ['nexthop add id 5 via 2001:db8:1::2 dev va', { id: 5, via: '2001:db8:1::2', dev: 'va' }],
  ['nexthop add id 6 dev va protocol static', { id: 6, dev: 'va', protocol: 'static' }],
  ['nexthop add id 7 dev vb', { id: 7, dev: 'vb' }],
  ['nexthop add id 8 via 10.1.1.8 fdb', { id: 8, via: '10.1.1.8', fdb: true }],
  ['nexthop add id 9 via 2001:db8:1::9 fdb', { id: 9, via: '2001:db8:1::9', fdb: true }],
  ['nexthop add id 10 group 1/2,3', { id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] }],
  ['nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 60 unbalanced_timer 120', { id: 11, group: [{ id: 1 }, { id: 2 }], type: 'resilient', buckets: 8, idleTimer: 60, unbalancedTimer: 120 }],
  ['nexthop add id 12 group 8 fdb', { id: 12, group: [{ id: 8 }], fdb: true }],
  ['nexthop add id 13 group 1,200/7,256', { id: 13, group: [{ id: 1, weight: 200 }, { id: 7, weight: 256 }] }],
  ['nexthop add id 14 group 4', { id: 14, group: [{ id: 4 }] }],
  ['nexthop add id 15 group 1/2 type mpath', { id: 15, group: [{ id: 1 }, { id: 2 }], type: 'mpath' }],
  ['-6 nexthop add id 16 blackhole', { id: 16, blackhole: true, family: 'inet6' }],
  ['nexthop replace id 2 via 10.1.1.4 dev va', { id: 2, via: '10.1.1.4', dev: 'va' }],
  ['nexthop replace id 17 dev vb protocol 99', { id: 17, dev: 'vb', protocol: 99 }],
];

const rules = (ns: string) => ({ v4: ipJson(ns, '-4', 'rule', 'show'), v6: ipJson(ns, '-6', 'rule', 'show') });
const nexthops = (ns: string) => ipJson(ns, '-d', 'nexthop', 'show');

privileged('rule and nexthop write ops, against ip in a twin namespace (ip -j on both)', () => {
  const ours = freshNetns('rnw-t');
  const theirs = freshNetns('rnw-i');
  const byIp = (cmd: string) => ip('-n', theirs(), ...cmd.split(' '));

  it('addPolicyRule and deletePolicyRule: the same rules as ip rule add / del', async () => {
    buildLinks(ours());
    buildLinks(theirs());
    for (const [cmd, spec] of RULES) {
      byIp(cmd);
      await addPolicyRule(spec, { netns: ours() });
      expect(rules(ours()), cmd).toEqual(rules(theirs()));
    }
    expect(rules(ours()).v4.length).toBeGreaterThan(15);
    for (const [cmd, spec] of RULE_DELS) {
      byIp(cmd);
      await deletePolicyRule(spec, { netns: ours() });
      expect(rules(ours()), cmd).toEqual(rules(theirs()));
    }
  });

  it('flushPolicyRules: as ip rule flush (priority 0 stays), per family; by protocol', async () => {
    for (const [cmd, spec] of RULES) {
      byIp(cmd);
      await addPolicyRule(spec, { netns: ours() });
    }
    byIp('rule flush protocol static');
    expect((await flushPolicyRules({ netns: ours(), family: 'inet', protocol: 'static' })).map((r) => r.priority)).toEqual([197]);
    expect(rules(ours())).toEqual(rules(theirs()));
    byIp('rule flush');
    const gone = await flushPolicyRules({ netns: ours(), family: 'inet' });
    expect(gone.map((r) => r.priority)).toContain(32766);
    expect(rules(ours())).toEqual(rules(theirs()));
    expect(rules(ours()).v4.map((r: { priority: number }) => r.priority)).toEqual([0]);
    expect(rules(ours()).v6.length).toBeGreaterThan(2);
    byIp('-6 rule flush');
    await flushPolicyRules({ netns: ours(), family: 'inet6' });
    expect(rules(ours())).toEqual(rules(theirs()));
    expect(rules(ours()).v6.map((r: { priority: number }) => r.priority)).toEqual([0]);
  });

  it('addNexthop, replaceNexthop, deleteNexthop: the same objects as ip nexthop add / replace / del', async () => {
    buildLinks(ours());
    buildLinks(theirs());
    for (const [cmd, spec] of NEXTHOPS) {
      byIp(cmd);
      await (cmd.includes('replace') ? replaceNexthop : addNexthop)(spec, { netns: ours() });
      expect(nexthops(ours()), cmd).toEqual(nexthops(theirs()));
    }
    expect(nexthops(ours())).toHaveLength(17);
    for (const id of [10, 1, 16]) {
      byIp(`nexthop del id ${id}`);
      await deleteNexthop(id, { netns: ours() });
      expect(nexthops(ours()), `del ${id}`).toEqual(nexthops(theirs()));
    }
  });

  it('flushNexthops: by protocol, by device, then everything, as ip nexthop flush', async () => {
    buildLinks(ours());
    buildLinks(theirs());
    for (const [cmd, spec] of NEXTHOPS) {
      byIp(cmd);
      await (cmd.includes('replace') ? replaceNexthop : addNexthop)(spec, { netns: ours() });
    }
    byIp('nexthop flush protocol 4');
    expect((await flushNexthops({ netns: ours(), protocol: 'static' })).map((n) => n.id)).toEqual([6]);
    expect(nexthops(ours())).toEqual(nexthops(theirs()));
    byIp('nexthop flush dev vb');
    expect((await flushNexthops({ netns: ours(), dev: 'vb' })).map((n) => n.id).sort()).toEqual([17, 7]);
    expect(nexthops(ours())).toEqual(nexthops(theirs()));
    byIp('nexthop flush');
    const gone = await flushNexthops({ netns: ours() });
    expect(gone.length).toBeGreaterThan(8);
    expect(nexthops(ours())).toEqual([]);
    expect(nexthops(theirs())).toEqual([]);
  });

  it('kernel refusals keep errno and extack; bad input never reaches the kernel', async () => {
    buildLinks(ours());
    await addPolicyRule({ priority: 5, table: 5 }, { netns: ours() });
    await expect(addPolicyRule({ priority: 5, table: 5 }, { netns: ours() })).rejects.toMatchObject({ code: 'EEXIST', requestType: 'RTM_NEWRULE' });
    await expect(deletePolicyRule({ priority: 77 }, { netns: ours() })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(addPolicyRule({ from: '10.0.0.0/8', to: '10.0.0.0/8', table: 9, iif: 'va', family: 'inet6' }, { netns: ours() })).rejects.toBeInstanceOf(UsageError);
    await addNexthop({ id: 1, via: '10.1.1.2', dev: 'va' }, { netns: ours() });
    const dup = addNexthop({ id: 1, via: '10.1.1.2', dev: 'va' }, { netns: ours() });
    await expect(dup).rejects.toBeInstanceOf(NetlinkError);
    await expect(dup).rejects.toMatchObject({ code: 'EEXIST' });
    const bad = addNexthop({ id: 2, group: [{ id: 99 }] }, { netns: ours() });
    await expect(bad).rejects.toMatchObject({ code: 'EINVAL', extack: { msg: 'Invalid nexthop id' } });
    await expect(deleteNexthop(99, { netns: ours() })).rejects.toMatchObject({ code: 'ENOENT', requestType: 'RTM_DELNEXTHOP' });
    await expect(addNexthop({ id: 3, via: '10.1.1.2' }, { netns: ours() })).rejects.toBeInstanceOf(UsageError);
    await expect(replaceNexthop({ id: 1, group: [{ id: 1 }] }, { netns: ours() })).rejects.toMatchObject({ code: 'EINVAL' });
    expect(nexthops(ours())).toHaveLength(1);
    expect(ipJson(ours(), 'rule', 'show').map((r: { priority: number }) => r.priority)).toEqual([0, 5, 32766, 32767]);
  });
});
