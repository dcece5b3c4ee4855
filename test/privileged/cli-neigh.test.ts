// tsip neigh, differentially against iproute2 6.1: the same commands through
// `ip -n A` and `tsip -n B` from identical namespaces print the same, fail
// the same, exit the same, and leave the same tables. The kernel's dump
// order is its hash order, seeded per namespace: listings are compared
// within one namespace, and the tables across the two sorted. See
// ../helpers/cli-diff.ts for the rest.

import { it } from 'vitest';
import { ages, expectSameRun, expectSameState, expectSameView, freshPair, sortedLines } from '../helpers/cli-diff.js';
import { privileged } from '../helpers/privileged.js';

const LONG = 120_000;

const ADDS = [
  ['neigh', 'add', '10.1.1.50', 'lladdr', '02:00:00:00:00:50', 'dev', 'veth0'],
  ['neighbour', 'add', '10.1.1.51', 'lladdr', '02:00:00:00:00:51', 'dev', 'veth0', 'nud', 'reachable'],
  ['neighbor', 'add', '10.1.1.52', 'lladdr', '02:00:00:00:00:52', 'dev', 'veth1', 'nud', 'stale'],
  ['n', 'add', '10.1.1.53', 'lladdr', '02:00:00:00:00:53', 'dev', 'veth0', 'nud', 'noarp'],
  ['neigh', 'add', '2001:db8::5', 'lladdr', '02:00:00:00:00:55', 'dev', 'veth0', 'router'],
  ['neigh', 'add', 'proxy', '10.1.1.60', 'dev', 'veth0'],
  ['neigh', 'add', '10.1.1.73', 'lladdr', '02:00:00:00:00:73', 'dev', 'veth0', 'extern_learn', 'protocol', 'static'],
  ['neigh', 'add', '10.1.1.72', 'lladdr', '02:00:00:00:00:72', 'dev', 'veth1', 'managed'],
  ['neigh', 'add', '10.1.1.80', 'lladdr', '1.2.3.4', 'dev', 'veth0'],
];

privileged('tsip neigh, side by side with ip', () => {
  const pair = freshPair('neigh');

  it('adds, replaces, changes and shows as ip does', async () => {
    const p = pair();
    for (const args of ADDS) await expectSameRun(p, args);
    for (const args of [
      ['neigh', 'replace', '10.1.1.52', 'lladdr', '02:00:00:00:00:99', 'dev', 'veth1', 'nud', 'permanent'],
      ['neigh', 'replace', '10.1.1.54', 'lladdr', '02:00:00:00:00:54', 'dev', 'veth1'],
      ['neigh', 'change', '10.1.1.50', 'lladdr', '02:00:00:00:00:51', 'dev', 'veth0', 'nud', 'stale'],
    ]) await expectSameRun(p, args);
    for (const sel of [[], ['nud', 'all'], ['proxy'], ['dev', 'veth0'], ['dev', 'veth0', 'nud', 'permanent'], ['nud', 'stale', 'nud', 'noarp'],
      ['to', '10.1.1.0/24'], ['to', '2001:db8::/32'], ['protocol', 'static'], ['nud', 'none']]) {
      for (const flags of [[], ['-j']]) await expectSameView(p.ts, [...flags, 'neigh', 'show', ...sel], ages);
    }
    for (const flags of [['-4'], ['-6', '-j'], ['-s'], ['-s', '-j'], ['-j', '-p']]) {
      await expectSameView(p.ts, [...flags, 'neigh', 'show', 'nud', 'all'], ages);
    }
    await expectSameView(p.ts, ['neigh']);
    await expectSameView(p.ts, ['neigh', 'list', 'dev', 'veth1']);
    for (const args of [['neigh', 'get', '10.1.1.50', 'dev', 'veth0'], ['neigh', 'get', 'proxy', '10.1.1.60', 'dev', 'veth0'], ['-j', 'neigh', 'get', '2001:db8::5', 'dev', 'veth0']]) {
      await expectSameRun(p, args);
    }
    expectSameState(p);
  }, LONG);

  it('refuses what ip and the kernel refuse, in their words, with their exit statuses', async () => {
    const p = pair();
    await expectSameRun(p, ADDS[0]!);
    for (const args of [
      ['neigh', 'add', '10.1.1.50', 'lladdr', '02:00:00:00:00:50', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.52', 'dev', 'veth0', 'nud', 'bogus'],
      ['neigh', 'add', '10.1.1.52', 'lladdr', 'zz', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.52', 'lladdr', '02:zz', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.52', 'lladdr', '02:00', 'dev', 'veth0'],
      ['neigh', 'add', 'x', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.52'],
      ['neigh', 'add', '10.1.1.52', 'dev', 'nosuch'],
      ['neigh', 'add', '10.1.1.53', 'lladdr', '02:00:00:00:00:53', 'lladdr', '02:00:00:00:00:54', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.53', '10.1.1.54', 'dev', 'veth0'],
      ['neigh', 'add', '10.1.1.70', 'dev', 'veth0', 'protocol', 'bogus'],
      ['-6', 'neigh', 'add', '10.1.1.70', 'dev', 'veth0'],
      ['neigh', 'del', '10.1.1.99', 'dev', 'veth0'],
      ['neigh', 'change', '10.1.1.98', 'lladdr', '02:00:00:00:00:98', 'dev', 'veth0'],
      ['neigh', 'show', 'nud', 'bogus'],
      ['neigh', 'show', 'dev', 'nosuch'],
      ['neigh', 'show', 'dev', 'veth0', 'dev', 'veth1'],
      ['neigh', 'get', '10.1.1.50'],
      ['neigh', 'get', '10.1.1.99', 'dev', 'veth0'],
      ['neigh', 'flush'],
      ['neigh', 'foo'],
      ['neigh', 'help'],
    ]) await expectSameRun(p, args);
    expectSameState(p);
  }, LONG);

  it('deletes and flushes as ip does', async () => {
    const p = pair();
    for (const args of ADDS) await expectSameRun(p, args);
    for (const args of [
      ['neigh', 'del', '10.1.1.50', 'dev', 'veth0'],
      ['neigh', 'delete', 'proxy', '10.1.1.60', 'dev', 'veth0'],
      ['-s', '-s', 'neigh', 'flush', 'dev', 'veth1'],
      ['neigh', 'flush', 'to', '10.1.1.0/24', 'nud', 'permanent'],
      ['-s', 'neigh', 'flush', 'dev', 'veth0'],
      ['-s', 'neigh', 'flush', 'dev', 'veth0', 'nud', 'all'],
      ['-6', 'neigh', 'flush', 'dev', 'veth0', 'nud', 'permanent'],
    ]) {
      // -s -s lists what it deletes in the kernel's hash order, seeded per namespace
      await expectSameRun(p, args, (s) => sortedLines(ages(s)));
      expectSameState(p);
    }
    await expectSameView(p.ts, ['neigh', 'show', 'nud', 'all']);
  }, LONG);
});
