import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { pollerState } from '../../src/netlink/poller.js';
import { monitor, type MonitorEvent } from '../../src/ops/monitor.js';
import { attrsOf, nextMatching, until } from '../helpers/monitor.js';
import { freshNetns, inNs, ip, ipJson, privileged, removeNetns } from '../helpers/privileged.js';

privileged('monitor: changes made by ip arrive as events (ip monitor)', () => {
  const ns = freshNetns('mon');
  const other = freshNetns('monpeer');

  it('link, address, route, neigh and nsid: new, then deleted', async () => {
    const m = monitor({ netns: ns() });
    const it = m[Symbol.asyncIterator]();
    const n = (...args: string[]) => ip('-n', ns(), ...args);
    try {
      n('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const index = ipJson(ns(), 'link', 'show', 'va')[0].ifindex as number;
      const newLink = await nextMatching(it, (e) => e.name === 'RTM_NEWLINK' && attrsOf(e).IFLA_IFNAME === 'va');
      expect(newLink).toMatchObject({ kind: 'event', type: 16, object: 'link', body: { ifi_index: index } });
      expect(newLink.nsid).toBeUndefined();

      n('addr', 'add', '10.9.0.1/24', 'dev', 'va');
      n('link', 'set', 'va', 'up');
      const addr = await nextMatching(it, (e) => e.name === 'RTM_NEWADDR' && attrsOf(e).IFA_LOCAL === '10.9.0.1');
      expect(addr).toMatchObject({ object: 'address', body: { ifa_family: 2, ifa_prefixlen: 24, ifa_index: index } });

      n('route', 'add', '10.10.0.0/16', 'via', '10.9.0.2');
      const rt = await nextMatching(it, (e) => e.name === 'RTM_NEWROUTE' && attrsOf(e).RTA_DST === '10.10.0.0');
      expect(rt).toMatchObject({ object: 'route', body: { rtm_dst_len: 16, rtm_table: 254, attrs: { RTA_GATEWAY: '10.9.0.2', RTA_OIF: index } } });

      n('neigh', 'add', '10.9.0.3', 'lladdr', '02:00:00:00:00:03', 'dev', 'va');
      const nb = await nextMatching(it, (e) => e.name === 'RTM_NEWNEIGH' && attrsOf(e).NDA_DST === '10.9.0.3');
      expect(nb).toMatchObject({ object: 'neigh', body: { ndm_ifindex: index, ndm_state: 0x80 /* NUD_PERMANENT */, attrs: { NDA_LLADDR: '02:00:00:00:00:03' } } });

      n('netns', 'set', other(), '7');
      const id = await nextMatching(it, (e) => e.name === 'RTM_NEWNSID');
      expect(id).toMatchObject({ object: 'nsid', body: { attrs: { NETNSA_NSID: 7 } } });

      n('neigh', 'del', '10.9.0.3', 'dev', 'va');
      await nextMatching(it, (e) => e.name === 'RTM_DELNEIGH' && attrsOf(e).NDA_DST === '10.9.0.3');
      n('route', 'del', '10.10.0.0/16');
      await nextMatching(it, (e) => e.name === 'RTM_DELROUTE' && attrsOf(e).RTA_DST === '10.10.0.0');
      n('addr', 'del', '10.9.0.1/24', 'dev', 'va');
      await nextMatching(it, (e) => e.name === 'RTM_DELADDR' && attrsOf(e).IFA_LOCAL === '10.9.0.1');
      n('link', 'del', 'va');
      const gone = await nextMatching(it, (e) => e.name === 'RTM_DELLINK' && attrsOf(e).IFLA_IFNAME === 'va');
      expect(gone.body).toMatchObject({ ifi_index: index });
      removeNetns(other()); // a peer that dies loses its id: RTM_DELNSID
      const lost = await nextMatching(it, (e) => e.name === 'RTM_DELNSID');
      expect(attrsOf(lost).NETNSA_NSID).toBe(7);
    } finally {
      m.close();
    }
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('netconf, rule and nexthop: changes made by ip (and a sysctl written in the namespace) arrive, new then deleted', async () => {
    const n = (...args: string[]) => ip('-n', ns(), ...args);
    n('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    n('link', 'set', 'va', 'up');
    n('link', 'set', 'vb', 'up');
    const index = ipJson(ns(), 'link', 'show', 'va')[0].ifindex as number;
    const m = monitor({ netns: ns(), groups: ['netconf', 'rule', 'nexthop'] });
    const it = m[Symbol.asyncIterator]();
    try {
      inNs(ns(), 'sysctl -qw net.ipv4.conf.va.forwarding=1');
      const nc = await nextMatching(it, (e) => e.name === 'RTM_NEWNETCONF' && attrsOf(e).NETCONFA_IFINDEX === index);
      expect(nc).toMatchObject({ object: 'netconf', body: { ncm_family: 2, attrs: { NETCONFA_FORWARDING: 1 } } });
      inNs(ns(), 'sysctl -qw net.ipv6.conf.all.forwarding=1');
      const all = await nextMatching(it, (e) => e.name === 'RTM_NEWNETCONF' && attrsOf(e).NETCONFA_IFINDEX === -1);
      expect(all).toMatchObject({ body: { ncm_family: 10, attrs: { NETCONFA_FORWARDING: 1 } } });

      n('rule', 'add', 'from', '1.2.3.0/24', 'lookup', '5', 'pref', '7');
      const rule = await nextMatching(it, (e) => e.name === 'RTM_NEWRULE' && attrsOf(e).FRA_PRIORITY === 7);
      expect(rule).toMatchObject({ object: 'rule', body: { family: 2, src_len: 24, table: 5, action: 1, attrs: { FRA_SRC: '1.2.3.0' } } });
      n('-6', 'rule', 'add', 'fwmark', '0x1', 'lookup', '201', 'pref', '30');
      const rule6 = await nextMatching(it, (e) => e.name === 'RTM_NEWRULE' && attrsOf(e).FRA_PRIORITY === 30);
      expect(rule6).toMatchObject({ body: { family: 10, attrs: { FRA_FWMARK: 1, FRA_TABLE: 201 } } });

      n('nexthop', 'add', 'id', '3', 'dev', 'va');
      const nh = await nextMatching(it, (e) => e.name === 'RTM_NEWNEXTHOP' && attrsOf(e).NHA_ID === 3);
      expect(nh).toMatchObject({ object: 'nexthop', body: { nh_family: 2, nh_scope: 254, attrs: { NHA_OIF: index } } });
      n('nexthop', 'add', 'id', '4', 'group', '3');
      await nextMatching(it, (e) => e.name === 'RTM_NEWNEXTHOP' && attrsOf(e).NHA_ID === 4);

      n('nexthop', 'del', 'id', '3');
      // group 4 had no other member: it goes with it, and the kernel says so too
      const seen = new Set<unknown>();
      await nextMatching(it, (e) => {
        if (e.name === 'RTM_DELNEXTHOP') seen.add(attrsOf(e).NHA_ID);
        return seen.has(3) && seen.has(4);
      });
      expect(ipJson(ns(), 'nexthop', 'show')).toEqual([]);
      n('rule', 'del', 'pref', '7');
      const gone = await nextMatching(it, (e) => e.name === 'RTM_DELRULE' && attrsOf(e).FRA_PRIORITY === 7);
      expect(gone).toMatchObject({ object: 'rule', body: { family: 2 } });
    } finally {
      m.close();
    }
  });

  it('resync(): fresh dumps of rules, nexthops and netconf, as ip -j shows them', async () => {
    const n = (...args: string[]) => ip('-n', ns(), ...args);
    n('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    n('link', 'set', 'va', 'up');
    n('link', 'set', 'vb', 'up');
    n('addr', 'add', '10.9.0.1/24', 'dev', 'va');
    n('rule', 'add', 'from', '1.2.3.0/24', 'lookup', '5', 'pref', '7');
    n('-6', 'rule', 'add', 'to', '2001:db8::/32', 'lookup', '6', 'pref', '8');
    n('nexthop', 'add', 'id', '1', 'via', '10.9.0.2', 'dev', 'va');
    n('nexthop', 'add', 'id', '2', 'via', '10.9.0.3', 'dev', 'va');
    n('nexthop', 'add', 'id', '4', 'blackhole');
    n('nexthop', 'add', 'id', '10', 'group', '1/2');
    inNs(ns(), 'sysctl -qw net.ipv4.conf.va.rp_filter=2');
    const m = monitor({ netns: ns(), groups: ['netconf', 'rule', 'nexthop'] });
    try {
      const snap = m.resync();
      const rules = (family: number) => (snap.rule ?? []).filter((r) => r.family === family).map((r) => (r.attrs.FRA_PRIORITY as number | undefined) ?? 0);
      expect(rules(2)).toEqual(ipJson(ns(), 'rule', 'show').map((r: { priority: number }) => r.priority));
      expect(rules(10)).toEqual(ipJson(ns(), '-6', 'rule', 'show').map((r: { priority: number }) => r.priority));
      expect(rules(2)).toContain(7);
      expect((snap.nexthop ?? []).map((h) => h.attrs.NHA_ID)).toEqual(ipJson(ns(), 'nexthop', 'show').map((h: { id: number }) => h.id));
      const names = new Map(ipJson(ns(), 'link', 'show').map((l: { ifindex: number; ifname: string }) => [l.ifindex, l.ifname]));
      const nameOf = (i: number) => (i === -1 ? 'all' : i === -2 ? 'default' : names.get(i));
      const ours = (snap.netconf ?? []).map((c) => ({
        family: c.ncm_family === 2 ? 'inet' : 'inet6', interface: nameOf(c.attrs.NETCONFA_IFINDEX as number),
        forwarding: c.attrs.NETCONFA_FORWARDING === 1, ...(c.attrs.NETCONFA_RP_FILTER === undefined ? {} : { rp_filter: ['off', 'strict', 'loose'][c.attrs.NETCONFA_RP_FILTER as number] }),
      }));
      const theirs = ipJson(ns(), 'netconf', 'show').map((c: Record<string, unknown>) => ({
        family: c.family, interface: c.interface, forwarding: c.forwarding, ...(c.rp_filter === undefined ? {} : { rp_filter: c.rp_filter }),
      }));
      expect(ours).toEqual(theirs);
      expect(ours).toContainEqual({ family: 'inet', interface: 'va', forwarding: false, rp_filter: 'loose' });
    } finally {
      m.close();
    }
  });

  it('the emitter side: "event" and the kernel name, only for the objects asked for', async () => {
    const m = monitor({ netns: ns(), groups: ['address'] });
    try {
      const byName = new Promise<MonitorEvent>((resolve) => m.once('RTM_NEWADDR', resolve));
      const names: string[] = [];
      m.on('event', (e: MonitorEvent) => names.push(e.name));
      ip('-n', ns(), 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'); // a link event: not asked for
      ip('-n', ns(), 'addr', 'add', '10.9.0.1/24', 'dev', 'va');
      const ev = await byName;
      expect(attrsOf(ev).IFA_LOCAL).toBe('10.9.0.1');
      expect(names).toEqual(['RTM_NEWADDR']);
    } finally {
      m.close();
    }
  });

  it('all-nsid mode: a peer namespace\'s events carry the id ours gave it', async () => {
    const m = monitor({ netns: ns(), allNsid: true, groups: ['link', 'nsid'] });
    const it = m[Symbol.asyncIterator]();
    try {
      ip('-n', ns(), 'netns', 'set', other(), '5');
      const id = await nextMatching(it, (e) => e.name === 'RTM_NEWNSID');
      expect(id.nsid).toBeUndefined(); // it happened in our own namespace
      ip('-n', other(), 'link', 'add', 'pa', 'type', 'veth', 'peer', 'name', 'pb');
      const peer = await nextMatching(it, (e) => e.name === 'RTM_NEWLINK' && attrsOf(e).IFLA_IFNAME === 'pa');
      expect(peer.nsid).toBe(5);
      ip('-n', ns(), 'link', 'add', 'oa', 'type', 'veth', 'peer', 'name', 'ob');
      const own = await nextMatching(it, (e) => e.name === 'RTM_NEWLINK' && attrsOf(e).IFLA_IFNAME === 'oa');
      expect(own.nsid).toBeUndefined();
    } finally {
      m.close();
    }
  });

  it('no consumer, no waiting thread; the last close() leaves none either', async () => {
    const m = monitor({ netns: ns() });
    try {
      await new Promise((r) => setTimeout(r, 20));
      expect(pollerState().polling).toBe(false);
      const it = m[Symbol.asyncIterator]();
      const pending = it.next();
      await until(() => pollerState().polling);
      m.close();
      expect(await pending).toEqual({ value: undefined, done: true });
    } finally {
      m.close();
    }
    await until(() => !pollerState().polling);
    expect(pollerState()).toEqual({ polling: false, watched: 0 });
  });
});

privileged('monitor: closing lets the process exit', () => {
  const ns = freshNetns('monexit');
  const child = fileURLToPath(new URL('../helpers/monitor-child.ts', import.meta.url));

  /** Run the child; returns ms from its last act (close or exit) to the parent seeing it exit. */
  function exitDelay(how: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, ns(), how], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d) => { out += d; });
      const kill = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`child (${how}) still alive after 10 s; said: ${out}`)); }, 10_000);
      p.on('exit', (code) => {
        const now = Date.now();
        clearTimeout(kill);
        if (code !== 0) return reject(new Error(`child (${how}) exited with ${code}: ${out}`));
        resolve(now - (JSON.parse(out) as { endedAt: number }).endedAt);
      });
    });
  }

  for (const how of ['close', 'emitter', 'exit']) {
    it(`${how}: exits within 100 ms`, async () => {
      const ms = await exitDelay(how);
      console.log(`monitor child (${how}): exited ${ms} ms after its last act`);
      expect(ms).toBeLessThan(100);
    });
  }
});
