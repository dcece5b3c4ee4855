// `ip link show` printed by tsip against iproute2 6.1, in fresh namespaces:
// each topology is compared as text, -d, -s, -s -s, -br, -o and -j (-p),
// line for line and byte for byte (see ../helpers/link-addr-compare.ts for the
// one normalisation, bridge timers).

import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dumpLinks } from '../helpers/print-dump.js';
import { expectSameAsIp, expectSameUnderAllFlags } from '../helpers/link-addr-compare.js';
import { freshNetns, inNs, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

/** nsid -> name, for the peer namespace a link of `ns` points into (as ip finds it under /run/netns). */
function peerNames(ns: string, peer: string, ifname: string): Map<number, string> {
  const l = dumpLinks(ns, 17).find((x) => x.attrs.IFLA_IFNAME === ifname);
  const nsid = l?.attrs.IFLA_LINK_NETNSID as number | undefined;
  expect(nsid, `${ifname} has a link-netnsid`).toBeTypeOf('number');
  return new Map([[nsid!, peer]]);
}

/**
 * Wait until process `pid` has left our namespace: before that, "netns PID"
 * would name ours, and the peer would land here.
 */
async function inOwnNetns(pid: number): Promise<void> {
  const ours = readlinkSync('/proc/self/ns/net');
  for (let i = 0; i < 200; i++) {
    try {
      if (readlinkSync(`/proc/${pid}/ns/net`) !== ours) return;
    } catch {
      /* not started yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`process ${pid} never entered a namespace of its own`);
}

privileged('ip link show, printed as iproute2 6.1 prints it', () => {
  const ns = freshNetns('plink');

  it('the tutorial pair: veth0@veth1 down (M-DOWN), one end up (NO-CARRIER), both up', () => {
    inNs(ns(), 'ip link add type veth');
    expectSameUnderAllFlags(ns(), 'link');
    inNs(ns(), 'ip link set veth0 up');
    expectSameUnderAllFlags(ns(), 'link');
    inNs(ns(), 'ip link set veth1 up');
    expectSameUnderAllFlags(ns(), 'link');
  });

  it('a peer in a named namespace: veth0@ifN ... link-netns NAME (link_netnsid in JSON)', () => {
    const peer = uniqueName('plink-peer');
    ip('netns', 'add', peer);
    try {
      inNs(ns(), `ip link add veth0 type veth peer name veth1 netns ${peer} && ip link set veth0 up`);
      const netnsNames = peerNames(ns(), peer, 'veth0');
      expectSameUnderAllFlags(ns(), 'link', { netnsNames });
      ip('-n', peer, 'link', 'set', 'veth1', 'up');
      expectSameUnderAllFlags(ns(), 'link', { netnsNames });
    } finally {
      removeNetns(peer);
    }
  });

  it('a peer in a namespace without a name: link-netnsid N', async () => {
    // a process of ours holds a namespace that is in no /run/netns file
    const holder = spawn('unshare', ['--net', 'sleep', '60'], { stdio: 'ignore' });
    try {
      await inOwnNetns(holder.pid!);
      inNs(ns(), `ip link add veth0 type veth peer name veth1 netns ${holder.pid}`);
      expectSameUnderAllFlags(ns(), 'link');
      expect(ip('-n', ns(), 'link', 'show', 'veth0')).toMatch(/veth0@if\d+: .* link-netnsid \d+\n/s);
    } finally {
      holder.kill();
    }
  });

  it('a bridge with ports: master, bridge and bridge_slave options under -d', () => {
    inNs(ns(), [
      'ip link add br0 type bridge',
      'ip link add br1 type bridge mcast_querier 1 group_fwd_mask 8 stp_state 1 priority 4096',
      'ip link add p0 type veth peer name q0',
      'ip link add p1 type veth peer name q1',
      'ip link set p0 master br0',
      'ip link set p1 master br1',
      'ip link set p1 type bridge_slave hairpin on learning off cost 7 priority 9 group_fwd_mask 0x4001 mcast_flood off isolated on',
      'ip link set br0 up; ip link set p0 up; ip link set q0 up; ip link set br1 up',
    ].join(' && '));
    expectSameUnderAllFlags(ns(), 'link');
  });

  it('macvlan, macvtap, vxlan, tap, tun and ifb: kinds, link types, options, protodown, addrgenmode', () => {
    inNs(ns(), [
      'ip link add lower type veth peer name lower-peer',
      'ip link add mv0 link lower type macvlan mode private',
      'ip link add mv1 link lower type macvlan mode vepa',
      'ip link add mv2 link lower type macvlan mode source',
      'ip link set mv2 type macvlan macaddr add 00:11:22:33:44:55',
      'ip link add mvt0 link lower type macvtap mode bridge',
      'ip link add vx0 type vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dstport 4789 nolearning tos inherit ttl 64 df set ageing 0 maxaddr 10 noudpcsum',
      'ip link add vx1 type vxlan id 43 group 239.1.1.1 dev lower dstport 0 proxy l2miss l3miss',
      'ip link add vx2 type vxlan id 44 dstport 4791 local 2001:db8::1 remote 2001:db8::2 flowlabel 0x1234 udp6zerocsumtx udp6zerocsumrx df inherit ttl inherit',
      'ip link add vx3 type vxlan external dstport 4790',
      'ip tuntap add tap0 mode tap',
      'ip tuntap add tap1 mode tap user nobody group nogroup multi_queue vnet_hdr',
      'ip tuntap add tun0 mode tun',
      'ip link add ifb0 type ifb',
      'ip link property add dev ifb0 altname ifb-alt altname ifb-second',
      'ip link set ifb0 alias "an alias" group 5 txqueuelen 0 mtu 9000 promisc on arp off allmulticast on',
      'ip link set tun0 up',
      'ip link set vx3 protodown_reason 0 on && ip link set vx3 protodown_reason 3 on && ip link set vx3 protodown on',
      'ip link set ifb0 addrgenmode none && ip link set tap0 addrgenmode random',
    ].join(' && '));
    expectSameUnderAllFlags(ns(), 'link');
  });

  it('statistics after traffic: -s and -s -s with non-zero counters', () => {
    const peer = uniqueName('plink-peer');
    ip('netns', 'add', peer);
    try {
      inNs(ns(), `ip link add veth0 type veth peer name veth1 netns ${peer} && ip addr add 10.7.0.1/24 dev veth0 && ip link set veth0 up`);
      ip('-n', peer, 'addr', 'add', '10.7.0.2/24', 'dev', 'veth1');
      ip('-n', peer, 'link', 'set', 'veth1', 'up');
      inNs(ns(), 'ping -c 3 -i 0.2 -s 1200 -W 1 10.7.0.2 >/dev/null; ping -c 2 -i 0.2 -W 1 10.7.0.9 >/dev/null || true');
      const netnsNames = peerNames(ns(), peer, 'veth0');
      const sets = [['-s'], ['-s', '-s'], ['-j', '-s', '-s'], ['-d', '-s'], ['-s', '-h'], ['-s', '-s', '-h', '-iec']];
      for (const flags of sets) expectSameAsIp(ns(), flags, 'link', { netnsNames });
    } finally {
      removeNetns(peer);
    }
  });
});
