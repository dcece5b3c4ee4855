// listPolicyRules, listNexthops, getNexthop, listNexthopBuckets, getNetconf
// and listNetconf send what iproute2 6.1 sends for the same command: each op
// runs against a fake kernel and its request is compared, byte for byte,
// with the request captured from ip (test/fixtures/rtnl/{rule,nexthop,
// netconf}.ts), the filters the kernel applies in it. Bad input never
// reaches the (fake) kernel. The views are read off the captured replies.

import { describe, expect, it } from 'vitest';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import type { NetlinkSocket } from '../../src/netlink/socket.js';
import { getNetconf, listNetconf } from '../../src/ops/netconf.js';
import { getNexthop, listNexthopBuckets, listNexthops } from '../../src/ops/nexthop.js';
import { listPolicyRules } from '../../src/ops/rule.js';
import { netconfFixtures } from '../fixtures/rtnl/netconf.js';
import { nexthopFixtures } from '../fixtures/rtnl/nexthop.js';
import { ruleFixtures } from '../fixtures/rtnl/rule.js';
import type { Fixture } from '../helpers/fixture.js';
import { expectSameRequest, fakeSocket, fixture, runOn, sentAll } from '../helpers/rtnl-request-fixtures.js';

/** The one message of `type` sent. */
function sentOf(k: Parameters<typeof sentAll>[0], type: number): Buffer {
  const msgs = sentAll(k, type);
  expect(msgs).toHaveLength(1);
  return msgs[0]!;
}

/** Run `op` on a fake kernel answering dumps with `dumps[type]` and requests with `gets[type]`. */
const run = <T>(op: (socket: NetlinkSocket) => Promise<T>, dumps: Partial<Record<number, Fixture[]>> = {}, gets?: Partial<Record<number, Fixture>>) =>
  runOn(op, (m) => ({ fixtures: dumps[m.hdr.nlmsg_type] ?? [] }), gets);

const replies = (list: Fixture[], type: number) => list.filter((f) => f.provenance.direction === 'reply' && f.type === type);

describe('rule requests and views', () => {
  it('ip rule show (AF_INET): the dump request, and the rules as views', async () => {
    const { k, got } = await run((socket) => listPolicyRules({ family: 'inet', socket }), { [RTM.RTM_GETRULE]: replies(ruleFixtures, RTM.RTM_NEWRULE) });
    expectSameRequest(sentOf(k, RTM.RTM_GETRULE), fixture(ruleFixtures, 'dump request (ip rule show, AF_INET)'));
    const byPrio = new Map(got.map((r) => [r.priority, r]));
    expect(byPrio.get(0)).toMatchObject({ family: 'inet', table: 255, tableName: 'local', action: 'lookup', protocol: 'kernel', not: false });
    expect(byPrio.get(0)!.suppressPrefixlen).toBeUndefined();
    expect(byPrio.get(100)).toMatchObject({ src: '10.1.0.0/16', dst: '10.2.0.0/16', table: 100, protocol: 'unspec' });
    expect(byPrio.get(110)).toMatchObject({ iif: 'va', iifDetached: false, oif: 'vb' });
    expect(byPrio.get(120)).toMatchObject({ fwmark: 0x10, fwmask: 0xff });
    expect(byPrio.get(130)!.uidRange).toEqual({ start: 1000, end: 2000 });
    expect(byPrio.get(140)).toMatchObject({ ipProto: 6, sport: { start: 1000, end: 2000 }, dport: { start: 80, end: 80 } });
    expect(byPrio.get(150)).toMatchObject({ tableName: 'main', suppressPrefixlen: 0 });
    expect(byPrio.get(160)).toMatchObject({ action: 'goto', goto: 170, unresolved: false, table: 0 });
    expect(byPrio.get(190)).toMatchObject({ not: true, action: 'prohibit', dst: '10.4.0.0/16' });
    expect(byPrio.get(196)).toMatchObject({ iif: 'ghost0', iifDetached: true });
    expect(byPrio.get(197)).toMatchObject({ realms: { from: 3, to: 4 }, protocol: 'static' });
    expect(byPrio.get(198)).toMatchObject({ suppressIfgroup: 7 });
    expect(byPrio.get(300)).toMatchObject({ table: 300, tunId: 1234605616436508552n });
    expect(byPrio.get(200)).toMatchObject({ family: 'inet6', src: '2001:db8:1::/48' });
  });

  it('ip -6 rule show: AF_INET6; a bad family never reaches the kernel', async () => {
    const { k } = await run((socket) => listPolicyRules({ family: 'inet6', socket }));
    expectSameRequest(sentOf(k, RTM.RTM_GETRULE), fixture(ruleFixtures, 'dump request (ip -6 rule show, AF_INET6)'));
    const bad = fakeSocket();
    await expect(listPolicyRules({ family: 'inet7' as never, socket: bad.socket })).rejects.toThrow(/inet7/);
    expect(bad.k.sent).toHaveLength(0);
    bad.socket.close();
  });
});

describe('nexthop requests and views', () => {
  it.each([
    ['dump request (ip nexthop show)', {}],
    ['dump request: ip nexthop show groups', { groups: true }],
    ['dump request: ip nexthop show dev va', { dev: 'va' }],
    ['dump request: ip nexthop show fdb', { fdb: true }],
  ] as const)('%s', async (name, o) => {
    const { k } = await run((socket) => listNexthops({ ...o, socket }));
    expectSameRequest(sentOf(k, RTM.RTM_GETNEXTHOP), fixture(nexthopFixtures, name));
  });

  it('ip nexthop show id 10: one RTM_GETNEXTHOP by NHA_ID, the object as a view', async () => {
    const grp = fixture(nexthopFixtures, 'nexthop id 10 group 1/2,3');
    const { k, got } = await run((socket) => listNexthops({ id: 10, socket }), {}, { [RTM.RTM_GETNEXTHOP]: grp });
    expectSameRequest(sentOf(k, RTM.RTM_GETNEXTHOP), fixture(nexthopFixtures, 'request: ip nexthop show id 10'));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ id: 10, group: [{ id: 1, weight: 1 }, { id: 2, weight: 3 }], blackhole: false, fdb: false, flags: [] });
    expect(got[0]!.family).toBeUndefined();
  });

  it('views: gateways, devices, scopes, protocols, flags, resilient groups (seconds)', async () => {
    const { got } = await run((socket) => listNexthops({ socket }), { [RTM.RTM_GETNEXTHOP]: replies(nexthopFixtures, RTM.RTM_NEWNEXTHOP).filter((f) => !f.name.includes('nexthop 20')) });
    const byId = new Map(got.map((h) => [h.id, h]));
    expect(byId.get(1)).toMatchObject({ family: 'inet', gateway: '10.1.1.2', oif: 3, scope: 'link', protocol: 'unspec' });
    expect(byId.get(3)!.flags).toEqual(['onlink']);
    expect(byId.get(4)).toMatchObject({ blackhole: true, scope: 'global' });
    expect(byId.get(5)).toMatchObject({ family: 'inet6', gateway: '2001:db8:1::2' });
    expect(byId.get(6)).toMatchObject({ scope: 'host', protocol: 'static' });
    expect(byId.get(8)).toMatchObject({ fdb: true });
    expect(byId.get(11)).toMatchObject({ groupType: 'resilient', resilient: { buckets: 8, idleTimer: 60, unbalancedTimer: 120, unbalancedTime: 0 } });
  });

  it('getNexthop: the object; an id of 0 never reaches the kernel', async () => {
    const one = fixture(nexthopFixtures, 'nexthop id 1 via');
    const { got } = await run((socket) => getNexthop(1, { socket }), {}, { [RTM.RTM_GETNEXTHOP]: one });
    expect(got).toMatchObject({ id: 1, gateway: '10.1.1.2' });
    const bad = fakeSocket();
    await expect(getNexthop(0, { socket: bad.socket })).rejects.toThrow(/invalid id value/);
    await expect(listNexthops({ dev: {} as never, socket: bad.socket })).rejects.toThrow(/"dev"/);
    expect(bad.k.sent).toHaveLength(0);
    bad.socket.close();
  });

  it.each([
    ['bucket dump request (ip nexthop bucket show)', {}],
    ['bucket dump request: ip nexthop bucket show id 11', { id: 11 }],
    ['bucket dump request: ip nexthop bucket show nhid 2', { nhid: 2 }],
  ] as const)('%s', async (name, o) => {
    const { k, got } = await run((socket) => listNexthopBuckets({ ...o, socket }), { [RTM.RTM_GETNEXTHOPBUCKET]: replies(nexthopFixtures, RTM.RTM_NEWNEXTHOPBUCKET).slice(0, 2) });
    expectSameRequest(sentOf(k, RTM.RTM_GETNEXTHOPBUCKET), fixture(nexthopFixtures, name));
    expect(got.map((b) => [b.id, b.index, b.nhid])).toEqual([[11, 0, 2], [11, 7, 1]]);
    expect(got.every((b) => typeof b.idleTime === 'number')).toBe(true);
  });
});

describe('netconf requests and views', () => {
  it('ip -4 netconf show dev va: one request with NETCONFA_IFINDEX', async () => {
    const va = fixture(netconfFixtures, 'reply: ip -4 netconf show dev va');
    const { k, got } = await run((socket) => getNetconf({ family: 'inet', dev: 'va', socket }), {}, { [RTM.RTM_GETNETCONF]: va });
    expectSameRequest(sentOf(k, RTM.RTM_GETNETCONF), fixture(netconfFixtures, 'request: ip -4 netconf show dev va'));
    expect(got).toMatchObject({ family: 'inet', ifindex: 3, forwarding: 1, rpFilter: 2, proxyNeigh: 1, ignoreRoutesWithLinkdown: 1 });
    expect(got.dev).toBeUndefined();
  });

  it('ip netconf show (AF_UNSPEC) and ip -6 netconf show: the dumps; "all" and "default" named', async () => {
    const { k, got } = await run((socket) => listNetconf({ socket }), { [RTM.RTM_GETNETCONF]: replies(netconfFixtures, RTM.RTM_NEWNETCONF).filter((f) => f.name.includes('dump reply')) });
    expectSameRequest(sentOf(k, RTM.RTM_GETNETCONF), fixture(netconfFixtures, 'dump request (ip netconf show: every family'));
    expect(got.map((c) => `${c.family} ${c.dev ?? c.ifindex}`)).toEqual(['inet 3', 'inet 1', 'inet all', 'inet default', 'inet6 3', 'inet6 all', 'inet6 default']);
    const six = await run((socket) => listNetconf({ family: 'inet6', socket }));
    expectSameRequest(sentOf(six.k, RTM.RTM_GETNETCONF), fixture(netconfFixtures, 'dump request (ip -6 netconf show)'));
  });

  it('bad input never reaches the kernel', async () => {
    const bad = fakeSocket();
    await expect(getNetconf({ family: 'ipx' as never, dev: 'va', socket: bad.socket })).rejects.toThrow(/ipx/);
    await expect(getNetconf({ family: 'inet', dev: [] as never, socket: bad.socket })).rejects.toThrow(/"dev"/);
    await expect(listNetconf({ family: 'x' as never, socket: bad.socket })).rejects.toThrow(/netconf family/);
    expect(bad.k.sent).toHaveLength(0);
    bad.socket.close();
  });
});
