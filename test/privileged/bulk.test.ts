// Pipelines against the real kernel, each test in a fresh namespace, with
// `ip -j` as the oracle: a bulk add with one bad item in the middle reports
// exactly that one; a streamed dump yields what ip lists; bulk links and
// addresses land; `tsip -force -batch` pipelined prints what ip prints.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { NetlinkError } from '../../src/netlink/errors.js';
import { addAddresses, addLinks, addRoutes, deleteRoutes, streamRouteChunks, streamRoutes } from '../../src/ops/bulk.js';
import { openRtnl } from '../../src/ops/context.js';
import { deleteLinkGroup } from '../../src/ops/link.js';
import { TSIP } from '../helpers/cli.js';
import { freshNetns, ip, ipJson, privileged } from '../helpers/privileged.js';

const dst = (i: number) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}/32`;
const tmp = mkdtempSync(join(tmpdir(), 'tsip-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

privileged('bulk operations over one pipeline', () => {
  const ns = freshNetns('bulk');
  const withD0 = () => {
    ip('-n', ns(), 'link', 'add', 'd0', 'type', 'ifb');
    ip('-n', ns(), 'link', 'set', 'd0', 'up');
  };

  it('1000 routes with one the kernel refuses in the middle: exactly that one fails, with its index and the kernel\'s message', async () => {
    withD0();
    const specs = Array.from({ length: 1000 }, (_, i) => ({ dst: dst(i), dev: 'd0', table: 100 } as { dst: string; dev: string; table: number; via?: string }));
    specs[617] = { dst: '198.18.200.1/32', dev: 'd0', table: 100, via: '192.0.2.1' }; // a gateway d0 cannot reach
    const results = await addRoutes(specs, { netns: ns() });
    const failed = results.flatMap((r, i) => (r.ok ? [] : [i]));
    expect(failed).toEqual([617]);
    const err = results[617]!.ok ? undefined : results[617]!.error;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ index: 617, code: 'ENETUNREACH', requestType: 'RTM_NEWROUTE' });
    expect((err as NetlinkError).extack.msg).toBe('Nexthop has invalid gateway');
    const listed = new Set(ipJson<any[]>(ns(), 'route', 'show', 'table', '100').map((r) => `${r.dst}/32`));
    expect(listed.size).toBe(999);
    specs.forEach((s, i) => expect(listed.has(s.dst), s.dst).toBe(i !== 617));
  });

  it('the same with an ack per request, on a reused socket, and the duplicates of a second pass all reported', async () => {
    withD0();
    const sock = openRtnl({ netns: ns() });
    try {
      const specs = Array.from({ length: 300 }, (_, i) => ({ dst: dst(i), dev: 'd0', table: 100 }));
      expect((await addRoutes(specs.slice(0, 200), { socket: sock, ack: 'each' })).every((r) => r.ok)).toBe(true);
      const again = await addRoutes(specs, { socket: sock, ack: 'each' });
      expect(again.flatMap((r, i) => (r.ok ? [] : [i]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(again.every((r) => r.ok || (r.error instanceof NetlinkError && r.error.code === 'EEXIST'))).toBe(true);
      expect(ipJson<any[]>(ns(), 'route', 'show', 'table', '100')).toHaveLength(300);
      const del = await deleteRoutes(specs.slice(100), { socket: sock });
      expect(del.every((r) => r.ok)).toBe(true);
      expect(ipJson<any[]>(ns(), 'route', 'show', 'table', '100')).toHaveLength(100);
    } finally {
      sock.close();
    }
  });

  it('streamRoutes yields the routes ip -j lists, a datagram at a time', async () => {
    withD0();
    const n = 3000;
    expect((await addRoutes(Array.from({ length: n }, (_, i) => ({ dst: dst(i), dev: 'd0', table: 100, metric: i % 7 })), { netns: ns() })).every((r) => r.ok)).toBe(true);
    const seen: string[] = [];
    let chunks = 0;
    for await (const chunk of streamRouteChunks({ netns: ns(), table: 100 })) {
      chunks++;
      for (const r of chunk) seen.push(`${r.dst} ${r.metric ?? 0} ${r.oif}`);
    }
    const d0 = ipJson<any[]>(ns(), 'link', 'show', 'd0')[0].ifindex;
    const oracle = ipJson<any[]>(ns(), 'route', 'show', 'table', '100').map((r) => `${r.dst}/32 ${r.metric ?? 0} ${d0}`);
    expect(seen.sort()).toEqual(oracle.sort());
    expect(chunks).toBeGreaterThan(1);
    let one = 0;
    for await (const r of streamRoutes({ netns: ns(), table: 100 })) if (r.table === 100) one++;
    expect(one).toBe(n);
  });

  it('addLinks with a group, then one group delete; addAddresses on a link', async () => {
    const results = await addLinks([
      ...Array.from({ length: 50 }, (_, i) => ({ name: `b${i}`, kind: 'ifb', group: 42 })),
      { name: 'b7', kind: 'ifb', group: 42 }, // exists already: EEXIST
      ...Array.from({ length: 10 }, (_, i) => ({ name: `va${i}`, kind: 'veth', group: 42, options: { peer: { name: `vb${i}` } } })),
    ], { netns: ns() });
    expect(results.flatMap((r, i) => (r.ok ? [] : [`${i} ${r.error.message}`]))).toEqual(['50 RTNETLINK answers: File exists']);
    expect(ipJson<any[]>(ns(), 'link', 'show').filter((l) => l.group === '42')).toHaveLength(60);
    const addrs = await addAddresses(Array.from({ length: 100 }, (_, i) => ({ address: `10.77.0.${i + 1}/16`, dev: 'b0' })), { netns: ns() });
    expect(addrs.every((r) => r.ok)).toBe(true);
    expect(ipJson<any[]>(ns(), '-4', 'addr', 'show', 'dev', 'b0')[0].addr_info).toHaveLength(100);
    await deleteLinkGroup(42, { netns: ns() });
    expect(ipJson<any[]>(ns(), 'link', 'show').map((l) => l.ifname)).toEqual(['lo']);
  });

  it('tsip -force -batch, pipelined, prints what ip -force -batch prints and leaves the same state', () => {
    const lines = [
      'link add d0 type ifb', 'link set d0 up',
      ...Array.from({ length: 300 }, (_, i) => `route add ${dst(i)} dev d0 table 100`),
      `route add ${dst(5)} dev d0 table 100`, // EEXIST
      'route add 10.2.0.0/16 dev nosuch table 100', // Cannot find device
      'addr add 10.9.0.1/24 dev d0', 'addr add 10.9.0.1/24 dev d0', // extack error
      'route add 10.3.0.0/16 via 10.77.0.1 table 100', // Nexthop has invalid gateway
      'route show table 100 10.9.0.0/24',
      'link set d0 mtu 1400', 'route add 10.4.0.0/16 dev d0 table 100 mtu 1300',
      'link show d0',
      ...Array.from({ length: 50 }, (_, i) => `route del ${dst(i)} dev d0 table 100`),
    ];
    const file = join(tmp, 'batch');
    writeFileSync(file, lines.join('\n') + '\n');
    const run = (cmd: string[], n: string) => spawnSync(cmd[0]!, [...cmd.slice(1), '-n', n, '-force', '-batch', file], { encoding: 'utf8' });
    const a = run(['ip'], ns());
    const stateA = ip('-n', ns(), 'route', 'show', 'table', '100');
    ip('netns', 'del', ns());
    ip('netns', 'add', ns());
    const b = run([process.execPath, TSIP], ns());
    const stateB = ip('-n', ns(), 'route', 'show', 'table', '100');
    const norm = (s: string) => s.replace(/"ip help"/g, '"tsip help"').replace(/link\/ether \S+ brd/, 'link/ether X brd').replace(/^\d+: /gm, 'N: ');
    expect(b.status).toBe(a.status);
    expect(norm(b.stderr)).toBe(norm(a.stderr));
    expect(norm(b.stdout)).toBe(norm(a.stdout));
    expect(stateB).toBe(stateA);
  });
});
