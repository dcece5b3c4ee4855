// tsip route, differentially against iproute2 6.1: the same commands through
// `ip -n A` and `tsip -n B` from identical namespaces print the same, fail
// the same, exit the same, and leave the same routes. See
// ../helpers/cli-diff.ts for what is normalised.

import { beforeEach, it } from 'vitest';
import { expectSameRun, expectSameShow, expectSameState, expectSameView, freshPair, runIp } from '../helpers/cli-diff.js';
import { privileged } from '../helpers/privileged.js';

const LONG = 120_000;

privileged('tsip route, side by side with ip', () => {
  const pair = freshPair('route');

  // addresses, so that gateways are reachable: 10.1.1.0/24 on veth0, 10.9.9.8/30 on veth1, IPv6 on veth0
  beforeEach(async () => {
    const p = pair();
    for (const args of [
      ['addr', 'add', '10.1.1.5/24', 'dev', 'veth0'],
      ['addr', 'add', '10.9.9.9', 'peer', '10.9.9.10/30', 'dev', 'veth1'],
      ['addr', 'add', '2001:db8::5/64', 'dev', 'veth0', 'nodad'],
    ]) await Promise.all([runIp(p.ip, args), runIp(p.ts, args)]);
  });

  it('adds as ip adds: via a gateway, table 1000, metrics, multipath, blackhole and friends, IPv6', async () => {
    const p = pair();
    for (const args of [
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'add', 'default', 'via', '10.1.1.254', 'dev', 'veth0'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'table', '1000', 'metric', '5'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'mtu', 'lock', '1400', 'advmss', '1300', 'initcwnd', '10', 'congctl', 'cubic'],
      ['route', 'add', '10.11.0.0/16', 'dev', 'veth0', 'rtt', '30ms', 'rttvar', '10', 'window', '1000', 'features', 'ecn', 'quickack', '1',
        'hoplimit', '64', 'ssthresh', '10', 'cwnd', '5', 'initrwnd', '9', 'rto_min', '200ms', 'reordering', '3'],
      ['route', 'add', 'blackhole', '10.4.0.0/16'],
      ['route', 'add', 'unreachable', '10.5.0.0/16', 'metric', '7'],
      ['route', 'add', 'prohibit', '10.14.0.0/16', 'table', '5'],
      ['route', 'add', '10.6.0.0/16', 'nexthop', 'via', '10.1.1.2', 'weight', '2', 'nexthop', 'via', '10.1.1.3', 'dev', 'veth0'],
      ['route', 'add', '10.7.0.0/16', 'via', 'inet6', 'fe80::1', 'dev', 'veth0'],
      ['route', 'add', '10.12.0.0/16', 'via', '10.1.1.2', 'src', '10.1.1.5', 'proto', 'static', 'metric', '9', 'realms', '5'],
      ['route', 'add', '10.13.0.0/16', 'via', '10.20.0.1', 'dev', 'veth0', 'onlink'],
      ['route', 'add', 'local', '10.15.0.1', 'dev', 'veth0'],
      ['route', 'add', '10.16.0.0/16', 'dev', 'veth1', 'scope', 'host', 'tos', '0x10', 'pref', 'high'],
      ['route', 'append', '10.3.0.0/16', 'dev', 'veth1'],
      ['route', 'replace', '10.2.0.0/16', 'via', '10.1.1.253'],
      ['route', 'change', '10.12.0.0/16', 'via', '10.1.1.3', 'src', '10.1.1.5', 'proto', 'static', 'metric', '9'],
      ['-6', 'route', 'add', '2001:db8:1::/64', 'via', 'fe80::1', 'dev', 'veth0'],
      ['-6', 'route', 'add', '2001:db8:2::/64', 'dev', 'veth0', 'metric', '100', 'pref', 'low', 'expires', '300'],
      ['route', 'add', '2001:db8:3::/64', 'nexthop', 'via', '2001:db8::1', 'nexthop', 'via', '2001:db8::2'],
    ]) await expectSameRun(p, args);
    for (const flags of [[], ['-j'], ['-j', '-p'], ['-d'], ['-o'], ['-6'], ['-6', '-j'], ['-4', '-d', '-j']]) await expectSameShow(p, [...flags, 'route']);
    for (const table of ['1000', '5', 'local', 'all', 'main']) {
      await expectSameShow(p, ['route', 'show', 'table', table]);
      await expectSameShow(p, ['-j', 'route', 'show', 'table', table]);
    }
    expectSameState(p);
  }, LONG);

  it('refuses what ip and the kernel refuse, in their words, with their exit statuses', async () => {
    const p = pair();
    await expectSameRun(p, ['route', 'add', '10.2.0.0/16', 'via', '10.1.1.254']);
    for (const args of [
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'add', '10.8.0.0/16', 'via', '10.9.8.254'],
      ['route', 'add', '10.2.0.1/16', 'via', '10.1.1.254'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'nosuch'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'table', 'bogus'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'metric', 'x'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'scope', 'bogus'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'proto', 'bogus'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'quickack', '2'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'hoplimit', '300'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'rtt', 'x'],
      ['route', 'add', '10.7.0.0/16', 'nexthop', 'via', '10.1.1.2', 'weight', '0'],
      ['route', 'add', '10.7.0.0/16', 'nexthop'],
      ['route', 'add', '10.7.0.0/16', 'nexthop', 'via', '10.1.1.2', 'foo'],
      ['route', 'add', '10.7.0.0/16', 'nexthop', 'via', '10.1.1.2', 'dev', 'nosuch'],
      ['route', 'add', '10.8.0.0/16', 'via', '10.1.1.2', 'via', '10.1.1.3'],
      ['route', 'add', '10.8.0.0/16', 'bogus'],
      ['route', 'add', '10.8.0.0/16', 'via', '10.1.1.2', 'onlink'],
      ['route', 'add'],
      ['route', 'add', 'x'],
      ['route', 'del', '10.99.0.0/16'],
      ['route', 'change', '10.98.0.0/16', 'dev', 'veth0'],
      ['route', 'prepend', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'test', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'foo'],
      ['route', 'help'],
      ['route', 'show', 'table', '2000'],
      ['-j', 'route', 'show', 'table', '2000'],
      ['route', 'flush', 'table', '2000'],
      ['route', 'list', 'table', 'bogus'],
      ['route', 'show', 'dev', 'nosuch'],
      ['route', 'flush'],
      ['route', 'get'],
      ['route', 'get', 'x'],
      ['route', 'get', '10.2.3.4', 'oif', 'nosuch'],
      ['route', 'get', '10.1.1.1', 'ipproto', 'bogus'],
    ]) await expectSameRun(p, args);
    expectSameState(p);
  }, LONG);

  it('shows what a selector selects, and gets what the kernel would use', async () => {
    const p = pair();
    for (const args of [
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth1', 'metric', '5', 'proto', 'static'],
      ['route', 'add', 'blackhole', '10.4.0.0/16'],
      ['route', 'add', '10.6.0.0/16', 'nexthop', 'via', '10.1.1.2', 'weight', '2', 'nexthop', 'via', '10.1.1.3'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth0', 'table', '1000'],
    ]) await expectSameRun(p, args);
    for (const sel of [
      ['dev', 'veth0'], ['dev', 'veth1'], ['proto', 'kernel'], ['proto', 'static'], ['type', 'blackhole'], ['type', 'unicast'],
      ['scope', 'link'], ['root', '10.0.0.0/8'], ['match', '10.2.3.4'], ['exact', '10.3.0.0/16'], ['10.3.0.0/16'], ['via', '10.1.1.254'],
      ['src', '10.1.1.5'], ['metric', '5'], ['table', '1000'], ['table', 'all', 'dev', 'veth0'],
    ]) {
      await expectSameView(p.ts, ['route', 'show', ...sel]);
      await expectSameView(p.ts, ['-j', 'route', 'list', ...sel]);
    }
    for (const args of [
      ['route', 'get', '10.2.3.4'], ['-j', 'route', 'get', '10.2.3.4'], ['route', 'get', '10.1.1.77', 'from', '10.1.1.5'],
      ['route', 'get', '10.2.3.4/16'], ['route', 'get', '10.3.1.1', 'fibmatch'], ['route', 'get', 'to', '10.6.1.1', 'mark', '5', 'uid', '7'],
      ['route', 'get', '10.1.1.1', 'ipproto', 'tcp', 'sport', '80', 'dport', '443'], ['route', 'get', '10.2.3.4', 'connected'],
      ['route', 'get', '10.9.9.10', 'oif', 'veth1'], ['-6', 'route', 'get', '2001:db8::9'], ['-d', 'route', 'get', '10.2.3.4'],
      ['route', 'get', '10.2.3.4', 'from', '10.1.1.77', 'iif', 'veth0'],
    ]) await expectSameRun(p, args);
  }, LONG);

  it('deletes and flushes as ip does', async () => {
    const p = pair();
    const adds = [
      ['route', 'add', '10.2.0.0/16', 'via', '10.1.1.254'],
      ['route', 'add', '10.3.0.0/16', 'dev', 'veth1', 'proto', 'static'],
      ['route', 'add', '10.4.0.0/16', 'dev', 'veth1', 'table', '1000'],
      ['route', 'add', 'blackhole', '10.5.0.0/16'],
      ['-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::1'],
    ];
    for (const args of adds) await expectSameRun(p, args);
    for (const args of [
      ['route', 'del', '10.2.0.0/16'],
      ['route', 'del', '10.2.0.0/16'],
      ['route', 'delete', 'blackhole', '10.5.0.0/16'],
      ['-s', '-s', 'route', 'flush', 'proto', 'static'],
      ['route', 'flush', 'table', '1000'],
      ['-s', 'route', 'flush', 'table', '1000'],
      ['-6', 'route', 'flush', 'dev', 'veth0', 'proto', 'boot'],
      ['route', 'flush', 'cache'],
      ['route', 'flush', 'dev', 'veth1'],
    ]) {
      await expectSameRun(p, args);
      expectSameState(p);
    }
    await expectSameShow(p, ['route', 'show', 'table', 'all']);
  }, LONG);
});
