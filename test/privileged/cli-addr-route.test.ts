// tsip address (and the tutorial's `ip route`), differentially against
// iproute2 6.1: the same commands through `ip -n A` and `tsip -n B` from
// identical namespaces print the same, fail the same, exit the same, and
// leave the same state. See ../helpers/cli-diff.ts for what is normalised.

import { beforeEach, expect, it } from 'vitest';
import { countdowns, expectSameRun, expectSameShow, expectSameState, expectSameView, freshPair, settle, type Norm, type Pair } from '../helpers/cli-diff.js';
import { freshNetns, inNs, ip, privileged } from '../helpers/privileged.js';

const LONG = 120_000;

privileged('tsip address and route: the tutorial, side by side with ip', () => {
  const ipNet0 = freshNetns('tut-ip0');
  const ipNet1 = freshNetns('tut-ip1');
  const tsNet0 = freshNetns('tut-ts0');
  const tsNet1 = freshNetns('tut-ts1');

  // veth0 in net0, veth1 in net1, as the tutorial moves them (fixed MACs)
  const build = (net0: string, net1: string) => {
    for (const ns of [net0, net1]) inNs(ns, 'sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0');
    ip('-n', net0, 'link', 'add', 'veth0', 'address', '9a:9b:f7:b2:ca:62', 'type', 'veth', 'peer', 'name', 'veth1', 'address', '9e:8c:83:42:72:a7');
    ip('-n', net0, 'link', 'set', 'veth1', 'netns', net1);
  };
  beforeEach(() => {
    build(ipNet0(), ipNet1());
    build(tsNet0(), tsNet1());
  });

  /**
   * Between the two sides: the peer namespaces' names ("link-netns NAME"),
   * and the operstate of a veth whose peer was moved away while down: the
   * kernel's linkwatch races the move, and reports DOWN or LOWERLAYERDOWN
   * from one run to the next, whoever asks.
   */
  const names: () => Norm = () => {
    const map: Array<[string, string]> = [[ipNet0(), 'NET0'], [tsNet0(), 'NET0'], [ipNet1(), 'NET1'], [tsNet1(), 'NET1']];
    return (s) => map.reduce((acc, [from, to]) => acc.replaceAll(from, to), countdowns(s))
      .replace(/state (DOWN|LOWERLAYERDOWN) /g, 'state DOWN* ')
      .replace(/\b(DOWN {10}|LOWERLAYERDOWN) /g, 'DOWN*          ')
      .replace(/"operstate": ?"(DOWN|LOWERLAYERDOWN)"/g, '"operstate":"DOWN*"');
  };

  it('ip addr add 10.1.1.1/24 dev veth0, ip a, ip route: in both namespaces, as the tutorial runs them', async () => {
    const net0: Pair = { ip: ipNet0(), ts: tsNet0() };
    const net1: Pair = { ip: ipNet1(), ts: tsNet1() };
    const norm = names();
    for (const ns of [net0.ip, net0.ts]) {
      ip('-n', ns, 'link', 'set', 'veth0', 'up');
      settle(ns);
    }
    await expectSameView(net0.ts, ['a']);
    await expectSameRun(net0, ['a'], norm);
    await expectSameRun(net0, ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0'], norm);
    await expectSameView(net0.ts, ['a']);
    await expectSameRun(net0, ['a'], norm);
    const shown = await expectSameRun(net0, ['route'], norm);
    expect(shown.stdout).toBe('10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1 linkdown \n');

    for (const ns of [net1.ip, net1.ts]) ip('-n', ns, 'link', 'set', 'veth1', 'up');
    for (const ns of [net0.ip, net0.ts, net1.ip, net1.ts]) settle(ns);
    await expectSameRun(net1, ['a'], norm);
    await expectSameRun(net1, ['addr', 'add', '10.1.1.2/24', 'dev', 'veth1'], norm);
    const a = await expectSameRun(net1, ['a'], norm);
    expect(a.stdout).toContain('    inet 10.1.1.2/24 scope global veth1\n       valid_lft forever preferred_lft forever\n');
    expect((await expectSameRun(net1, ['route'], norm)).stdout).toBe('10.1.1.0/24 dev veth1 proto kernel scope link src 10.1.1.2 \n');
    for (const flags of [['-j'], ['-j', '-p'], ['-br'], ['-o'], ['-d']]) {
      await expectSameView(net0.ts, [...flags, 'a']);
      await expectSameRun(net0, [...flags, 'a'], norm);
      await expectSameRun(net1, [...flags, 'route'], norm);
    }
    expectSameState(net0, norm);
    expectSameState(net1, norm);
  }, LONG);
});

privileged('tsip address, side by side with ip', () => {
  const pair = freshPair('addr');

  it('adds as ip adds: brd + and -, label, peer, lifetimes, IPv6 nodad, metric, and the flags ip warns about', async () => {
    const p = pair();
    for (const args of [
      ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0'],
      ['address', 'add', '10.1.1.2/24', 'brd', '+', 'dev', 'veth0', 'label', 'veth0:one'],
      ['a', 'add', '10.1.2.1/24', 'broadcast', '-', 'dev', 'veth0', 'label', 'foo'],
      ['addr', 'add', '10.9.9.9', 'peer', '10.9.9.10/30', 'brd', '+', 'dev', 'veth0'],
      ['addr', 'add', '10.1.3.1/24', 'dev', 'veth1', 'valid_lft', '100', 'preferred_lft', '50'],
      ['addr', 'add', '10.1.4.1/24', 'dev', 'veth1', 'metric', '50', 'scope', 'link'],
      ['addr', 'add', '10.1.5.1/24', 'dev', 'veth1', 'noprefixroute'],
      ['addr', 'add', '2001:db8::1/64', 'dev', 'veth1', 'nodad'],
      ['-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'veth1', 'nodad', 'home', 'mngtmpaddr'],
      ['addr', 'add', '10.1.6.1/24', 'dev', 'veth1', 'nodad'],
      ['addr', 'add', '10.1.7.1/24', 'dev', 'veth1', 'permanent'],
      ['addr', 'add', '224.1.1.1/32', 'dev', 'veth1', 'autojoin'],
      ['addr', 'add', '127.1.0.1/8', 'dev', 'veth1'],
      ['addr', 'replace', '10.1.1.1/24', 'dev', 'veth0', 'valid_lft', 'forever', 'preferred_lft', '1000'],
      ['addr', 'change', '10.1.4.1/24', 'dev', 'veth1', 'metric', '60'],
    ]) await expectSameRun(p, args);
    for (const flags of [[], ['-j'], ['-j', '-p'], ['-br'], ['-o'], ['-4'], ['-6'], ['-d'], ['-6', '-j']]) await expectSameShow(p, [...flags, 'a']);
    expectSameState(p);
  }, LONG);

  it('refuses what ip refuses, in its words, with its exit statuses', async () => {
    const p = pair();
    await expectSameRun(p, ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0']);
    for (const args of [
      ['addr', 'add', '10.1.1.300/24', 'dev', 'veth0'],
      ['addr', 'add', 'x', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.1/24'],
      ['addr', 'add', '10.1.1.1/24', 'dev', 'nosuch'],
      ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'scope', 'bogus'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'valid_lft', 'x'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'valid_lft', '0'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'valid_lft', '10', 'preferred_lft', '20'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'valid_lft', '10', 'valid_lft', '20'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'brd', '+', 'brd', '-'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'autojoin'],
      ['addr', 'add', '2001:db8::1/64', 'dev', 'veth0', 'brd', '+'],
      ['addr', 'add', '10.1.1.2/24', '10.1.1.3/24', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.2/24', 'peer', 'x', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'metric', 'x'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'label', 'veth0:0123456789abcdef'],
      ['addr', 'add', '::5', 'dev', 'veth0', 'broadcast', '10.1.1.1'],
      ['addr', 'add', 'dev', 'veth0'],
      ['addr', 'add'],
      ['addr', 'del', '10.1.1.9/24', 'dev', 'veth0'],
      ['addr', 'foo'],
      ['addr', 'help'],
      ['addr', 'flush'],
      ['-0', 'addr', 'flush', 'dev', 'veth0'],
      ['addr', 'show', 'dev', 'nosuch'],
      ['addr', 'show', 'nosuch'],
      ['addr', 'show', 'dev', 'veth0', 'veth1'],
      ['addr', 'show', 'scope', 'bogus'],
      ['addr', 'show', 'to', 'x'],
      ['addr', 'show', 'master', 'nosuch'],
      ['addr', 'show', 'group', 'bogus'],
      ['addr', 'show', 'dev'],
    ]) await expectSameRun(p, args);
    expectSameState(p);
  }, LONG);

  it('shows what a selector selects: dev, scope, to, label, up, primary/secondary, dynamic, type, master', async () => {
    const p = pair();
    for (const args of [
      ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0', 'label', 'foo'],
      ['addr', 'add', '10.1.1.3/24', 'dev', 'veth0', 'valid_lft', '100', 'preferred_lft', '50'],
      ['addr', 'add', '10.9.9.9', 'peer', '10.9.9.10/30', 'dev', 'veth1'],
      ['addr', 'add', '2001:db8::1/64', 'dev', 'veth1', 'nodad'],
    ]) await expectSameRun(p, args);
    ip('-n', p.ts, 'link', 'add', 'ifb0', 'type', 'ifb');
    for (const sel of [
      ['dev', 'veth0'], ['veth1'], ['scope', 'link'], ['scope', 'global'], ['scope', 'all'], ['to', '10.1.1.0/24'],
      ['to', '2001:db8::/32'], ['label', 'foo'], ['label', 'veth*'], ['up'], ['primary'], ['secondary'], ['dynamic'],
      ['permanent'], ['-tentative'], ['type', 'veth'], ['type', 'ifb'], ['master', 'veth1'], ['nomaster'], ['group', 'default'],
    ]) {
      for (const flags of [[], ['-j']]) await expectSameView(p.ts, [...flags, 'addr', 'show', ...sel]);
    }
    for (const sel of [['label', 'foo'], ['up'], ['type', 'ifb'], ['dynamic']]) await expectSameView(p.ts, ['-br', 'addr', 'show', ...sel]);
    for (const flags of [['-s'], ['-s', '-j'], ['-6', '-j', '-p'], ['-4', '-o']]) await expectSameView(p.ts, [...flags, 'addr', 'show', 'dev', 'veth0']);
  }, LONG);

  it('deletes and flushes as ip does: wildcard deletion, flush by dev, scope, to, label, primary', async () => {
    const p = pair();
    const adds = [
      ['addr', 'add', '10.1.1.1/24', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.2/24', 'dev', 'veth0'],
      ['addr', 'add', '10.1.1.3/24', 'dev', 'veth0', 'label', 'foo'],
      ['addr', 'add', '10.1.2.1/24', 'dev', 'veth1'],
      ['addr', 'add', '10.1.2.2/24', 'dev', 'veth1', 'scope', 'link'],
      ['addr', 'add', '2001:db8::1/64', 'dev', 'veth1', 'nodad'],
    ];
    for (const args of adds) await expectSameRun(p, args);
    for (const args of [
      ['addr', 'del', '10.1.1.2', 'dev', 'veth0'],
      ['addr', 'del', '10.1.1.2/24', 'dev', 'veth0'],
      ['addr', 'delete', '2001:db8::1/64', 'dev', 'veth1'],
      ['-s', '-s', 'addr', 'flush', 'label', 'foo'],
      ['addr', 'flush', 'dev', 'veth1', 'scope', 'link'],
      ['-s', 'addr', 'flush', 'to', '10.1.2.0/24'],
      ['-s', 'addr', 'flush', 'to', '10.1.2.0/24'],
      ['addr', 'flush', 'dev', 'veth0', 'primary'],
    ]) {
      await expectSameRun(p, args);
      expectSameState(p);
    }
    for (const args of adds) await expectSameRun(p, args);
    await expectSameRun(p, ['-4', 'addr', 'flush', 'dev', 'veth0']);
    await expectSameRun(p, ['addr', 'flush', 'dev', 'veth1']);
    await expectSameShow(p, ['a']);
    expectSameState(p);
  }, LONG);
});
