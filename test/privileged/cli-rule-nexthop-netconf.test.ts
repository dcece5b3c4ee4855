// tsip rule, tsip nexthop and tsip netconf against iproute2 6.1, side by
// side in one fresh namespace holding every kind of rule and nexthop ip 6.1
// can make (encapsulations excepted: see the notes on encap in the task's
// rules). Each command runs through ip and tsip; stdout (JSON parsed and
// byte for byte), stderr and the exit status must agree. A bucket's idle
// time counts up between the two runs and is normalised.

import { it } from 'vitest';
import { countdowns, expectSameView, type Norm } from '../helpers/cli-diff.js';
import { freshNetns, ip, privileged } from '../helpers/privileged.js';
import { buildState } from '../helpers/rule-nexthop-state.js';

/** A bucket's idle time counts up between two runs. */
const idle: Norm = (s) => countdowns(s).replace(/idle_time [\d.e+-]+/g, 'idle_time N').replace(/"idle_time": ?[\d.e+-]+/g, '"idle_time":0');

const VIEWS = ['', '-j', '-j -p', '-d', '-4', '-6', '-d -j'].map((f) => (f ? f.split(' ') : []));

privileged('tsip rule, nexthop and netconf print as ip 6.1 prints them', () => {
  const ns = freshNetns('rnn');

  it('rule show: every selector and action, text and JSON, -d, -4, -6; selectors; errors', async () => {
    buildState(ns());
    for (const flags of VIEWS) await expectSameView(ns(), [...flags, 'rule', 'show']);
    for (const args of [['rule'], ['ru'], ['rule', 'list'], ['rule', 'lst'], ['-6', 'rule', 'show']]) await expectSameView(ns(), args);
    for (const sel of [
      ['pref', '130'], ['priority', '100'], ['order', '110'], ['not'], ['tos', '0x10'], ['fwmark', '0x10'], ['fwmark', '0x10/0xff'],
      ['iif', 'va'], ['dev', 'ghost0'], ['oif', 'vb'], ['uidrange', '1000-2000'], ['ipproto', 'tcp'], ['dport', '80'], ['sport', '1000-2000'],
      ['lookup', '102'], ['table', 'main'], ['from', '10.1.0.0/16'], ['from', '10.0.0.0/8'], ['to', '10.4.0.0/16'], ['10.8.0.0/16'],
      ['protocol', 'static'], ['from', 'all'], ['l3mdev'],
    ]) {
      await expectSameView(ns(), ['rule', 'show', ...sel]);
      await expectSameView(ns(), ['-j', 'rule', 'show', ...sel]);
    }
    await expectSameView(ns(), ['-6', 'rule', 'show', 'from', '2001:db8:3::/48']);
    await expectSameView(ns(), ['-6', '-j', 'rule', 'show', 'to', '2001:db8:4::1']);
    for (const bad of [['rule', 'show', 'bogus'], ['rule', 'show', 'pref'], ['rule', 'show', 'pref', 'x'], ['rule', 'show', 'table', 'all'],
      ['rule', 'show', 'help'], ['rule', 'help'], ['rule', 'xyz'], ['rule', 'show', 'uidrange', 'x'], ['rule', 'show', 'fwmark', 'zz']]) {
      await expectSameView(ns(), bad);
    }
  });

  it('nexthop show and bucket show: objects, groups, resilient groups; filters; errors', async () => {
    buildState(ns());
    for (const flags of VIEWS) {
      await expectSameView(ns(), [...flags, 'nexthop', 'show']);
      await expectSameView(ns(), [...flags, 'nexthop', 'bucket', 'show'], idle);
    }
    for (const args of [['nexthop'], ['nex'], ['nexthop', 'list'], ['nexthop', 'lst']]) await expectSameView(ns(), args);
    for (const sel of [['id', '11'], ['id', '1'], ['id', '4'], ['dev', 'va'], ['dev', 'vb'], ['groups'], ['fdb'], ['groups', 'fdb'],
      ['protocol', '4'], ['protocol', '0'], ['id', '1', 'dev', 'vb'], ['master', 'va']]) {
      await expectSameView(ns(), ['nexthop', 'show', ...sel]);
      await expectSameView(ns(), ['-j', 'nexthop', 'show', ...sel]);
    }
    for (const args of [['nexthop', 'get', 'id', '10'], ['-j', 'nexthop', 'get', 'id', '13'], ['-d', 'nexthop', 'get', 'id', '11']]) await expectSameView(ns(), args);
    for (const sel of [['id', '11'], ['nhid', '2'], ['id', '11', 'nhid', '1'], ['dev', 'va']]) {
      await expectSameView(ns(), ['nexthop', 'bucket', 'show', ...sel], idle);
      await expectSameView(ns(), ['-j', 'nexthop', 'bucket', 'list', ...sel], idle);
    }
    for (const args of [['nexthop', 'bucket', 'get', 'id', '11', 'index', '3'], ['-j', 'nexthop', 'bucket', 'get', 'id', '11', 'index', '7'], ['nexthop', 'bucket']]) {
      await expectSameView(ns(), args, idle);
    }
    for (const bad of [['nexthop', 'show', 'id', '99'], ['-j', 'nexthop', 'show', 'id', '99'], ['nexthop', 'show', 'dev', 'nope'],
      ['nexthop', 'show', 'bogus'], ['nexthop', 'show', 'id', 'x'], ['nexthop', 'list', 'protocol', 'static'], ['nexthop', 'bucket', 'show', 'id', '99'],
      ['nexthop', 'bucket', 'bogus'], ['nexthop', 'bucket', 'get', 'id', '11'], ['nexthop', 'get'], ['nexthop', 'help'], ['nexthop', 'frob'],
      ['nexthop', 'bucket', 'get', 'id', '11', 'index', '99']]) {
      await expectSameView(ns(), bad);
    }
  });

  it('route show -d: a route using a nexthop object gets its "nh_info", as ip looks it up', async () => {
    buildState(ns());
    for (const r of ['10.23.0.0/16 nhid 1', '10.24.0.0/16 nhid 11', '10.25.0.0/16 nhid 13', '10.26.0.0/16 nhid 4', '2001:db8:9::/64 nhid 5']) {
      ip('-n', ns(), 'route', 'add', ...r.split(' '));
    }
    for (const flags of [['-d'], ['-d', '-j'], ['-d', '-6'], ['-d', '-j', '-p'], []]) await expectSameView(ns(), [...flags, 'route', 'show']);
    await expectSameView(ns(), ['-d', 'route', 'show', 'table', 'all']);
  });

  it('netconf show: dumps of both families, one device, -4/-6 with a device (text even under -j); errors', async () => {
    buildState(ns());
    for (const flags of VIEWS) {
      await expectSameView(ns(), [...flags, 'netconf', 'show']);
      for (const dev of ['va', 'vb', 'lo']) await expectSameView(ns(), [...flags, 'netconf', 'show', 'dev', dev]);
    }
    for (const args of [['netconf'], ['netc'], ['netconf', 'list'], ['netconf', 'show', 'foo'], ['netconf', 'show', 'foo', 'dev', 'va'],
      ['netconf', 'show', 'dev', 'nope'], ['netconf', 'show', 'dev'], ['netconf', 'help'], ['netconf', 'bogus']]) {
      await expectSameView(ns(), args);
    }
  });
});
