// ip link set / del / show through tsip, checked against `ip -j -d link show`.
// A fresh namespace per test; the root namespace's links are never touched.

import { closeSync } from 'node:fs';
import { expect, it } from 'vitest';
import { UsageError } from '../../src/netlink/errors.js';
import { openNetns } from '../../src/netlink/netns.js';
import { openRtnl } from '../../src/ops/context.js';
import { addLink, deleteLink, getLink, listLinks, setLink } from '../../src/ops/link.js';
import { expectSameAsIp, ipLink, ipLinkNames, sleeperIn, withOtherNetns } from '../helpers/link-oracle.js';
import { freshNetns, ipJson, privileged } from '../helpers/privileged.js';

privileged('ip link set', () => {
  const ns = freshNetns('linkset');

  it('up and down', async () => {
    await addLink({ kind: 'ifb', name: 'i0' }, { netns: ns() });
    await setLink('i0', { up: true }, { netns: ns() });
    expect(ipLink(ns(), 'i0').flags).toContain('UP');
    const up = await getLink('i0', { netns: ns() });
    expect(up.up).toBe(true);
    expectSameAsIp(ns(), up);
    await setLink(up.index, { up: false }, { netns: ns() });
    expect(ipLink(ns(), 'i0').flags).not.toContain('UP');
    expect((await getLink('i0', { netns: ns() })).up).toBe(false);
  });

  it('each attribute on its own: mtu, address, alias, txqueuelen, group', async () => {
    // a veth: ifb cannot change its MAC address (no ndo_set_mac_address)
    await addLink({ kind: 'veth', name: 'i0', options: { peer: { name: 'i9' } } }, { netns: ns() });
    const o = { netns: ns() };
    await setLink('i0', { mtu: 1280 }, o);
    expect(ipLink(ns(), 'i0').mtu).toBe(1280);
    await setLink('i0', { address: '02:aa:bb:cc:dd:ee' }, o);
    expect(ipLink(ns(), 'i0').address).toBe('02:aa:bb:cc:dd:ee');
    await setLink('i0', { alias: 'uplink to nowhere' }, o);
    expect(ipLink(ns(), 'i0').ifalias).toBe('uplink to nowhere');
    await setLink('i0', { txqueuelen: 77 }, o);
    expect(ipLink(ns(), 'i0').txqlen).toBe(77);
    await setLink('i0', { group: 12 }, o);
    expect(ipLink(ns(), 'i0').group).toBe('12');
    const l = await getLink('i0', o);
    expect([l.mtu, l.address, l.alias, l.txqlen, l.group]).toEqual([1280, '02:aa:bb:cc:dd:ee', 'uplink to nowhere', 77, 12]);
    expectSameAsIp(ns(), l);
    await setLink('i0', { alias: '', group: 'default' }, o);
    expect(ipLink(ns(), 'i0').ifalias).toBeUndefined();
    expect(ipLink(ns(), 'i0').group).toBe('default');
  });

  it('all of them in one request, with a rename and up', async () => {
    await addLink({ kind: 'bridge', name: 'br0' }, { netns: ns() });
    await addLink({ kind: 'veth', name: 'old', options: { peer: { name: 'peer' } } }, { netns: ns() });
    await setLink('old', { name: 'new', mtu: 1300, address: '02:00:00:00:00:01', alias: 'a', txqueuelen: 5, group: 4, master: 'br0', up: true }, { netns: ns() });
    expect(ipLinkNames(ns())).toEqual(['br0', 'lo', 'new', 'peer']);
    const j = ipLink(ns(), 'new');
    expect([j.mtu, j.address, j.ifalias, j.txqlen, j.group, j.master, j.flags.includes('UP')]).toEqual([1300, '02:00:00:00:00:01', 'a', 5, '4', 'br0', true]);
    expectSameAsIp(ns(), await getLink('new', { netns: ns() }));
  });

  it('rename, by name and by index', async () => {
    const made = await addLink({ kind: 'ifb', name: 'a0' }, { netns: ns() });
    await setLink('a0', { name: 'a1' }, { netns: ns() });
    expect(ipLinkNames(ns())).toEqual(['a1', 'lo']);
    await setLink(made.index, { name: 'a2' }, { netns: ns() });
    const l = await getLink(made.index, { netns: ns() });
    expect(l.name).toBe('a2');
    expectSameAsIp(ns(), l);
  });

  it('move to another namespace by name, by fd, and back', async () => {
    await withOtherNetns('linkmv', async (other) => {
      await addLink({ kind: 'ifb', name: 'mv0' }, { netns: ns() });
      await setLink('mv0', { netns: other }, { netns: ns() });
      expect(ipLinkNames(ns())).toEqual(['lo']);
      expect(ipLinkNames(other)).toEqual(['lo', 'mv0']);
      expectSameAsIp(other, await getLink('mv0', { netns: other }));
      const back = openNetns(ns());
      try {
        await setLink('mv0', { netns: { fd: back.fd } }, { netns: other });
      } finally {
        closeSync(back.fd);
      }
      expect(ipLinkNames(ns())).toEqual(['lo', 'mv0']);
    });
  });

  it('move to another namespace by pid (IFLA_NET_NS_PID of a sleep started there)', async () => {
    await withOtherNetns('linkpid', async (other) => {
      const sleeper = await sleeperIn(other);
      try {
        await addLink({ kind: 'veth', name: 'm0', options: { peer: { name: 'm1' } } }, { netns: ns() });
        await setLink('m1', { netns: { pid: sleeper.pid } }, { netns: ns() });
        expect(ipLinkNames(other)).toEqual(['lo', 'm1']);
        const m0 = await getLink('m0', { netns: ns() });
        expect(m0.linkNetnsid).toBeTypeOf('number');
        expectSameAsIp(ns(), m0);
      } finally {
        sleeper.kill();
      }
    });
  });

  it('a missing link is named as ip names it; bad input is refused before the kernel', async () => {
    await expect(setLink('ghost', { up: true }, { netns: ns() })).rejects.toThrow('Cannot find device "ghost"');
    await expect(deleteLink('ghost', { netns: ns() })).rejects.toThrow('Cannot find device "ghost"');
    await addLink({ kind: 'ifb', name: 'i0' }, { netns: ns() });
    for (const [p, named] of [
      [setLink('i0', { mtu: 'abc' as never }, { netns: ns() }), '"abc"'],
      [setLink('i0', { name: 'a/b' }, { netns: ns() }), '"a/b"'],
      [setLink('i0', { name: 'x'.repeat(16) }, { netns: ns() }), `"${'x'.repeat(16)}"`],
    ] as const) {
      const err = await p.catch((e) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(named);
    }
    expect(ipLink(ns(), 'i0').mtu).toBe(1500);
  });
});

privileged('ip link del / show', () => {
  const ns = freshNetns('linkdel');

  it('delete by name and by index; a veth end takes its peer with it', async () => {
    await addLink({ kind: 'ifb', name: 'd0' }, { netns: ns() });
    const d1 = await addLink({ kind: 'ifb', name: 'd1' }, { netns: ns() });
    await addLink({ kind: 'veth', name: 'v0', options: { peer: { name: 'v1' } } }, { netns: ns() });
    await deleteLink('d0', { netns: ns() });
    await deleteLink(d1.index, { netns: ns() });
    await deleteLink('v1', { netns: ns() });
    expect(ipLinkNames(ns())).toEqual(['lo']);
  });

  it('get by name and by index, with statistics only when asked', async () => {
    const made = await addLink({ kind: 'veth', name: 's0', up: true, options: { peer: { name: 's1' } } }, { netns: ns() });
    await setLink('s1', { up: true }, { netns: ns() });
    const byName = await getLink('s0', { netns: ns() });
    const byIndex = await getLink(made.index, { netns: ns() });
    expect(byIndex.name).toBe('s0');
    expect(byName.stats64).toBeUndefined();
    expectSameAsIp(ns(), byName);
    const withStats = await getLink('s0', { netns: ns(), stats: true });
    expect(typeof withStats.stats64?.rxPackets).toBe('bigint');
    // RTEXT_FILTER_SKIP_STATS leaves out the kernel's IPv6 counters
    const inet6 = (l: typeof byName) => (l.message.attrs.IFLA_AF_SPEC as any)?.AF_INET6;
    expect(inet6(byName).IFLA_INET6_STATS).toBeUndefined();
    expect(inet6(withStats).IFLA_INET6_STATS).toBeInstanceOf(Array);
    const j = ipJson(ns(), '-s', 'link', 'show', 'dev', 's0')[0];
    expect(withStats.stats64!.rxBytes <= BigInt(j.stats64.rx.bytes)).toBe(true);
    expect(withStats.stats64!.txErrors).toBe(BigInt(j.stats64.tx.errors));
  });

  it('list, whole and filtered by kind, master and up, on one reused socket', async () => {
    const socket = openRtnl({ netns: ns() });
    try {
      const o = { socket };
      await addLink({ kind: 'bridge', name: 'br0' }, o);
      await addLink({ kind: 'veth', name: 'p0', master: 'br0', options: { peer: { name: 'p1' } } }, o);
      await addLink({ kind: 'ifb', name: 'i0', master: 'br0', up: true }, o);
      await addLink({ kind: 'ifb', name: 'i1' }, o);
      const all = await listLinks(o);
      expect(all.map((l) => l.name).sort()).toEqual(ipLinkNames(ns()));
      for (const l of all) expectSameAsIp(ns(), l);
      expect((await listLinks({ ...o, kind: 'veth' })).map((l) => l.name).sort()).toEqual(['p0', 'p1']);
      expect((await listLinks({ ...o, kind: 'ifb' })).map((l) => l.name).sort()).toEqual(['i0', 'i1']);
      expect((await listLinks({ ...o, kind: 'dummy' })).map((l) => l.name)).toEqual([]);
      expect((await listLinks({ ...o, master: 'br0' })).map((l) => l.name).sort()).toEqual(['i0', 'p0']);
      expect((await listLinks({ ...o, up: true })).map((l) => l.name).sort()).toEqual(['i0', 'lo']);
      expect((await listLinks({ ...o, up: false, kind: 'ifb' })).map((l) => l.name)).toEqual(['i1']);
      expect((await listLinks(o)).every((l) => l.stats64 === undefined)).toBe(true);
      expect((await listLinks({ ...o, stats: true })).every((l) => typeof l.stats64?.rxBytes === 'bigint')).toBe(true);
    } finally {
      socket.close();
    }
  });
});

