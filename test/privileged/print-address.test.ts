// `ip addr show` printed by tsip against iproute2 6.1, in fresh namespaces:
// each topology is compared as text, -d, -s, -br, -o, -j (-p) and under
// -4 / -6, line for line and byte for byte. Lifetimes count down and DAD
// changes flags while we look: ../helpers/link-addr-compare.ts compares only
// when our renderings before and after ip's agree.

import { it } from 'vitest';
import { expectSameUnderAllFlags } from '../helpers/link-addr-compare.js';
import { dumpLinks } from '../helpers/print-dump.js';
import { freshNetns, inNs, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

privileged('ip addr show, printed as iproute2 6.1 prints it', () => {
  const ns = freshNetns('paddr');

  it('the tutorial: lo, a veth end in each of two namespaces, an address each, then up', () => {
    const peer = uniqueName('paddr-peer');
    ip('netns', 'add', peer);
    try {
      inNs(ns(), `ip link set lo down && ip link add veth0 type veth peer name veth1 netns ${peer}`);
      const nsid = dumpLinks(ns(), 17).find((l) => l.attrs.IFLA_IFNAME === 'veth0')!.attrs.IFLA_LINK_NETNSID as number;
      const netnsNames = new Map([[nsid, peer]]);
      expectSameUnderAllFlags(ns(), 'addr', { netnsNames });
      inNs(ns(), 'ip link set veth0 up && ip addr add 10.1.1.1/24 dev veth0');
      expectSameUnderAllFlags(ns(), 'addr', { netnsNames });
      ip('-n', peer, 'addr', 'add', '10.1.1.2/24', 'dev', 'veth1');
      ip('-n', peer, 'link', 'set', 'veth1', 'up');
      expectSameUnderAllFlags(ns(), 'addr', { netnsNames });
    } finally {
      removeNetns(peer);
    }
  });

  it('IPv4: brd, labels, secondaries, a peer, lifetimes, metric, noprefixroute, scopes', () => {
    inNs(ns(), [
      'ip link add va type veth peer name vb',
      'ip link add br0 type bridge',
      'ip addr add 10.1.1.1/24 brd + dev va label va:one',
      'ip addr add 10.1.1.5/24 dev va',
      'ip addr add 10.1.1.6/24 dev va label va:two',
      'ip addr add 10.9.0.1 peer 10.9.0.2/32 dev vb',
      'ip addr add 10.3.0.1/24 dev vb valid_lft 1000 preferred_lft 500',
      'ip addr add 10.4.0.1/16 dev vb metric 20 noprefixroute',
      'ip addr add 10.5.0.1/8 dev vb scope link',
      'ip addr add 10.6.0.1/32 dev vb scope host',
      'ip addr add 10.8.0.1/24 brd 10.8.0.7 dev vb scope 7',
      'ip link set va up',
    ].join(' && '));
    expectSameUnderAllFlags(ns(), 'addr');
  });

  it('IPv6: nodad, tentative, deprecated, dynamic, a peer, home, mngtmpaddr, link-local', () => {
    inNs(ns(), [
      'ip link add va type veth peer name vb',
      'ip link add ifb0 type ifb',
      'ip -6 addr add 2001:db8::1/64 dev va nodad',
      'ip -6 addr add 2001:db8:1::1/64 dev va',
      'ip -6 addr add 2001:db8:2::1/64 dev va nodad valid_lft 3600 preferred_lft 0',
      'ip -6 addr add 2001:db8:3::1/64 dev va nodad valid_lft 3600 preferred_lft 1800 home mngtmpaddr',
      'ip -6 addr add 2001:db8:4::1 peer 2001:db8:4::2/128 dev vb nodad',
      'ip -6 addr add 2001:db8:5::1/64 dev vb noprefixroute nodad',
      'ip addr add 192.0.2.1/24 dev vb',
      'ip link set va up && ip link set vb up && ip link set ifb0 up',
    ].join(' && '));
    expectSameUnderAllFlags(ns(), 'addr');
  });

  it('statistics after traffic, under ip -s addr', () => {
    inNs(ns(), 'ip link add va type veth peer name vb && ip addr add 10.2.0.1/24 dev va && ip link set va up && ip link set vb up && ping -c 2 -i 0.2 -W 1 10.2.0.1 >/dev/null');
    expectSameUnderAllFlags(ns(), 'addr');
  });
});
