// Neighbour operations against the real kernel, each test in a fresh
// namespace, with `ip -j neigh` as the oracle.

import { expect, it } from 'vitest';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { addNeighbour, deleteNeighbour, listNeighbours, replaceNeighbour, type Neighbour } from '../../src/ops/neigh.js';
import { freshNetns, inNs, ip, privileged } from '../helpers/privileged.js';

/** `ip -n NS -j [FAMILY] neigh show ARGS`, parsed. */
function ipNeigh(ns: string, ...args: string[]): any[] {
  const fam = args[0] === '-4' || args[0] === '-6' ? [args.shift()!] : [];
  return JSON.parse(ip('-n', ns, '-j', ...fam, 'neigh', 'show', ...args) || '[]');
}

privileged('neighbour operations, against ip -j neigh', () => {
  const ns = freshNetns('neigh');
  let ifindex = new Map<string, number>();
  const setup = () => {
    inNs(ns(), 'ip link add va type veth peer name vb && ip link set va up && ip link set vb up && ip addr add 10.1.1.1/24 dev va && ip addr add 2001:db8:1::1/64 dev va nodad');
    ifindex = new Map(JSON.parse(ip('-n', ns(), '-j', 'link', 'show')).map((l: any) => [l.ifname, l.ifindex]));
  };

  /**
   * listNeighbours(opts) and `ip -j neigh show ARGS` hold the same entries
   * (ip leaves out the dev it filtered on).
   *
   * For a while after links come up, the kernel keeps adding IPv6 multicast
   * NOARP entries (ff02::1:ff..., as DAD and MLD reports go out): one can
   * appear between tsip's read and ip's. So ip's list is read between two of
   * tsip's, and compared only when those two agree (the table held still);
   * else the reads are tried again. A tsip that lists a settled table
   * differently from ip still fails.
   */
  async function expectSameList(opts: Parameters<typeof listNeighbours>[0], ...ipArgs: string[]): Promise<Neighbour[]> {
    const devAt = ipArgs.indexOf('dev');
    const fixedDev = devAt < 0 ? undefined : ipArgs[devAt + 1];
    const order = (x: { dst: string; index?: number }, y: { dst: string; index?: number }) => `${x.dst} ${x.index}`.localeCompare(`${y.dst} ${y.index}`);
    const read = async () => {
      const mine = await listNeighbours({ netns: ns(), ...opts });
      return { mine, rows: mine.map((n) => ({ dst: n.address, index: n.index, lladdr: n.lladdr, state: n.state, router: n.flags.includes('router') })).sort(order) };
    };
    for (let attempt = 1; ; attempt++) {
      const before = await read();
      const b = ipNeigh(ns(), ...ipArgs).map((n) => ({
        dst: n.dst, index: ifindex.get(n.dev ?? fixedDev), lladdr: n.lladdr, state: n.state ?? [], router: 'router' in n,
      })).sort(order);
      const after = await read();
      if (JSON.stringify(before.rows) === JSON.stringify(after.rows) || attempt === 20) {
        expect(after.rows).toEqual(b);
        return after.mine;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('adds entries in each state, with lladdr and router; lists them as ip neigh show', async () => {
    setup();
    const o = { netns: ns() };
    await addNeighbour({ address: '10.1.1.5', lladdr: '02:00:00:00:00:05', dev: 'va' }, o);
    await addNeighbour({ address: '10.1.1.6', lladdr: '02:00:00:00:00:06', dev: 'va', state: 'reachable' }, o);
    await addNeighbour({ address: '10.1.1.7', lladdr: '02:00:00:00:00:07', dev: 'va', state: 'stale' }, o);
    await addNeighbour({ address: '10.1.1.8', lladdr: '02:00:00:00:00:08', dev: 'va', state: 'noarp' }, o);
    await addNeighbour({ address: '10.1.1.9', dev: 'va', state: 'failed' }, o);
    await addNeighbour({ address: '10.1.1.10', dev: 'va', state: 'none' }, o);
    await addNeighbour({ address: '2001:db8:1::2', lladdr: '02:00:00:00:00:22', dev: 'va', router: true }, o);

    await expectSameList({}); // as ip: neither noarp nor none
    await expectSameList({ state: 'all' }, 'nud', 'all');
    await expectSameList({ family: 'inet', dev: 'va' }, '-4', 'dev', 'va');
    await expectSameList({ family: 'inet6', state: 'all' }, '-6', 'nud', 'all');
    await expectSameList({ state: ['stale', 'permanent'] }, 'nud', 'stale', 'nud', 'permanent');
    await expectSameList({ state: ['noarp'] }, 'nud', 'noarp');

    const mine = await listNeighbours({ state: 'all', ...o });
    const byDst = (d: string) => mine.find((n) => n.address === d)!;
    expect(byDst('10.1.1.5')).toMatchObject({ family: 'inet', lladdr: '02:00:00:00:00:05', state: ['PERMANENT'], index: ifindex.get('va') });
    expect(byDst('10.1.1.6').state).toEqual(['REACHABLE']);
    expect(byDst('10.1.1.7').state).toEqual(['STALE']);
    expect(byDst('10.1.1.8').state).toEqual(['NOARP']);
    expect(byDst('10.1.1.9').state).toEqual(['FAILED']);
    expect(byDst('10.1.1.10').state).toEqual([]);
    expect(byDst('2001:db8:1::2')).toMatchObject({ family: 'inet6', flags: ['router'], state: ['PERMANENT'] });
    expect(byDst('10.1.1.5').message.attrs.NDA_LLADDR).toBe('02:00:00:00:00:05');

    // delay and probe are timer states: the kernel moves them on (probe, then failed) within
    // a few seconds, so they are checked apart from the comparisons above.
    await addNeighbour({ address: '10.1.1.11', lladdr: '02:00:00:00:00:0b', dev: 'va', state: 'delay' }, o);
    await addNeighbour({ address: '10.1.1.12', lladdr: '02:00:00:00:00:0c', dev: 'va', state: 'probe' }, o);
    const timed = (await listNeighbours({ dev: 'va', state: ['delay', 'probe', 'failed'], ...o })).filter((n) => n.address.startsWith('10.1.1.1'));
    expect(timed.map((n) => n.address).sort()).toEqual(['10.1.1.11', '10.1.1.12']);
    for (const n of timed) expect(['DELAY', 'PROBE', 'FAILED']).toContain(n.state[0]);
    expect(ipNeigh(ns(), 'nud', 'probe', 'nud', 'delay', 'nud', 'failed').map((n) => n.dst)).toEqual(expect.arrayContaining(['10.1.1.11', '10.1.1.12']));

    const dup = await addNeighbour({ address: '10.1.1.5', lladdr: '02:00:00:00:00:55', dev: 'va' }, o).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect((dup as NetlinkError).code).toBe('EEXIST');
  });

  it('replaces (creates when absent, overwrites lladdr and state) and deletes', async () => {
    setup();
    const o = { netns: ns() };
    await replaceNeighbour({ address: '10.1.1.5', lladdr: '02:00:00:00:00:05', dev: 'va', state: 'stale' }, o);
    await replaceNeighbour({ address: '10.1.1.5', lladdr: '02:00:00:00:00:55', dev: 'va' }, o);
    expect(ipNeigh(ns(), '10.1.1.5', 'dev', 'va')).toEqual([{ dst: '10.1.1.5', lladdr: '02:00:00:00:00:55', state: ['PERMANENT'] }]);
    await addNeighbour({ address: '2001:db8:1::9', lladdr: '02:00:00:00:00:99', dev: 'va' }, o);
    await expectSameList({ dev: 'va' }, 'dev', 'va');
    await deleteNeighbour({ address: '10.1.1.5', dev: 'va' }, o);
    await deleteNeighbour({ address: '2001:db8:1::9', dev: 'va' }, o);
    expect(ipNeigh(ns(), 'nud', 'permanent')).toEqual([]);
    const gone = await deleteNeighbour({ address: '10.1.1.5', dev: 'va' }, o).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NetlinkError);
    expect((gone as NetlinkError).code).toBe('ENOENT');
  });

  it('adds, lists and deletes proxy entries', async () => {
    setup();
    const o = { netns: ns() };
    await addNeighbour({ address: '10.1.1.77', dev: 'va', proxy: true }, o);
    const proxies = await listNeighbours({ proxy: true, ...o });
    expect(proxies.map((n) => [n.address, n.index, n.flags])).toEqual([['10.1.1.77', ifindex.get('va'), ['proxy']]]);
    expect(ipNeigh(ns(), 'proxy').map((n) => n.dst)).toEqual(['10.1.1.77']);
    expect((await listNeighbours(o)).map((n) => n.address)).not.toContain('10.1.1.77');
    await deleteNeighbour({ address: '10.1.1.77', dev: 'va', proxy: true }, o);
    expect(ipNeigh(ns(), 'proxy')).toEqual([]);
  });

  it('refuses bad input before the kernel, naming the value', async () => {
    setup();
    const o = { netns: ns() };
    await expect(addNeighbour({ address: '10.1.1.5', lladdr: 'aa:bb', dev: 'va' }, o)).rejects.toThrow(/"aa:bb" is invalid lladdr/);
    await expect(addNeighbour({ address: '10.1.1.5', lladdr: 'aa:bb:cc:dd:ee:gg', dev: 'va' }, o)).rejects.toThrow(/"aa:bb:cc:dd:ee:gg" is invalid lladdr/);
    await expect(addNeighbour({ address: '10.1.1.500', lladdr: '02:00:00:00:00:05', dev: 'va' }, o)).rejects.toThrow(/"10\.1\.1\.500"/);
    await expect(addNeighbour({ address: '10.1.1.5', dev: 'va', state: 'sleepy' as 'stale' }, o)).rejects.toThrow(UsageError);
    await expect(addNeighbour({ address: '10.1.1.5', dev: 'nosuchdev' }, o)).rejects.toThrow('Cannot find device "nosuchdev"');
    expect(ipNeigh(ns(), 'nud', 'all').filter((n) => n.dst.startsWith('10.'))).toEqual([]);
  });
});
