// The library's read ops for policy rules, nexthop objects and their
// buckets, and netconf, against `ip -j` (iproute2 6.1) in a fresh namespace
// built by ip (../helpers/rule-nexthop-state.ts).

import { expect, it } from 'vitest';
import { getNetconf, getNexthop, listNetconf, listNexthopBuckets, listNexthops, listPolicyRules } from '../../src/index.js';
import { freshNetns, ipJson, privileged } from '../helpers/privileged.js';
import { buildState } from '../helpers/rule-nexthop-state.js';

const RP = ['off', 'strict', 'loose'];

privileged('rule, nexthop and netconf read ops, against ip -j', () => {
  const ns = freshNetns('rnnop');

  it('listPolicyRules: ip -j rule show, per family and both', async () => {
    buildState(ns());
    for (const family of ['inet', 'inet6'] as const) {
      const ours = await listPolicyRules({ netns: ns(), family });
      const theirs = ipJson(ns(), family === 'inet' ? '-4' : '-6', 'rule', 'show');
      expect(ours.map((r) => r.priority)).toEqual(theirs.map((r: { priority: number }) => r.priority));
      ours.forEach((r, i) => {
        const t = theirs[i];
        expect(r.family).toBe(family);
        expect(r.src ?? 'all').toBe(t.srclen === undefined ? t.src : `${t.src}/${t.srclen}`);
        if (t.dst !== undefined) expect(r.dst).toBe(t.dstlen === undefined ? t.dst : `${t.dst}/${t.dstlen}`);
        expect(r.tableName).toBe(t.table);
        expect(r.not).toBe('not' in t);
        if (t.fwmark !== undefined) expect(`0x${r.fwmark!.toString(16)}`).toBe(t.fwmark);
        if (t.iif !== undefined) expect({ iif: r.iif, detached: r.iifDetached }).toEqual({ iif: t.iif, detached: 'iif_detached' in t });
        if (t.uid_start !== undefined) expect(r.uidRange).toEqual({ start: t.uid_start, end: t.uid_end });
        if (t.goto !== undefined) expect({ action: r.action, goto: r.goto }).toEqual({ action: 'goto', goto: t.goto });
        if (t.action !== undefined) expect(r.action).toBe(t.action);
        if ('nop' in t) expect(r.action).toBe('nop');
        if (t.suppress_prefixlen !== undefined) expect(r.suppressPrefixlen).toBe(t.suppress_prefixlen);
        if (t.flow_to !== undefined) expect(r.realms).toEqual({ from: Number(t.flow_from ?? 0), to: Number(t.flow_to) });
        if (t.protocol !== undefined) expect(r.protocol).toBe(t.protocol);
        expect(r.message.attrs.FRA_PRIORITY ?? 0).toBe(r.priority);
      });
    }
    const both = await listPolicyRules({ netns: ns() });
    expect(both.filter((r) => r.family === 'inet6').length).toBe(ipJson(ns(), '-6', 'rule', 'show').length);
    expect(both.length).toBe(ipJson(ns(), 'rule', 'show').length + ipJson(ns(), '-6', 'rule', 'show').length);
    await expect(listPolicyRules({ netns: ns(), family: 'ipx' as never })).rejects.toThrow(/ipx/);
  });

  it('listNexthops, getNexthop: ip -j nexthop show, with the filters the kernel applies', async () => {
    buildState(ns());
    const names = new Map(ipJson(ns(), 'link', 'show').map((l: { ifindex: number; ifname: string }) => [l.ifindex, l.ifname]));
    const shape = (h: Awaited<ReturnType<typeof listNexthops>>[number]) => ({
      id: h.id,
      ...(h.group ? { group: h.group.map((g) => (g.weight === 1 ? { id: g.id } : g)) } : {}),
      ...(h.groupType === 'resilient' ? { type: 'resilient' } : {}),
      ...(h.resilient ? { resilient_args: { buckets: h.resilient.buckets, idle_timer: h.resilient.idleTimer, unbalanced_timer: h.resilient.unbalancedTimer, unbalanced_time: h.resilient.unbalancedTime } } : {}),
      ...(h.gateway ? { gateway: h.gateway } : {}),
      ...(h.oif ? { dev: names.get(h.oif) } : {}),
      ...(h.scope !== 'global' ? { scope: h.scope } : {}),
      ...(h.blackhole ? { blackhole: null } : {}),
      ...(h.protocol !== 'unspec' ? { protocol: h.protocol } : {}),
      flags: h.flags,
      ...(h.fdb ? { fdb: null } : {}),
    });
    const cases: [Parameters<typeof listNexthops>[0], string[]][] = [
      [{}, []], [{ family: 'inet' }, ['-4']], [{ family: 'inet6' }, ['-6']], [{ dev: 'va' }, ['dev', 'va']], [{ groups: true }, ['groups']],
      [{ id: 11 }, ['id', '11']], [{ id: 99 }, []],
    ];
    for (const [o, args] of cases) {
      const ours = (await listNexthops({ netns: ns(), ...o })).map(shape);
      const theirs = o?.id === 99 ? [] : ipJson(ns(), ...args.filter((a) => a.startsWith('-')), 'nexthop', 'show', ...args.filter((a) => !a.startsWith('-')));
      expect(ours, JSON.stringify(o)).toEqual(theirs);
    }
    expect((await listNexthops({ netns: ns(), dev: 'vb' })).map((h) => h.id)).toEqual([7]);
    // the kernel takes NHA_FDB and lists everything (so does ip nexthop show fdb): the op keeps the FDB ones
    const fdb = (await listNexthops({ netns: ns(), fdb: true })).map(shape);
    expect(fdb).toEqual(ipJson(ns(), 'nexthop', 'show', 'fdb').filter((h: object) => 'fdb' in h));
    expect(fdb.map((h) => h.id)).toEqual([8, 9, 12]);
    const g = await getNexthop(13, { netns: ns() });
    expect(g.group).toEqual([{ id: 1, weight: 200 }, { id: 7, weight: 256 }]);
    await expect(getNexthop(99, { netns: ns() })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(listNexthops({ netns: ns(), id: 0 })).rejects.toThrow(/invalid id/);
    await expect(listNexthops({ netns: ns(), dev: 'nosuch0' })).rejects.toThrow(/Cannot find device "nosuch0"/);
  });

  it('listNexthopBuckets: ip -j nexthop bucket show, by group and by member', async () => {
    buildState(ns());
    const shape = (b: Awaited<ReturnType<typeof listNexthopBuckets>>[number]) => ({ id: b.id, index: b.index, nhid: b.nhid, flags: b.flags });
    const theirs = (...args: string[]) => ipJson(ns(), 'nexthop', 'bucket', 'show', ...args)
      .map((b: { id: number; bucket: { index: number; nhid: number }; flags: string[] }) => ({ id: b.id, index: b.bucket.index, nhid: b.bucket.nhid, flags: b.flags }));
    const all = await listNexthopBuckets({ netns: ns() });
    expect(all.map(shape)).toEqual(theirs());
    expect(all.length).toBe(8);
    expect(all.every((b) => typeof b.idleTime === 'number' && b.idleTime >= 0)).toBe(true);
    expect((await listNexthopBuckets({ netns: ns(), id: 11 })).map(shape)).toEqual(theirs('id', '11'));
    const two = await listNexthopBuckets({ netns: ns(), nhid: 2 });
    expect(two.map(shape)).toEqual(theirs('nhid', '2'));
    expect(two.length).toBeGreaterThan(0);
    expect(two.every((b) => b.nhid === 2)).toBe(true);
  });

  it('listNetconf, getNetconf: ip -j netconf show, every device and family, and one', async () => {
    buildState(ns());
    const names = new Map(ipJson(ns(), 'link', 'show').map((l: { ifindex: number; ifname: string }) => [l.ifindex, l.ifname]));
    const shape = (c: Awaited<ReturnType<typeof listNetconf>>[number]) => ({
      family: c.family, interface: c.dev ?? names.get(c.ifindex),
      ...(c.forwarding !== undefined ? { forwarding: !!c.forwarding } : {}),
      ...(c.rpFilter !== undefined ? { rp_filter: RP[c.rpFilter] } : {}),
      ...(c.mcForwarding !== undefined ? { mc_forwarding: !!c.mcForwarding } : {}),
      ...(c.proxyNeigh !== undefined ? { proxy_neigh: !!c.proxyNeigh } : {}),
      ...(c.ignoreRoutesWithLinkdown !== undefined ? { ignore_routes_with_linkdown: !!c.ignoreRoutesWithLinkdown } : {}),
    });
    expect((await listNetconf({ netns: ns() })).map(shape)).toEqual(ipJson(ns(), 'netconf', 'show'));
    expect((await listNetconf({ netns: ns(), family: 'inet6' })).map(shape)).toEqual(ipJson(ns(), '-6', 'netconf', 'show'));
    const va = await getNetconf({ netns: ns(), family: 'inet', dev: 'va' });
    expect(shape(va)).toEqual(ipJson(ns(), 'netconf', 'show', 'dev', 'va')[0]);
    expect(va).toMatchObject({ forwarding: 1, proxyNeigh: 1 });
    expect(await getNetconf({ netns: ns(), family: 'inet', dev: 'all' })).toMatchObject({ ifindex: -1, dev: 'all', rpFilter: 1 });
    expect(await getNetconf({ netns: ns(), family: 'inet6', dev: 'vb' })).toMatchObject({ family: 'inet6', ignoreRoutesWithLinkdown: 1 });
    await expect(getNetconf({ netns: ns(), family: 'inet', dev: 'nosuch0' })).rejects.toThrow(/Cannot find device "nosuch0"/);
    await expect(getNetconf({ netns: ns(), family: 'ipx' as never, dev: 'va' })).rejects.toThrow(/ipx/);
  });
});
