// tsip link and tsip tuntap against ip link and ip tuntap (iproute2 6.1):
// each command runs through `ip -n A ...` and `tsip -n B ...` in twin
// namespaces made fresh for the test (../helpers/twin-netns.ts), and their
// exit statuses, stderr and stdout must be the same: `link show` under
// text, -d, -s, -s -s, -br, -o, -j, -j -p, -j -d, -j -s and -d -s.
// Normalised, because it differs between twins by nature: MAC addresses
// (random), the twins' namespace names, bridge timers; and link counters
// where links are up (IPv6 sends while we look).

import { describe, expect, it, vi } from 'vitest';
import { tsip } from '../helpers/cli.js';
import { ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';
import { expectSame, expectSameShow, SOME_FLAGS, twinNetns, type Twins } from '../helpers/twin-netns.js';

// two processes per comparison, and tsip starts a Node each time: these take a while
vi.setConfig({ testTimeout: 180_000 });

/** Wait until a link that was just brought up is UP on both twins (its carrier comes a moment later). */
function settle(t: Twins, name: string): void {
  for (const side of [t.ip, t.tsip]) {
    for (let i = 0; i < 100 && !/^\S+\s+UP\s/.test(ip('-n', side.ns, '-br', 'link', 'show', name)); i++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

/** Commands ip refuses, each for its own reason; tsip must refuse them alike. */
const BAD: string[][] = [
  ['link', 'foo'], ['link', 'help'], ['link', 'help', 'veth'], ['link', 'help', 'bridge'], ['link', 'help', 'nosuch'],
  ['link', 'add'], ['link', 'add', 'foo'], ['link', 'add', 'foo', 'type', 'nosuch'], ['link', 'add', 'veth0', 'type', 'veth'],
  ['link', 'add', 'x', 'type'], ['link', 'add', 'help'], ['link', 'add', 'a', 'type', 'veth'], ['link', 'add', 'x', 'type', 'veth', 'help'],
  ['link', 'add', 'x', 'type', 'veth', 'pear', 'y'], ['link', 'add', 'x', 'type', 'veth', 'peer', 'name', 'y', 'z'],
  ['link', 'add', 'x', 'type', 'veth', 'peer', 'name', 'y', 'up'], ['link', 'add', 'x', 'type', 'veth', 'peer', 'type', 'veth'],
  ['link', 'add', 'name', 'x', 'name', 'y', 'type', 'ifb'], ['link', 'add', 'x', 'y', 'type', 'ifb'],
  ['link', 'add', 'group', '5', 'type', 'ifb'], ['link', 'add', 'x', 'mtu', 'abc', 'type', 'ifb'],
  ['link', 'add', 'x', 'mtu', '9999999999', 'type', 'ifb'], ['link', 'add', 'x', 'mtu', '1', 'mtu', '2', 'type', 'ifb'],
  ['link', 'add', 'x', 'address', 'zz', 'type', 'ifb'], ['link', 'add', 'x', 'address', '00:gg', 'type', 'ifb'],
  ['link', 'add', 'x', 'link', 'nosuch', 'type', 'macvlan'], ['link', 'add', 'x', 'master', 'nosuch', 'type', 'ifb'],
  ['link', 'add', 'x', 'netns', 'nosuch-ns-x', 'type', 'ifb'], ['link', 'add', 'abcdefghijklmnopq', 'type', 'ifb'],
  ['link', 'add', 'x', 'name', 'a/b', 'type', 'ifb'], ['link', 'add', 'x', 'type', 'nosuch', 'foo'],
  ['link', 'add', 'x', 'txqueuelen', 'x', 'type', 'ifb'],
  ['link', 'add', 'x', 'group', 'nosuch', 'type', 'ifb'], ['link', 'add', 'x', 'group', '1', 'group', '2', 'type', 'ifb'],
  ['link', 'add', 'x', 'arp', 'maybe', 'type', 'ifb'], ['link', 'add', 'x', 'carrier', 'maybe', 'type', 'ifb'],
  ['link', 'add', 'x', 'type', 'bridge', 'foo'], ['link', 'add', 'x', 'type', 'bridge', 'stp_state', 'x'],
  ['link', 'add', 'x', 'type', 'bridge', 'priority', '70000'], ['link', 'add', 'x', 'type', 'bridge', 'forward_delay'],
  ['link', 'add', 'x', 'type', 'bridge', 'group_address', 'zz'], ['link', 'add', 'x', 'type', 'bridge', 'help'],
  ['link', 'add', 'x', 'type', 'bridge', 'vlan_protocol', 'foo'], ['link', 'add', 'x', 'type', 'bridge', 'no', '1'],
  ['link', 'add', 'x', 'link', 'lower', 'type', 'macvlan', 'mode', 'foo'],
  ['link', 'add', 'x', 'link', 'lower', 'type', 'macvlan', 'mode', 'bridge', 'nopromisc'],
  ['link', 'add', 'x', 'link', 'lower', 'type', 'macvlan', 'foo'], ['link', 'add', 'x', 'link', 'lower', 'type', 'macvlan', 'help'],
  ['link', 'add', 'x', 'link', 'lower', 'type', 'macvlan', 'flag', 'foo'],
  ['link', 'add', 'x', 'link', 'lower', 'type', 'macvtap', 'bcqueuelen', 'x'],
  ['link', 'add', 'x', 'type', 'vxlan'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', 'foo'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', '239.1.1.1'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'group', '1.2.3.4'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'group', '239.1.1.1'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', '1.2.3.4', 'group', '239.1.1.1', 'dev', 'lower'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'remote', '1.2.3.4', 'local', '::1'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'id', '2'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '16777216'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'ttl', '256'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'tos', 'zz'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'dstport', '70000'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'srcport', '5'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'dev', 'nosuch'], ['link', 'add', 'x', 'type', 'vxlan', 'learning', 'nolearning'],
  ['link', 'add', 'x', 'type', 'vxlan', 'external', 'id', '5'], ['link', 'add', 'x', 'type', 'vxlan', 'help'],
  ['link', 'add', 'x', 'type', 'vxlan', 'nolearning'], ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'dstport', '0', 'srcport', '10', '5'],
  ['link', 'add', 'x', 'type', 'vxlan', 'id', '1', 'foo'],
  ['link', 'set'], ['link', 's'], ['link', 'set', 'nosuch', 'up'], ['link', 'set', 'a/b', 'up'], ['link', 'set', 'veth0', 'mtu', 'abc'],
  ['link', 'set', 'veth0', 'mtu', '1'], ['link', 'set', 'veth0', 'mtu', '1', 'mtu', '2'], ['link', 'set', 'veth0', 'name'],
  ['link', 'set', 'veth0', 'name', 'a/b'], ['link', 'set', 'veth0', 'dev', 'veth1'], ['link', 'set', 'veth0', 'master', 'nosuch'],
  ['link', 'set', 'veth0', 'master', 'lower'], ['link', 'set', 'veth0', 'netns', 'nosuch-ns-x'], ['link', 'set', 'veth0', 'netns', '999999'],
  ['link', 'set', 'veth0', 'address', 'zz'], ['link', 'set', 'veth0', 'address', '00:11'], ['link', 'set', 'veth0', 'group', 'foo'],
  ['link', 'set', 'veth0', 'alias', 'x'.repeat(300)], ['link', 'set', 'veth0', 'arp', 'maybe'], ['link', 'set', 'veth0', 'help'],
  ['link', 'set', 'veth0', 'name', 'veth1'], ['link', 'set', 'group', '77', 'up', 'extra'], ['link', 'set', 'if99', 'up'],
  ['link', 'del'], ['link', 'del', 'nosuch'], ['link', 'delete', 'lo'], ['link', 'del', 'group', 'foo'], ['link', 'del', 'group', '77'],
  ['link', 'show', 'nosuch'], ['link', 'show', 'dev'], ['link', 'show', 'veth0', 'veth1'], ['link', 'show', 'type'],
  ['link', 'show', 'master', 'nosuch'], ['link', 'show', 'group', 'nosuch'], ['link', 'show', 'to', '1.2.3.4'],
  ['link', 'show', 'scope', 'x'], ['link', 'show', 'help'], ['link', 'show', 'if1'], ['link', 'show', 'vrf', 'nosuch'],
  ['tuntap', 'add'], ['tuntap', 'add', 'dev', 'x'], ['tuntap', 'add', 'mode', 'foo'], ['tuntap', 'add', 'mode', 'tun', 'mode', 'tap'],
  ['tuntap', 'del', 'dev', 'x'], ['tuntap', 'help'], ['tuntap', 'foo'], ['tuntap', 'add', 'mode', 'tun', 'user', 'nobody-x'],
  ['tuntap', 'add', 'mode', 'tun', 'group', 'nogroup-x'], ['tuntap', 'add', 'mode', 'tun', 'dev', 'a', 'b'],
  ['tuntap', 'add', 'mode', 'tun', 'dev', 'a/b'],
];

privileged('tsip link, against ip link', () => {
  const twins = twinNetns('clink', 1);

  it('the tutorial: ip link add type veth, set netns, set up, a bridge and its port', async () => {
    const t = twins();
    await expectSame(t, ['link', 'add', 'type', 'veth']);
    await expectSame(t, ['link']);
    await expectSameShow(t);
    await expectSame(t, (s) => ['link', 'set', 'veth0', 'netns', s.peers[0]!]);
    await expectSameShow(t);
    const peer = { on: (s: { peers: string[] }) => s.peers[0]! };
    await expectSame(t, ['link', 'set', 'veth0', 'up'], peer);
    await expectSameShow(t, [], { ...peer, counters: true, flags: SOME_FLAGS });
    await expectSame(t, ['link', 'add', 'br0', 'type', 'bridge']);
    await expectSame(t, ['link', 'set', 'dev', 'veth1', 'master', 'br0']);
    await expectSameShow(t, [], { counters: true, flags: SOME_FLAGS });
    await expectSame(t, ['link', 'set', 'veth1', 'up']);
    await expectSame(t, ['link', 'set', 'br0', 'up']);
    settle(t, 'br0'); // the bridge's carrier follows its port's, a moment later
    await expectSameShow(t, [], { counters: true });
  });

  it('adds with names and common arguments, sets, renames, deletes', async () => {
    const t = twins();
    await expectSame(t, ['link', 'add', 'v1', 'mtu', '1400', 'txqueuelen', '500', 'address', '02:00:00:00:00:01', 'group', '5',
      'type', 'veth', 'peer', 'name', 'v2', 'mtu', '1300', 'address', '2:0:0:0:0:2', 'txqlen', '600', 'group', '6']);
    await expectSameShow(t);
    await expectSame(t, ['link', 'set', 'v1', 'up']);
    await expectSame(t, ['link', 'set', 'dev', 'v2', 'mtu', '1450', 'name', 'v3', 'alias', 'port two', 'qlen', '700', 'group', 'default',
      'address', '02:00:00:00:00:03']);
    await expectSameShow(t, [], { counters: true, flags: SOME_FLAGS });
    await expectSame(t, ['l', 's', 'v3', 'd']); // "d" is no keyword of set: a second device
    await expectSame(t, ['link', 'set', 'group', '5', 'mtu', '1280', 'down']);
    await expectSame(t, ['link', 'change', 'v3', 'alias', '']);
    await expectSameShow(t, [], { flags: SOME_FLAGS });
    await expectSame(t, ['link', 'add', 'name', 'i1', 'type', 'ifb']);
    await expectSame(t, ['link', 'a', 'dev', 'i2', 'group', '7', 'type', 'ifb']);
    await expectSame(t, ['link', 'add', 'i3', 'type', 'ifb', 'whatever', 'follows']); // ifb parses nothing
    await expectSame(t, ['link', 'add', 'type', 'ifb']);
    await expectSame(t, ['link', 'add', 'brx', 'type', 'bridge']);
    await expectSame(t, ['link', 'add', 'u0', 'up', 'master', 'brx', 'type', 'veth', 'peer', 'name', 'u1']);
    await expectSameShow(t, [], { counters: true, flags: SOME_FLAGS });
    await expectSame(t, ['link', 'delete', 'group', '7']);
    await expectSame(t, ['link', 'del', 'v1']);
    await expectSame(t, ['link', 'd', 'dev', 'i1', 'type', 'ifb']);
    await expectSameShow(t, [], { counters: true });
    await expectSame(t, (s) => ['link', 'add', 'x0', 'netns', s.peers[0]!, 'type', 'veth', 'peer', 'name', 'x1']);
    await expectSame(t, (s) => ['link', 'add', 'y0', 'type', 'veth', 'peer', 'name', 'y1', 'netns', s.peers[0]!]);
    await expectSameShow(t, [], { counters: true });
    await expectSameShow(t, [], { on: (s) => s.peers[0]! });
  });

  it('bridge options, as ip link add and -d show them', async () => {
    const t = twins();
    await expectSame(t, ['link', 'add', 'br1', 'type', 'bridge', 'stp_state', '1', 'forward_delay', '500', 'hello_time', '300',
      'max_age', '2500', 'ageing_time', '10000', 'priority', '4096', 'group_fwd_mask', '8', 'mcast_snooping', '0',
      'mcast_querier', '1', 'mcast_router', '2', 'mcast_igmp_version', '3', 'mcast_mld_version', '2', 'nf_call_iptables', '1',
      'nf_call_arptables', '1', 'group_address', '01:80:c2:00:00:0d']);
    await expectSame(t, ['link', 'add', 'br2', 'type', 'bridge', 'f', '300', 'stp', '7', 'pri', '0x100', 'n', '1', 'mcast_s', '1']);
    await expectSame(t, ['link', 'add', 'br3', 'type', 'bridge', 'vlan_filtering', '1']);
    await expectSame(t, ['link', 'add', 'br4', 'type', 'bridge', 'vlan_protocol', '802.1ad', 'vlan_default_pvid', '5']);
    await expectSameShow(t);
    await expectSame(t, ['link', 'show', 'type', 'bridge'], { globals: ['-d', '-j'] });
  });

  it('macvlan, macvtap, vxlan and ifb', async () => {
    const t = twins();
    await expectSame(t, ['link', 'add', 'lower', 'type', 'ifb']);
    await expectSame(t, ['link', 'add', 'mv0', 'link', 'lower', 'type', 'macvlan', 'mode', 'bridge']);
    await expectSame(t, ['link', 'add', 'mv1', 'link', 'lower', 'type', 'macvtap', 'mode', 'vepa', 'bcqueuelen', '100']);
    await expectSame(t, ['link', 'add', 'mv2', 'link', 'lower', 'type', 'macvlan', 'mode', 'passthru', 'nopromisc']);
    await expectSame(t, ['link', 'add', 'mv3', 'link', 'lower', 'type', 'macvlan']);
    await expectSame(t, ['link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'remote', '10.0.0.2', 'local', '10.0.0.1',
      'ttl', '64', 'nolearning', 'tos', 'inherit', 'ageing', '600', 'maxaddress', '10', 'srcport', '1000', '2000']);
    await expectSame(t, ['link', 'add', 'vx1', 'type', 'vxlan', 'vni', '7', 'group', '239.1.1.1', 'dev', 'lower', 'dstport', '0', 'l2miss', 'proxy']);
    await expectSame(t, ['link', 'add', 'vx2', 'type', 'vxlan', 'id', '8']); // warns: no dstport
    await expectSame(t, ['link', 'add', 'vx3', 'type', 'vxlan', 'external', 'dstport', '4790', 'local', 'fd00::1', 'ttl', 'auto']);
    await expectSame(t, ['link', 'add', 'vx4', 'type', 'vxlan', 'id', '9', 'remote', 'fd00::2', 'dstport', '0', 'noudpcsum', 'ttl', 'inherit']);
    await expectSameShow(t);
  });

  it('show and its filters: dev, up, type, master, nomaster, group, label, as text and -j', async () => {
    const t = twins();
    for (const c of [['link', 'add', 'type', 'veth'], ['link', 'add', 'br0', 'type', 'bridge'], ['link', 'set', 'veth1', 'master', 'br0'],
      ['link', 'set', 'veth0', 'group', '3'], ['link', 'set', 'lo', 'down']]) await expectSame(t, c);
    const filters = [
      ['veth0'], ['dev', 'veth1'], ['up'], ['type', 'veth'], ['type', 'bridge'], ['type', 'bridge_slave'], ['type', 'nosuch'],
      ['type', 'tap'], ['master', 'br0'], ['nomaster'], ['group', '3'], ['group', 'default'], ['label', 'veth0'], ['dev', 'lo', 'up'],
      ['veth1', 'group', '0'], ['veth1', 'type', 'veth'], ['scope', 'link'], ['permanent'], ['veth0', 'master', 'br0'],
    ];
    for (const f of filters) {
      for (const globals of [[], ['-j']]) await expectSame(t, ['link', 'show', ...f], { globals });
    }
    for (const f of [['up'], ['type', 'nosuch'], ['master', 'br0'], ['veth1', 'group', '0']]) {
      for (const globals of [['-br'], ['-j', '-p'], ['-br', '-j']]) await expectSame(t, ['link', 'show', ...f], { globals });
    }
    await expectSame(t, ['link', 'ls', 'veth0']);
    await expectSame(t, ['link', 'lst', 'veth0'], { globals: ['-4'] });
    await expectSame(t, ['link', 'list', 'veth0'], { globals: ['-6', '-o'] });
  });

  // in chunks: each test's commands run synchronously, and vitest wants to hear from its worker now and then
  const chunks = Array.from({ length: Math.ceil(BAD.length / 16) }, (_, i) => BAD.slice(i * 16, i * 16 + 16));
  it.each(chunks.map((c, i) => [i + 1, c] as const))('answers bad commands as ip does: the same message, the same exit status (%i)', async (_i, cmds) => {
    const t = twins();
    for (const c of [['link', 'add', 'type', 'veth'], ['link', 'add', 'br0', 'type', 'bridge'], ['link', 'add', 'lower', 'type', 'ifb']]) await expectSame(t, c);
    for (const c of cmds) await expectSame(t, c);
    await expectSameShow(t, [], { flags: SOME_FLAGS }); // and nothing changed on either side
  });

  it('tuntap add, show (text and -j), del', async () => {
    const t = twins();
    await expectSame(t, ['tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']);
    await expectSame(t, ['tuntap', 'add', 'dev', 'tun0', 'mode', 'tun', 'user', '1000', 'group', '100', 'pi', 'vnet_hdr', 'multi_queue']);
    await expectSame(t, ['tuntap', 'add', 'mode', 'tap']);
    await expectSame(t, ['tuntap', 'a', 'name', 'tun5', 'm', 'tun', 'u', 'root', 'g', 'root']);
    await expectSame(t, ['tap', 'add', 'tun6', 'mode', 'tu']);
    await expectSame(t, ['tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']); // busy
    for (const globals of [[], ['-j'], ['-j', '-p']]) {
      await expectSame(t, ['tuntap'], { globals });
      await expectSame(t, ['tuntap', 'show'], { globals });
      await expectSame(t, ['tuntap', 'list', 'whatever'], { globals });
    }
    await expectSameShow(t, [], { flags: SOME_FLAGS });
    await expectSame(t, ['tuntap', 'del', 'dev', 'tap0', 'mode', 'tap']);
    await expectSame(t, ['tuntap', 'del', 'tun0', 'mode', 'tun', 'multi_queue']);
    await expectSame(t, ['tuntap', 'del', 'dev', 'tun5', 'mode', 'tap']); // wrong mode
    await expectSame(t, ['tuntap', 'del', 'mode', 'tap']);
    await expectSame(t, ['tuntap', 'del', 'dev', 'never-was', 'mode', 'tap']);
    await expectSame(t, ['tuntap', 'show']);
    await expectSameShow(t);
  });
});

privileged('tsip --trace link add', () => {
  it('prints the RTM_NEWLINK request, annotated, on stderr', async () => {
    const ns = uniqueName('clink-trace');
    ip('netns', 'add', ns);
    try {
      const r = tsip('--trace', '-n', ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      const request = r.stderr.split(/^< /m)[0]!;
      expect(request).toMatch(/^> request/);
      expect(request).toMatch(/nlmsg_type=RTM_NEWLINK\(16\) nlmsg_flags=REQUEST\|ACK\|ECHO\|EXCL\|CREATE/);
      expect(request).toMatch(/IFLA_IFNAME "veth0"/);
      expect(request).toMatch(/IFLA_LINKINFO\n.*IFLA_INFO_KIND "veth"\n.*IFLA_INFO_DATA\n.*VETH_INFO_PEER\n.*ifinfomsg.*\n.*IFLA_IFNAME "veth1"/);
      expect(ip('-n', ns, '-br', 'link')).toMatch(/veth0@veth1/);
    } finally {
      removeNetns(ns);
    }
  });
});

describe('tsip link without privileges', () => {
  it('prints ip\'s usage for help, naming itself', () => {
    const r = tsip('link', 'help');
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/^Usage: tsip link add \[link DEV \| parentdev NAME\] \[ name \] NAME\n/);
    expect(tsip('link', 'help', 'veth')).toEqual({ status: 0, stdout: "Usage: tsip link <options> type veth [peer <options>]\nTo get <options> type 'tsip link add help'\n", stderr: '' });
  });
});
