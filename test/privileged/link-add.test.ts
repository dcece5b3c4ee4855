// ip link add, through tsip, checked against `ip -j -d link show`. Each test
// works in a fresh namespace (removed afterwards, even on failure); links of
// the root namespace are never touched.

import { expect, it } from 'vitest';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { addLink, getLink, setLink } from '../../src/ops/link.js';
import { expectSameAsIp, ipLink, ipLinkNames, sleeperIn, withOtherNetns } from '../helpers/link-oracle.js';
import { freshNetns, ip, ipJson, privileged } from '../helpers/privileged.js';

privileged('ip link add: veth', () => {
  const ns = freshNetns('linkveth');

  it('with no names: the kernel\'s defaults, veth0 and veth1, as `ip link add type veth` gets them', async () => {
    const made = await addLink({ kind: 'veth' }, { netns: ns() });
    expect([made.name, made.peer?.name].sort()).toEqual(['veth0', 'veth1']);
    expect(made.link).toBe(made.peer?.index);
    expect(made.peer?.link).toBe(made.index);
    expectSameAsIp(ns(), made);
    expectSameAsIp(ns(), made.peer!);
    expect(ipLinkNames(ns())).toEqual(['lo', 'veth0', 'veth1']);
  });

  it('with given names, peer options and up', async () => {
    const made = await addLink({
      kind: 'veth', name: 'va', mtu: 9000, up: true,
      options: { peer: { name: 'vb', mtu: 1400, address: '02:00:00:00:00:0b', txqueuelen: 10, group: 3 } },
    }, { netns: ns() });
    expect([made.name, made.kind, made.mtu, made.up, made.peer?.name]).toEqual(['va', 'veth', 9000, true, 'vb']);
    const peer = await getLink('vb', { netns: ns() });
    expect([peer.mtu, peer.address, peer.txqlen, peer.group, peer.up]).toEqual([1400, '02:00:00:00:00:0b', 10, 3, false]);
    expectSameAsIp(ns(), await getLink('va', { netns: ns() }));
    expectSameAsIp(ns(), peer);
  });

  it('with the peer placed straight into another namespace (VETH_INFO_PEER > IFLA_NET_NS_FD)', async () => {
    await withOtherNetns('linkpeer', async (other) => {
      const made = await addLink({ kind: 'veth', name: 'here0', options: { peer: { name: 'there0', netns: other } } }, { netns: ns() });
      expect(made.linkNetnsid).toBeTypeOf('number');
      expect(made.peer?.name).toBe('there0');
      expect(ipLinkNames(ns())).toEqual(['here0', 'lo']);
      expect(ipLinkNames(other)).toEqual(['lo', 'there0']);
      expectSameAsIp(ns(), made);
      expectSameAsIp(other, made.peer!);
      expect(ipLink(other, 'there0').link_index).toBe(made.index);
    });
  });

  it('with the peer placed by pid (IFLA_NET_NS_PID) of a process inside another namespace', async () => {
    await withOtherNetns('linkpid', async (other) => {
      const sleeper = await sleeperIn(other);
      try {
        const made = await addLink({ kind: 'veth', name: 'pp0', options: { peer: { name: 'pp1', netns: { pid: sleeper.pid } } } }, { netns: ns() });
        expect(made.peer?.name).toBe('pp1');
        expect(ipLinkNames(other)).toEqual(['lo', 'pp1']);
        expectSameAsIp(other, made.peer!);
      } finally {
        sleeper.kill();
      }
    });
  });

  it('whose peer cannot be created (its name is taken) leaves no half behind', async () => {
    await addLink({ kind: 'ifb', name: 'taken' }, { netns: ns() });
    const before = ipLinkNames(ns());
    const err = await addLink({ kind: 'veth', name: 'fresh', options: { peer: { name: 'taken' } } }, { netns: ns() }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).code).toBe('EEXIST');
    expect(ipLinkNames(ns())).toEqual(before);
  });
});

privileged('ip link add: bridge, ports', () => {
  const ns = freshNetns('linkbr');

  it('a bridge with its options, as ip -j -d shows them in linkinfo.info_data', async () => {
    const made = await addLink({
      kind: 'bridge', name: 'br0',
      options: {
        stpState: 1, forwardDelay: 400, helloTime: 100, maxAge: 1200, ageingTime: 6000, priority: 4096,
        mcastSnooping: false, mcastQuerier: true, mcastIgmpVersion: 3, groupFwdMask: 8, nfCallIptables: true,
      },
    }, { netns: ns() });
    const d = ipLink(ns(), 'br0').linkinfo.info_data;
    expect({
      stp_state: d.stp_state, forward_delay: d.forward_delay, hello_time: d.hello_time, max_age: d.max_age, ageing_time: d.ageing_time,
      priority: d.priority, mcast_snooping: d.mcast_snooping, mcast_querier: d.mcast_querier, mcast_igmp_version: d.mcast_igmp_version,
      group_fwd_mask: d.group_fwd_mask, nf_call_iptables: d.nf_call_iptables,
    }).toEqual({
      stp_state: 1, forward_delay: 400, hello_time: 100, max_age: 1200, ageing_time: 6000, priority: 4096, mcast_snooping: 0,
      mcast_querier: 1, mcast_igmp_version: 3, group_fwd_mask: '0x8', nf_call_iptables: 1,
    });
    expect(made.info).toMatchObject({ stpState: 1, forwardDelay: 400, priority: 4096, mcastSnooping: false, mcastQuerier: true, groupFwdMask: 8 });
    expectSameAsIp(ns(), made);
  });

  it('vlan_filtering and vlan_default_pvid: the same outcome as ip on this kernel', async () => {
    // This kernel may be built without CONFIG_BRIDGE_VLAN_FILTERING: then
    // vlan_filtering is refused (EOPNOTSUPP) and the pvid ignored, for ip too.
    let ipError: string | undefined;
    try {
      ip('-n', ns(), 'link', 'add', 'brip', 'type', 'bridge', 'vlan_filtering', '1', 'vlan_default_pvid', '5');
    } catch (e) {
      ipError = String((e as { stderr?: string }).stderr);
    }
    const ours = await addLink({ kind: 'bridge', name: 'brts', options: { vlanFiltering: true, vlanDefaultPvid: 5 } }, { netns: ns() }).catch((e) => e);
    if (ipError) {
      expect(ours).toBeInstanceOf(NetlinkError);
      expect(ipError).toContain((ours as NetlinkError).message);
      expect(ipLinkNames(ns())).toEqual(['lo']);
    } else {
      const d = ipLink(ns(), 'brts').linkinfo.info_data;
      expect([d.vlan_filtering, d.vlan_default_pvid]).toEqual([1, 5]);
      expect(ours.info).toMatchObject({ vlanFiltering: true, vlanDefaultPvid: 5 });
    }
  });

  it('bridge ports: master at creation, nomaster, master again', async () => {
    const br = await addLink({ kind: 'bridge', name: 'br0', up: true }, { netns: ns() });
    const port = await addLink({ kind: 'veth', name: 'p0', master: 'br0', up: true, options: { peer: { name: 'p1' } } }, { netns: ns() });
    expect([port.master, port.slaveKind]).toEqual([br.index, 'bridge']);
    expect(ipLink(ns(), 'p0').master).toBe('br0');
    expectSameAsIp(ns(), port);
    await setLink('p0', { master: null }, { netns: ns() });
    expect(ipLink(ns(), 'p0').master).toBeUndefined();
    expect((await getLink('p0', { netns: ns() })).master).toBeUndefined();
    await setLink('p1', { master: br.index }, { netns: ns() });
    expect(ipLink(ns(), 'p1').master).toBe('br0');
    expectSameAsIp(ns(), await getLink('p1', { netns: ns() }));
  });
});

privileged('ip link add: macvlan, macvtap, vxlan, ifb', () => {
  const ns = freshNetns('linkkinds');

  it('macvlan in each mode, and macvtap, on a lower link', async () => {
    for (const mode of ['private', 'vepa', 'bridge', 'passthru', 'source'] as const) {
      // passthru takes the lower link over: one lower link each
      await addLink({ kind: 'ifb', name: `low-${mode}` }, { netns: ns() });
      const mv = await addLink({ kind: 'macvlan', name: `mv-${mode}`, link: `low-${mode}`, options: { mode } }, { netns: ns() });
      expect(ipLink(ns(), mv.name).linkinfo.info_data.mode).toBe(mode);
      expect(mv.info?.mode).toBe(mode);
      expectSameAsIp(ns(), mv);
    }
    const low = await getLink('low-bridge', { netns: ns() });
    for (const mode of ['vepa', 'bridge'] as const) {
      const mvt = await addLink({ kind: 'macvtap', name: `mvt-${mode}`, link: low.index, options: { mode } }, { netns: ns() });
      const j = ipLink(ns(), mvt.name);
      expect([j.linkinfo.info_kind, j.linkinfo.info_data.mode, j.link]).toEqual(['macvtap', mode, 'low-bridge']);
      expectSameAsIp(ns(), mvt);
    }
  });

  it('vxlan: id, dstport, local, remote, ttl, nolearning', async () => {
    const vx = await addLink({
      kind: 'vxlan', name: 'vx0',
      options: { id: 42, dstport: 4789, local: '10.0.0.1', remote: '10.0.0.2', ttl: 10, learning: false },
    }, { netns: ns() });
    const d = ipLink(ns(), 'vx0').linkinfo.info_data;
    expect([d.id, d.port, d.local, d.remote, d.ttl, d.learning]).toEqual([42, 4789, '10.0.0.1', '10.0.0.2', 10, false]);
    expect(vx.info).toMatchObject({ id: 42, dstport: 4789, local: '10.0.0.1', remote: '10.0.0.2', ttl: 10, learning: false });
    expectSameAsIp(ns(), vx);
  });

  it('vxlan: a multicast group on a dev, and IPv6 ends', async () => {
    await addLink({ kind: 'ifb', name: 'under' }, { netns: ns() });
    const g = await addLink({ kind: 'vxlan', name: 'vxg', options: { id: 16777215, group: '239.1.1.1', dev: 'under', dstport: 8472, learning: true } }, { netns: ns() });
    const d = ipLink(ns(), 'vxg').linkinfo.info_data;
    expect([d.id, d.group, d.link, d.port, d.learning]).toEqual([16777215, '239.1.1.1', 'under', 8472, true]);
    expect(g.info).toMatchObject({ group: '239.1.1.1', id: 16777215 });
    const v6 = await addLink({ kind: 'vxlan', name: 'vx6', options: { id: 6, remote: '2001:db8::2', local: '2001:db8::1', dstport: 4789 } }, { netns: ns() });
    const d6 = ipLink(ns(), 'vx6').linkinfo.info_data;
    expect([d6.remote6, d6.local6]).toEqual(['2001:db8::2', '2001:db8::1']);
    expect(v6.info).toMatchObject({ remote: '2001:db8::2', local: '2001:db8::1' });
  });

  it('ifb with the common options: mtu, address, txqueuelen, group, up', async () => {
    const made = await addLink({ kind: 'ifb', name: 'ifb0', mtu: 1400, address: '02:11:22:33:44:55', txqueuelen: 32, group: 9, up: true }, { netns: ns() });
    expect([made.kind, made.mtu, made.address, made.txqlen, made.group, made.up]).toEqual(['ifb', 1400, '02:11:22:33:44:55', 32, 9, true]);
    expectSameAsIp(ns(), await getLink('ifb0', { netns: ns() }));
  });

  it('straight into another namespace (IFLA_NET_NS_FD), named and unnamed', async () => {
    await withOtherNetns('linkinto', async (other) => {
      const br = await addLink({ kind: 'bridge', name: 'brx', netns: other }, { netns: ns() });
      expectSameAsIp(other, br);
      const anon = await addLink({ kind: 'ifb', netns: other }, { netns: ns() });
      expect(anon.name).toMatch(/^ifb\d+$/);
      expectSameAsIp(other, anon);
      expect(ipLinkNames(ns())).toEqual(['lo']);
    });
  });

  it('a kind this kernel lacks: the kernel\'s extended ack reaches the caller', async () => {
    const err = await addLink({ kind: 'dummy', name: 'd0' }, { netns: ns() }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    const n = err as NetlinkError;
    expect([n.code, n.requestType, n.extack.msg, n.message]).toEqual(['EOPNOTSUPP', 'RTM_NEWLINK', 'Unknown device type', 'Error: Unknown device type.']);
    // iproute2 says the same
    expect(() => ip('-n', ns(), 'link', 'add', 'd0', 'type', 'dummy')).toThrow(/Unknown device type/);
  });

  it('bad input is refused before the kernel, naming the value: nothing is created', async () => {
    const bad: Array<[Promise<unknown>, string]> = [
      [addLink({ kind: 'ifb', name: 'a/b' }, { netns: ns() }), '"a/b"'],
      [addLink({ kind: 'ifb', name: 'sixteen-bytes-xx' }, { netns: ns() }), '"sixteen-bytes-xx"'],
      [addLink({ kind: 'ifb', name: 'ok0', mtu: 'abc' as never }, { netns: ns() }), '"abc"'],
      [addLink({ kind: 'vxlan', name: 'ok1', options: { id: 2 ** 24 } }, { netns: ns() }), `"${2 ** 24}"`],
      [addLink({ kind: 'vxlan', name: 'ok2', options: { id: 1, dstport: 65536 } }, { netns: ns() }), '"65536"'],
      [addLink({ kind: 'bridge', name: 'ok3', options: { priority: -1 } }, { netns: ns() }), '"-1"'],
    ];
    for (const [p, named] of bad) {
      const err = await p.catch((e) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(named);
    }
    expect(ipJson(ns(), 'link', 'show').map((l: any) => l.ifname)).toEqual(['lo']);
  });
});
