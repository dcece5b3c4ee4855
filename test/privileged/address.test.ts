// Address operations against the real kernel, each test in a fresh
// namespace, with `ip -j addr` as the oracle.

import { expect, it } from 'vitest';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { addAddress, deleteAddress, flushAddresses, listAddresses, replaceAddress, type Address } from '../../src/ops/address.js';
import { openRtnl } from '../../src/ops/context.js';
import { freshNetns, inNs, ipJson, privileged } from '../helpers/privileged.js';

/** ip -j addr show's addr_info for a link, with the link's index. */
function ipAddrs(ns: string, ...args: string[]): any[] {
  const fam = args[0] === '-4' || args[0] === '-6' ? [args.shift()!] : [];
  // With a filter, ip -j prints filtered-out addresses as {} (and links as objects without names): skip those.
  // With a label filter, its link objects lack ifindex: take it from an unfiltered listing.
  const all = args.length ? ipAddrs(ns) : [];
  return ipJson(ns, ...fam, 'addr', 'show', ...args)
    .flatMap((l: any) => (l.addr_info ?? []).filter((a: any) => a.local)
      .map((a: any) => ({ ...a, ifindex: l.ifindex ?? all.find((x) => x.local === a.local)?.ifindex })));
}

/** The fields ip -j and tsip both show, in ip's words. */
const ours = (a: Address) => ({
  family: a.family, local: a.local ?? a.address, prefixlen: a.prefixlen, scope: a.scope, ifindex: a.index,
  ...(a.local !== undefined && a.local !== a.address ? { address: a.address } : {}),
  ...(a.broadcast ? { broadcast: a.broadcast } : {}),
  ...(a.family === 'inet' && a.label ? { label: a.label } : {}),
  valid: a.validLft, preferred: a.preferredLft,
});
const theirs = (a: any) => ({
  family: a.family, local: a.local, prefixlen: a.prefixlen, scope: a.scope, ifindex: a.ifindex,
  ...(a.address ? { address: a.address } : {}),
  ...(a.broadcast ? { broadcast: a.broadcast } : {}),
  ...(a.label ? { label: a.label } : {}),
  valid: a.valid_life_time, preferred: a.preferred_life_time,
});
const byLocal = (x: { local: string }, y: { local: string }) => x.local.localeCompare(y.local);

/** Lifetimes tick down between the two reads: compare them within a few seconds. */
function expectSame(mine: Address[], ip: any[]): void {
  const a = mine.map(ours).sort(byLocal);
  const b = ip.map(theirs).sort(byLocal);
  expect(a.map((x) => ({ ...x, valid: 0, preferred: 0 }))).toEqual(b.map((x) => ({ ...x, valid: 0, preferred: 0 })));
  a.forEach((x, i) => {
    expect(Math.abs(x.valid - b[i]!.valid)).toBeLessThanOrEqual(2);
    expect(Math.abs(x.preferred - b[i]!.preferred)).toBeLessThanOrEqual(2);
  });
}

privileged('address operations, against ip -j addr', () => {
  const ns = freshNetns('addr');
  const setup = () => inNs(ns(), 'ip link add va type veth peer name vb && ip link set va up && ip link set vb up');

  it('adds IPv4 addresses with brd +, a label, a peer, a metric and noprefixroute', async () => {
    setup();
    const o = { netns: ns() };
    await addAddress({ address: '10.1.1.1/24', dev: 'va', broadcast: '+', label: 'va:one' }, o);
    await addAddress({ address: '10.1.1.7/24', dev: 'va' }, o); // a secondary
    await addAddress({ address: '10.3.3.1/32', dev: 'va', peer: '10.3.3.2/32' }, o);
    await addAddress({ address: '10.4.4.1/16', dev: 'va', broadcast: '-', metric: 77, noprefixroute: true }, o);
    const mine = await listAddresses({ dev: 'va', family: 'inet', ...o });
    expectSame(mine, ipAddrs(ns(), '-4', 'dev', 'va'));
    const first = mine.find((a) => a.local === '10.1.1.1')!;
    expect(first).toMatchObject({ broadcast: '10.1.1.255', label: 'va:one', scope: 'global', flags: ['permanent'] });
    expect(mine.find((a) => a.local === '10.1.1.7')!.flags).toContain('secondary');
    expect(mine.find((a) => a.local === '10.3.3.1')).toMatchObject({ address: '10.3.3.2', prefixlen: 32 });
    const fourth = mine.find((a) => a.local === '10.4.4.1')!;
    expect(fourth).toMatchObject({ broadcast: '10.4.0.0', metric: 77 });
    expect(fourth.flags).toContain('noprefixroute');
    const ip4 = ipAddrs(ns(), '-4', 'dev', 'va').find((a) => a.local === '10.4.4.1');
    expect(ip4).toMatchObject({ metric: 77, noprefixroute: true });
    expect(first.message.attrs.IFA_LABEL).toBe('va:one');
  });

  it('adds IPv6 addresses with nodad and lifetimes; a duplicate is EEXIST; replace updates lifetimes', async () => {
    setup();
    const o = { netns: ns() };
    await addAddress({ address: '2001:db8:1::1/64', dev: 'va', nodad: true }, o);
    await addAddress({ address: '2001:db8:1::100/64', dev: 'va', validLft: 3600, preferredLft: 1800, nodad: true }, o);
    const mine = await listAddresses({ dev: 'va', family: 'inet6', ...o });
    const ip6 = ipAddrs(ns(), '-6', 'dev', 'va');
    expectSame(mine, ip6);
    const timed = mine.find((a) => a.address === '2001:db8:1::100')!;
    expect(timed.flags).toContain('nodad');
    expect(timed.validLft).toBeGreaterThan(3590);
    expect(timed.preferredLft).toBeGreaterThan(1790);
    expect(ip6.find((a) => a.local === '2001:db8:1::100')).toMatchObject({ nodad: true });

    const dup = await addAddress({ address: '2001:db8:1::1/64', dev: 'va', nodad: true }, o).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect((dup as NetlinkError).code).toBe('EEXIST');

    await expect(replaceAddress({ address: '2001:db8:1::100/64', dev: 'va', validLft: 600, preferredLft: 'forever', nodad: true }, o))
      .rejects.toThrow(/preferred_lft \(forever\) is greater than valid_lft \(600\)/);
    await replaceAddress({ address: '2001:db8:1::100/64', dev: 'va', validLft: 600, preferredLft: 300, nodad: true }, o);
    const after = ipAddrs(ns(), '-6', 'dev', 'va').find((a) => a.local === '2001:db8:1::100');
    expect(after.valid_life_time).toBeLessThanOrEqual(600);
    expect(after.valid_life_time).toBeGreaterThan(590);
    expect(after.preferred_life_time).toBeLessThanOrEqual(300);
  });

  it('replace creates when absent; delete removes, IPv4 and IPv6', async () => {
    setup();
    const o = { netns: ns() };
    await replaceAddress({ address: '10.1.1.1/24', dev: 'va' }, o);
    await addAddress({ address: '2001:db8::5/64', dev: 'va', nodad: true }, o);
    expect(ipAddrs(ns(), 'dev', 'va').map((a) => a.local)).toEqual(expect.arrayContaining(['10.1.1.1', '2001:db8::5']));
    await deleteAddress({ address: '10.1.1.1/24', dev: 'va' }, o);
    await deleteAddress({ address: '2001:db8::5/64', dev: 'va' }, o);
    const left = ipAddrs(ns(), 'dev', 'va').map((a) => a.local);
    expect(left).not.toContain('10.1.1.1');
    expect(left).not.toContain('2001:db8::5');
    const gone = await deleteAddress({ address: '10.1.1.1/24', dev: 'va' }, o).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NetlinkError);
    expect((gone as NetlinkError).code).toBe('EADDRNOTAVAIL');
  });

  it('an IPv4 address without a prefix length is deleted whatever its length (ip\'s wildcard deletion)', async () => {
    setup();
    await addAddress({ address: '10.1.1.1/24', dev: 'va' }, { netns: ns() });
    await deleteAddress({ address: '10.1.1.1', dev: 'va' }, { netns: ns() });
    expect(ipAddrs(ns(), '-4', 'dev', 'va')).toEqual([]);
  });

  it('lists with filters: family, scope, label glob, dev, as ip addr show does', async () => {
    setup();
    const o = { netns: ns() };
    await addAddress({ address: '10.1.1.1/24', dev: 'va', label: 'va:x' }, o);
    await addAddress({ address: '10.2.2.1/24', dev: 'vb' }, o);
    await addAddress({ address: '10.9.9.9/32', dev: 'va', scope: 'link' }, o);
    await addAddress({ address: '2001:db8::1/64', dev: 'vb', nodad: true }, o);
    expectSame(await listAddresses(o), ipAddrs(ns()));
    expectSame(await listAddresses({ family: 'inet', ...o }), ipAddrs(ns(), '-4'));
    expectSame(await listAddresses({ family: 'inet6', dev: 'vb', ...o }), ipAddrs(ns(), '-6', 'dev', 'vb'));
    expectSame(await listAddresses({ scope: 'link', ...o }), ipAddrs(ns(), 'scope', 'link'));
    expectSame(await listAddresses({ scope: 'host', ...o }), ipAddrs(ns(), 'scope', 'host'));
    expectSame(await listAddresses({ label: 'va:*', ...o }), ipAddrs(ns(), 'label', 'va:*'));
    expectSame(await listAddresses({ label: 'vb', ...o }), ipAddrs(ns(), 'label', 'vb'));
    expect((await listAddresses({ scope: 'host', ...o })).map((a) => a.local)).toContain('127.0.0.1');
  });

  it('flushes: a dump and one delete per address, secondaries first; by family; then nothing is left', async () => {
    setup();
    const o = { netns: ns() };
    for (const a of ['10.1.1.1/24', '10.1.1.2/24', '10.1.1.3/24', '10.5.0.1/16']) await addAddress({ address: a, dev: 'va' }, o);
    await addAddress({ address: '2001:db8::1/64', dev: 'va', nodad: true }, o);
    await addAddress({ address: '10.2.2.1/24', dev: 'vb' }, o);
    const v4 = await flushAddresses({ dev: 'va', family: 'inet', ...o });
    expect(v4.map((a) => a.local).sort()).toEqual(['10.1.1.1', '10.1.1.2', '10.1.1.3', '10.5.0.1']);
    expect(ipAddrs(ns(), '-4', 'dev', 'va')).toEqual([]);
    expect(ipAddrs(ns(), '-6', 'dev', 'va').map((a) => a.local)).toContain('2001:db8::1');
    await flushAddresses({ dev: 'va', ...o });
    expect(ipAddrs(ns(), 'dev', 'va')).toEqual([]);
    expect(ipAddrs(ns(), 'dev', 'vb').map((a) => a.local)).toContain('10.2.2.1');
    await expect(flushAddresses({ ...o })).rejects.toThrow(UsageError);
  });

  it('works on a reused socket, and in a namespace named by path', async () => {
    setup();
    const socket = openRtnl({ netns: ns() });
    try {
      await addAddress({ address: '10.1.1.1/24', dev: 'va' }, { socket });
      expect((await listAddresses({ dev: 'va', family: 'inet', socket })).map((a) => a.local)).toEqual(['10.1.1.1']);
    } finally {
      socket.close();
    }
    const byPath = await listAddresses({ dev: 'va', family: 'inet', netns: `/run/netns/${ns()}` });
    expect(byPath.map((a) => a.local)).toEqual(['10.1.1.1']);
  });

  it('refuses bad input before the kernel: the namespace is left as it was', async () => {
    setup();
    const o = { netns: ns() };
    await expect(addAddress({ address: '10.1.1.300/24', dev: 'va' }, o)).rejects.toThrow(/"10\.1\.1\.300\/24"/);
    await expect(addAddress({ address: '10.1.1.1/24', dev: 'nosuchdev' }, o)).rejects.toThrow(/Cannot find device "nosuchdev"/);
    expect(ipAddrs(ns(), '-4', 'dev', 'va')).toEqual([]);
  });
});
