// Route operations against the real kernel, each test in a fresh
// namespace, with `ip -j route` as the oracle.

import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { addRoute, appendRoute, deleteRoute, getRoute, listRoutes, replaceRoute, type Route } from '../../src/ops/route.js';
import { freshNetns, inNs, ip, privileged } from '../helpers/privileged.js';

/** `ip -n NS -j [FAMILY] route ARGS`, parsed. */
function ipRoutes(ns: string, ...args: string[]): any[] {
  const fam = args[0] === '-4' || args[0] === '-6' ? [args.shift()!] : [];
  return JSON.parse(ip('-n', ns, '-j', ...fam, 'route', ...args) || '[]');
}

/** What `ip` prints on stderr, and its exit status, for a command that fails. */
function ipFails(ns: string, ...args: string[]): string {
  try {
    execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return String((e as { stderr: string }).stderr).trim();
  }
  throw new Error(`ip ${args.join(' ')} succeeded`);
}

const TABLES: Record<string, number> = { main: 254, local: 255, default: 253 };

/**
 * A route as ip -j prints it, turned into comparable fields. ip leaves out
 * what its filter fixed: the table of "table T", the link of "dev D", the
 * protocol of "proto P".
 */
function fromIp(r: any, ifindex: Map<string, number>, fixed: { table?: number; oif?: number; protocol?: string } = {}) {
  const host = r.dst === 'default' || String(r.dst).includes('/') ? r.dst : `${r.dst}/${String(r.dst).includes(':') ? 128 : 32}`;
  return {
    dst: host, type: r.type ?? 'unicast', table: r.table === undefined ? fixed.table ?? 254 : TABLES[r.table] ?? Number(r.table),
    protocol: r.protocol ?? fixed.protocol ?? 'boot', scope: r.scope ?? 'global',
    gateway: r.gateway, via: r.via ? { family: r.via.family, address: r.via.host } : undefined,
    oif: r.dev === undefined ? fixed.oif : ifindex.get(r.dev), prefsrc: r.prefsrc, metric: r.metric,
    metrics: r.metrics ? renameKeys(Object.assign({}, ...r.metrics), { congestion: 'congctl' }) : undefined,
    nexthops: r.nexthops?.map((n: any) => ({ gateway: n.gateway, oif: ifindex.get(n.dev), weight: n.weight ?? 1 })),
    flags: r.flags ?? [],
  };
}

const renameKeys = (o: Record<string, unknown>, names: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [names[k] ?? k, v]));

/** The same fields of ours. */
function fromUs(r: Route) {
  const { lock: _lock, ...metrics } = r.metrics ?? {};
  return {
    dst: r.dst, type: r.type, table: r.table, protocol: r.protocol, scope: r.scope, gateway: r.gateway, via: r.via,
    oif: r.oif, prefsrc: r.prefsrc, metric: r.metric, metrics: r.metrics ? metrics : undefined,
    nexthops: r.nexthops?.map((n) => ({ gateway: n.gateway, oif: n.oif, weight: n.weight })), flags: r.flags,
  };
}

const key = (r: { dst: string; table: number; metric?: number; gateway?: string }) => `${r.table} ${r.dst} ${r.metric ?? ''} ${r.gateway ?? ''}`;

privileged('route operations, against ip -j route', () => {
  const ns = freshNetns('route');
  let ifindex = new Map<string, number>();

  /** va/vb and vc/vd: two veth pairs, va and vc holding 10.1.1.1/24, 10.2.2.1/24 and IPv6 prefixes. */
  const setup = () => {
    inNs(ns(), [
      'ip link add va type veth peer name vb', 'ip link add vc type veth peer name vd',
      'for l in va vb vc vd; do ip link set $l up; done',
      'ip addr add 10.1.1.1/24 dev va', 'ip addr add 10.2.2.1/24 dev vc',
      'ip addr add 2001:db8:1::1/64 dev va nodad', 'ip addr add 2001:db8:2::1/64 dev vc nodad',
    ].join(' && '));
    ifindex = new Map(JSON.parse(ip('-n', ns(), '-j', 'link', 'show')).map((l: any) => [l.ifname, l.ifindex]));
  };

  /** listRoutes(opts) and `ip -j route show ARGS` hold the same routes. */
  async function expectSameList(opts: Parameters<typeof listRoutes>[0], ...ipArgs: string[]): Promise<Route[]> {
    const mine = await listRoutes({ netns: ns(), ...opts });
    const a = mine.map(fromUs).sort((x, y) => key(x).localeCompare(key(y)));
    const arg = (name: string) => { const i = ipArgs.indexOf(name); return i < 0 ? undefined : ipArgs[i + 1]; };
    const table = arg('table');
    const fixed = {
      table: table === undefined || table === 'all' ? undefined : TABLES[table] ?? Number(table),
      oif: arg('dev') === undefined ? undefined : ifindex.get(arg('dev')!),
      protocol: arg('proto'),
    };
    const b = ipRoutes(ns(), ...ipArgs).map((r) => fromIp(r, ifindex, fixed)).sort((x, y) => key(x).localeCompare(key(y)));
    expect(a).toEqual(b);
    return mine;
  }

  it('adds via a gateway, dev only (scope link), default, with src and metric; lists them as ip route show', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: 'default', via: '10.1.1.2' }, o);
    await addRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o);
    await addRoute({ dst: '10.7.0.0/16', dev: 'vc' }, o);
    await addRoute({ dst: '10.12.0.0/16', dev: 'va', src: '10.1.1.1', metric: 50 }, o);
    await addRoute({ dst: '10.13.0.1', via: '10.2.2.2', protocol: 'static' }, o);
    const mine = await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(mine.find((r) => r.dst === '10.7.0.0/16')).toMatchObject({ scope: 'link', oif: ifindex.get('vc'), protocol: 'boot' });
    expect(mine.find((r) => r.dst === 'default')).toMatchObject({ gateway: '10.1.1.2', scope: 'global' });
    expect(mine.find((r) => r.dst === '10.12.0.0/16')).toMatchObject({ prefsrc: '10.1.1.1', metric: 50 });
    expect(mine.find((r) => r.dst === '10.13.0.1/32')).toMatchObject({ protocol: 'static' });
    const dup = await addRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect((dup as NetlinkError).code).toBe('EEXIST');
  });

  it('adds to table 1000 (RTA_TABLE) and lists one table or all of them', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.9.0.0/16', via: '10.1.1.2', table: 1000 }, o);
    await addRoute({ dst: '2001:db8:9::/48', via: '2001:db8:1::2', table: 1000 }, o);
    await addRoute({ dst: '10.10.0.0/16', dev: 'va', table: 7 }, o);
    // ip route show table T shows IPv4 alone unless told -6; tsip shows both families unless told
    const t1000 = await expectSameList({ table: 1000, family: 'inet' }, '-4', 'show', 'table', '1000');
    await expectSameList({ table: 1000, family: 'inet6' }, '-6', 'show', 'table', '1000');
    expect(t1000.map((r) => r.table)).toEqual([1000]);
    expect((await listRoutes({ table: 1000, ...o })).map((r) => r.dst)).toEqual(['10.9.0.0/16', '2001:db8:9::/48']);
    await expectSameList({ table: 7, family: 'inet' }, '-4', 'show', 'table', '7');
    await expectSameList({ table: 'all' }, 'show', 'table', 'all');
    await expectSameList({ table: 'local', family: 'inet6' }, '-6', 'show', 'table', 'local');
    expect(await listRoutes({ table: 4242, ...o })).toEqual([]);
  });

  it('adds metrics (mtu 1400, locked; advmss, window, rtt, hoplimit, initcwnd, congctl)', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.8.0.0/16', via: '10.1.1.2', metrics: { mtu: 1400, lock: ['mtu'] } }, o);
    await addRoute({ dst: '10.7.0.0/16', via: '10.1.1.2', metrics: { advmss: 1260, window: 65535, rtt: 100, hoplimit: 32, initcwnd: 20, congctl: 'reno' } }, o);
    const mine = await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(mine.find((r) => r.dst === '10.8.0.0/16')!.metrics).toEqual({ mtu: 1400, lock: ['mtu'] });
    expect(mine.find((r) => r.dst === '10.7.0.0/16')!.metrics).toEqual({ advmss: 1260, window: 65535, rtt: 100, hoplimit: 32, initcwnd: 20, congctl: 'reno' });
    const text = ip('-n', ns(), 'route', 'show', '10.8.0.0/16');
    expect(text).toContain('mtu lock 1400');
  });

  it('adds multipath routes with weights, IPv4 and IPv6', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.6.0.0/16', nexthops: [{ via: '10.1.1.2', weight: 1 }, { via: '10.2.2.2', dev: 'vc', weight: 3 }] }, o);
    await addRoute({ dst: '2001:db8:8::/48', nexthops: [{ via: '2001:db8:1::2', dev: 'va', weight: 2 }, { via: '2001:db8:2::2', dev: 'vc', weight: 5 }] }, o);
    const v4 = await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(v4.find((r) => r.dst === '10.6.0.0/16')!.nexthops).toEqual([
      { gateway: '10.1.1.2', oif: ifindex.get('va'), weight: 1, flags: [] },
      { gateway: '10.2.2.2', oif: ifindex.get('vc'), weight: 3, flags: [] },
    ]);
    const v6 = await expectSameList({ family: 'inet6' }, '-6', 'show');
    expect(v6.find((r) => r.dst === '2001:db8:8::/48')!.nexthops!.map((n) => [n.gateway, n.weight])).toEqual([['2001:db8:1::2', 2], ['2001:db8:2::2', 5]]);
  });

  it('adds blackhole, unreachable, prohibit and throw routes, IPv4 and IPv6', async () => {
    setup();
    const o = { netns: ns() };
    for (const [type, n] of [['blackhole', 5], ['unreachable', 4], ['prohibit', 3], ['throw', 2]] as const) {
      await addRoute({ dst: `10.${n}.0.0/16`, type }, o);
      await addRoute({ dst: `2001:db8:${n}0::/48`, type }, o);
    }
    const v4 = await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(v4.filter((r) => r.type !== 'unicast').map((r) => `${r.type} ${r.dst} ${r.scope}`).sort())
      .toEqual(['blackhole 10.5.0.0/16 global', 'prohibit 10.3.0.0/16 global', 'throw 10.2.0.0/16 global', 'unreachable 10.4.0.0/16 global']);
    await expectSameList({ family: 'inet6' }, '-6', 'show');
    await expectSameList({ type: 'blackhole', family: 'inet' }, '-4', 'show', 'table', 'main', 'type', 'blackhole');
    await expectSameList({ type: 'unreachable', family: 'inet6' }, '-6', 'show', 'type', 'unreachable');
  });

  it('routes an IPv4 prefix via an IPv6 gateway (RTA_VIA), and via an off-link gateway with onlink', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.10.0.0/16', via: 'fe80::1', dev: 'va' }, o);
    await addRoute({ dst: '10.11.0.0/16', via: '192.168.50.1', dev: 'va', onlink: true }, o);
    const mine = await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(mine.find((r) => r.dst === '10.10.0.0/16')!.via).toEqual({ family: 'inet6', address: 'fe80::1' });
    expect(mine.find((r) => r.dst === '10.11.0.0/16')!.flags).toContain('onlink');
  });

  it('replaces, appends and deletes', async () => {
    setup();
    const o = { netns: ns() };
    await replaceRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o); // creates
    await replaceRoute({ dst: '10.8.0.0/16', via: '10.2.2.2' }, o); // overwrites
    expect(ipRoutes(ns(), 'show', '10.8.0.0/16').map((r) => r.gateway)).toEqual(['10.2.2.2']);
    await appendRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o);
    await expectSameList({ family: 'inet' }, '-4', 'show');
    expect(ipRoutes(ns(), 'show', '10.8.0.0/16').map((r) => r.gateway)).toEqual(['10.2.2.2', '10.1.1.2']);
    await appendRoute({ dst: '2001:db8:9::/48', via: '2001:db8:1::2' }, o);
    await appendRoute({ dst: '2001:db8:9::/48', via: '2001:db8:2::2', dev: 'vc' }, o);
    await expectSameList({ family: 'inet6' }, '-6', 'show');

    await deleteRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o);
    expect(ipRoutes(ns(), 'show', '10.8.0.0/16').map((r) => r.gateway)).toEqual(['10.2.2.2']);
    await deleteRoute({ dst: '10.8.0.0/16' }, o);
    expect(ipRoutes(ns(), 'show', '10.8.0.0/16')).toEqual([]);
    await addRoute({ dst: '10.9.0.0/16', via: '10.1.1.2', table: 1000 }, o);
    await deleteRoute({ dst: '10.9.0.0/16', via: '10.1.1.2', table: 1000 }, o);
    expect(ipRoutes(ns(), 'show', 'table', '1000')).toEqual([]);
    await deleteRoute({ dst: '2001:db8:9::/48' }, o);
    expect(ipRoutes(ns(), '-6', 'show', '2001:db8:9::/48')).toEqual([]);
    const gone = await deleteRoute({ dst: '10.8.0.0/16' }, o).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NetlinkError);
    expect((gone as NetlinkError).code).toBe('ESRCH');
  });

  it('lists with filters: dev, protocol, type, family, as ip route show does', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o);
    await addRoute({ dst: '10.7.0.0/16', via: '10.2.2.2', protocol: 'static' }, o);
    await addRoute({ dst: '10.5.0.0/16', type: 'blackhole' }, o);
    await expectSameList({ dev: 'va', family: 'inet' }, '-4', 'show', 'dev', 'va');
    await expectSameList({ dev: 'vc', family: 'inet6' }, '-6', 'show', 'dev', 'vc');
    await expectSameList({ protocol: 'kernel', family: 'inet' }, '-4', 'show', 'proto', 'kernel');
    await expectSameList({ protocol: 'static', family: 'inet' }, '-4', 'show', 'proto', 'static');
    await expectSameList({ type: 'blackhole', family: 'inet' }, '-4', 'show', 'type', 'blackhole');
    await expectSameList({ family: 'inet6', table: 'all' }, '-6', 'show', 'table', 'all');
    const both = await listRoutes(o);
    expect(new Set(both.map((r) => r.family))).toEqual(new Set(['inet', 'inet6']));
  });

  it('get: the kernel\'s lookup, as ip route get shows it', async () => {
    setup();
    const o = { netns: ns() };
    await addRoute({ dst: '10.8.0.0/16', via: '10.1.1.2' }, o);
    await addRoute({ dst: '2001:db8:9::/48', via: '2001:db8:2::2' }, o);
    const cases: Array<[string, Parameters<typeof getRoute>[1], string[]]> = [
      ['10.8.1.1', {}, []],
      ['10.1.1.9', {}, []],
      ['10.2.2.7', { from: '10.1.1.1' }, ['from', '10.1.1.1']],
      ['10.8.3.3', { oif: 'va', mark: 7 }, ['oif', 'va', 'mark', '7']],
      ['2001:db8:9::1', {}, []],
      ['2001:db8:1::9', {}, []],
    ];
    for (const [dst, opts, args] of cases) {
      const mine = await getRoute(dst, { ...o, ...opts });
      const [theirs] = ipRoutes(ns(), 'get', dst, ...args);
      expect({ dst: mine.dst.split('/')[0], gateway: mine.gateway, oif: mine.oif, prefsrc: mine.prefsrc, src: mine.src?.split('/')[0] })
        .toEqual({ dst: theirs.dst, gateway: theirs.gateway, oif: ifindex.get(theirs.dev), prefsrc: theirs.prefsrc, src: theirs.from });
      expect(mine.flags).toEqual(theirs.flags);
    }
    const unreachable = await getRoute('10.99.0.1', o).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(NetlinkError);
    expect((unreachable as Error).message).toBe(ipFails(ns(), 'route', 'get', '10.99.0.1'));
  });

  it('a kernel refusal reaches the caller with its extended ack, worded as ip prints it', async () => {
    setup();
    const o = { netns: ns() };
    const err = await addRoute({ dst: '10.20.0.0/16', via: '192.168.99.1' }, o).catch((e: unknown) => e) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    const theirs = ipFails(ns(), 'route', 'add', '10.20.0.0/16', 'via', '192.168.99.1');
    expect(err.message).toBe(theirs);
    expect(err.extack.msg).toBeTruthy();
    expect(err.code).toBe('ENETUNREACH');
    expect(err.requestType).toBe('RTM_NEWROUTE');
    const nodev = await addRoute({ dst: '10.21.0.0/16', dev: 'va', table: 1000, type: 'local', via: '10.1.1.2' }, o).catch((e: unknown) => e) as NetlinkError;
    expect(nodev).toBeInstanceOf(NetlinkError);
    expect(nodev.message).toBe(ipFails(ns(), 'route', 'add', 'local', '10.21.0.0/16', 'via', '10.1.1.2', 'dev', 'va', 'table', '1000'));
  });

  it('refuses bad input before the kernel, naming the value', async () => {
    setup();
    const o = { netns: ns() };
    const before = ipRoutes(ns(), 'show', 'table', 'all');
    const hostBits = await addRoute({ dst: '10.1.1.1/24', dev: 'va' }, o).catch((e: unknown) => e) as Error;
    expect(hostBits).toBeInstanceOf(UsageError);
    expect(hostBits.message).toMatch(/Invalid prefix for given prefix length.*"10\.1\.1\.1\/24"/);
    // ip sends it, and the kernel says the same
    expect(ipFails(ns(), 'route', 'add', '10.1.1.1/24', 'dev', 'va')).toBe('Error: Invalid prefix for given prefix length.');
    await expect(addRoute({ dst: '10.6.0.0/16', nexthops: [{ via: '10.1.1.2', weight: 0 }, { via: '10.2.2.2' }] }, o))
      .rejects.toThrow('Error: argument "0" is wrong: "weight" is invalid');
    await expect(addRoute({ dst: '10.1.1.300/24', dev: 'va' }, o)).rejects.toThrow(/"10\.1\.1\.300\/24"/);
    await expect(addRoute({ dst: '10.6.0.0/16', dev: 'va', table: -1 }, o)).rejects.toThrow(/"-1" is wrong: "table"/);
    await expect(addRoute({ dst: '10.6.0.0/16', dev: 'nosuchdev' }, o)).rejects.toThrow('Cannot find device "nosuchdev"');
    expect(ipRoutes(ns(), 'show', 'table', 'all')).toEqual(before);
  });
});
