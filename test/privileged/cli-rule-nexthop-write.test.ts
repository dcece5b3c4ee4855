// tsip rule add|del|flush and tsip nexthop add|replace|del|flush against
// iproute2 6.1: the same command lines go through ip in one fresh namespace
// and tsip in its twin (../helpers/twin-netns.ts); each must print the same
// (stdout, stderr: tsip names itself where ip does) and exit the same, and
// the twins must then hold the same rules and nexthops, read with ip -j on
// both. Bad command lines are compared the same way.

import { expect, it } from 'vitest';
import { ipToTsip } from '../helpers/cli-diff.js';
import { ipJson, privileged } from '../helpers/privileged.js';
import { buildLinks, NEXTHOPS, RULES } from '../helpers/rule-nexthop-state.js';
import { normalise, runBoth, twinNetns, type Twins } from '../helpers/twin-netns.js';

/** The same command on both twins: the same status, stderr and stdout. */
async function same(t: Twins, cmd: string): Promise<void> {
  const args = cmd.split(' ');
  const r = await runBoth(t, args);
  const ours = { status: r.tsip.status, stderr: normalise(r.tsip.stderr, t.tsip), stdout: normalise(r.tsip.stdout, t.tsip) };
  const theirs = { status: r.ip.status, stderr: ipToTsip(normalise(r.ip.stderr, t.ip)), stdout: normalise(r.ip.stdout, t.ip) };
  expect(ours, cmd).toEqual(theirs);
}

/** The twins' rules and nexthops, as ip -j shows them. */
function expectSameState(t: Twins, after: string): void {
  const state = (ns: string) => ({
    v4: ipJson(ns, '-4', 'rule', 'show'), v6: ipJson(ns, '-6', 'rule', 'show'), nh: ipJson(ns, '-d', 'nexthop', 'show'),
  });
  expect(state(t.tsip.ns), after).toEqual(state(t.ip.ns));
}

const BAD_RULES = [
  'rule add', 'rule del', 'rule add from', 'rule add from 1.2.3.4/40', 'rule add table nosuch', 'rule add pref x', 'rule add fwmark x',
  'rule add fwmark 1/x', 'rule add uidrange 5', 'rule add ipproto foo', 'rule add sport x', 'rule add goto x', 'rule add jump',
  'rule add bogus', 'rule add tos x', 'rule add realms x', 'rule add suppress_prefixlength -1', 'rule add suppress_ifgroup x',
  'rule add iif a/b', 'rule add oif a:b', 'rule add protocol x', 'rule add l3mdev table 5', 'rule del pref 77', 'rule add help',
  'rule add from 2001:db8::/32 pref 40', 'rule add pref 100 from 10.1.0.0/16 to 10.2.0.0/16 table 100', 'rule flush x',
  '-6 rule add from 10.0.0.0/8', 'rule add type', 'rule add goto',
];

const BAD_NEXTHOPS = [
  'nexthop add', 'nexthop add id', 'nexthop add id x', 'nexthop add id 50', 'nexthop add id 50 via 10.1.1.2',
  'nexthop add id 50 via x dev va', 'nexthop add id 50 via 10.1.1.2 dev nosuch', 'nexthop add id 1 via 10.1.1.2 dev va',
  'nexthop add id 50 group 1/2 type x', 'nexthop add id 50 group 1/2 type resilient buckets x', 'nexthop add id 50 group 1/2 type resilient buckets',
  'nexthop add id 50 group 1/2 type resilient buckets 4 idle_timer x', 'nexthop add id 50 group 1,x', 'nexthop add id 50 group 1,300',
  'nexthop add id 50 group x', 'nexthop add id 50 group 1/99', 'nexthop add id 50 via 10.1.1.2 dev va protocol x',
  'nexthop add id 50 via 10.1.1.2 dev va bogus', 'nexthop del', 'nexthop del id 99', 'nexthop del 5', 'nexthop del id x',
  'nexthop flush bogus', 'nexthop add id 50 dev va blackhole', 'nexthop add id 50 group 1 via 10.1.1.2', 'nexthop add help',
  'nexthop add id 50 dev va onlink', '-6 nexthop add id 50 via 10.1.1.2 dev va', 'nexthop replace id 1 group 2',
];

privileged('tsip rule and nexthop add/del/flush: ip 6.1 side by side in twin namespaces', () => {
  const twins = twinNetns('rnwc');

  it('rule add (every selector and action), del, abbreviations; state and output as ip', async () => {
    const t = twins();
    buildLinks(t.ip.ns);
    buildLinks(t.tsip.ns);
    for (const cmd of RULES) await same(t, cmd);
    expectSameState(t, 'rule add');
    for (const cmd of ['rule add table 5', 'rule add not', 'rule a pref 300 lookup 6', 'rule add l3mdev pref 310', 'rule add type unreachable pref 320',
      'rule add dsfield 0x10 order 330', 'rule add from all priority 340', 'rule add sup_pl 8 pref 350', 'rule add dport 5-x pref 360',
      'rule add sport 70000 pref 361', 'rule add from 10.9.0.0/16 unreachable pref 370', '-6 rule add iif vb lookup 9']) {
      await same(t, cmd);
    }
    expectSameState(t, 'more rule add');
    for (const cmd of ['rule del pref 100', 'rule d pref 110', 'rule del from 10.3.0.0/16 blackhole', 'rule del table 1000',
      'rule delete from 10.9.0.0/16 unreachable pref 370', '-6 rule del not from 2001:db8:3::/48 prohibit pref 220', 'rule del not']) {
      await same(t, cmd);
    }
    expectSameState(t, 'rule del');
  });

  it('rule flush: by selector, by protocol, all (priority 0 stays), -6', async () => {
    const t = twins();
    for (const cmd of RULES) await same(t, cmd);
    for (const cmd of ['rule flush table 102', 'rule flush protocol static', 'rule flush from 10.0.0.0/8', 'rule flush pref 130', 'rule fl iif ghost0']) {
      await same(t, cmd);
      expectSameState(t, cmd);
    }
    await same(t, 'rule flush');
    expectSameState(t, 'rule flush');
    expect(ipJson(t.tsip.ns, 'rule', 'show')).toHaveLength(1);
    await same(t, '-6 rule flush');
    expectSameState(t, '-6 rule flush');
  });

  it('bad rule command lines: the same messages and exit statuses', async () => {
    const t = twins();
    await same(t, 'rule add pref 100 from 10.1.0.0/16 to 10.2.0.0/16 table 100');
    for (const cmd of BAD_RULES) await same(t, cmd);
    expectSameState(t, 'bad rules');
  });

  it('nexthop add (every kind), replace, del, abbreviations; state and output as ip', async () => {
    const t = twins();
    buildLinks(t.ip.ns);
    buildLinks(t.tsip.ns);
    for (const cmd of NEXTHOPS) await same(t, cmd);
    expectSameState(t, 'nexthop add');
    for (const cmd of ['nexthop add id 15 group 1/2 type mpath', 'nexthop add id 16 group 1/2 type resilient', '-6 nexthop add id 17 blackhole',
      'nexthop a id 18 dev va', 'nexthop rep id 18 via 10.1.1.9 dev va', 'nexthop replace id 2 via 10.1.1.4 dev va protocol 99',
      'nexthop replace id 19 group 1,4/2', 'nexthop replace id 11 group 1/2 type resilient buckets 8 idle_timer 30']) {
      await same(t, cmd);
    }
    expectSameState(t, 'nexthop replace');
    for (const cmd of ['nexthop del id 10', 'nexthop d id 1', 'nexthop delete id 17']) await same(t, cmd);
    expectSameState(t, 'nexthop del');
  });

  it('nexthop flush: by protocol, by device, all (-s counts)', async () => {
    const t = twins();
    buildLinks(t.ip.ns);
    buildLinks(t.tsip.ns);
    for (const cmd of NEXTHOPS) await same(t, cmd);
    for (const cmd of ['-s nexthop flush protocol 4', 'nexthop flush dev vb', '-s nexthop flush id 13', 'nexthop flush id 13', '-s nexthop flush groups', '-s nexthop flush', '-s nexthop flush', 'nexthop flush']) {
      await same(t, cmd);
      expectSameState(t, cmd);
    }
  });

  it('bad nexthop command lines: the same messages and exit statuses; encap is refused', async () => {
    const t = twins();
    buildLinks(t.ip.ns);
    buildLinks(t.tsip.ns);
    for (const cmd of NEXTHOPS.slice(0, 4)) await same(t, cmd);
    for (const cmd of BAD_NEXTHOPS) await same(t, cmd);
    expectSameState(t, 'bad nexthops');
    // never run through ip: `encap` is refused by tsip before anything is sent
    const r = await runBoth(t, ['nexthop', 'add', 'id', '60', 'encap', 'mpls', '100', 'via', '10.1.1.2', 'dev', 'va'], { on: () => t.tsip.ns }).then((x) => x.tsip);
    expect(r).toMatchObject({ status: 255, stdout: '' });
    expect(r.stderr).toMatch(/"encap" .* is not supported by tsip/);
  });
});
