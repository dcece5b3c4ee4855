// The tutorial's FORWARD rule changes forwarding for real. Three namespaces,
// all made and removed by the test:
//
//   A (va 10.77.0.1/24) ── va-br ┐
//                                 br0  in HUB, net.bridge.bridge-nf-call-iptables=1
//   B (vb 10.77.0.2/24) ── vb-br ┘
//
// With bridge-nf-call-iptables on, frames crossing br0 go through HUB's
// netfilter FORWARD hook (with br0 as their input device), so the filter
// table's FORWARD chain decides: policy DROP stops A's ping to B, and
// `iptables -A FORWARD -i br0 -j ACCEPT` lets it through again. The sysctl
// is written inside HUB only; the root namespace is never touched.

import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { appendRule, iptables, listRules, setPolicy } from '../../src/ops/firewall.js';
import { freshNetns, inNs, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

/** Does one ping from `ns` to `addr` (an address in a namespace of this test) get an answer? */
const ping = (ns: string, addr: string) =>
  spawnSync('ip', ['netns', 'exec', ns, 'ping', '-c1', '-W1', addr], { stdio: 'ignore' }).status === 0;

privileged('the FORWARD rule over a bridge (real traffic)', () => {
  const hub = freshNetns('fwhub');
  let clients: string[] = [];
  afterEach(() => {
    for (const n of clients) removeNetns(n);
    clients = [];
  });

  function build(): { a: string; b: string } {
    const a = uniqueName('fwa');
    const b = uniqueName('fwb');
    clients = [a, b];
    for (const n of clients) ip('netns', 'add', n);
    inNs(hub(), 'ip link add br0 type bridge && ip link set br0 up'
      + ' && ip link add va type veth peer name va-br && ip link add vb type veth peer name vb-br'
      + ' && ip link set va-br master br0 && ip link set vb-br master br0 && ip link set va-br up && ip link set vb-br up'
      + ` && ip link set va netns ${a} && ip link set vb netns ${b}`
      + ' && echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables');
    inNs(a, 'ip link set lo up && ip addr add 10.77.0.1/24 dev va && ip link set va up');
    inNs(b, 'ip link set lo up && ip addr add 10.77.0.2/24 dev vb && ip link set vb up');
    return { a, b };
  }

  it('policy DROP stops bridged traffic; -A FORWARD -i br0 -j ACCEPT lets it through', async () => {
    const { a } = build();
    expect(inNs(hub(), 'cat /proc/sys/net/bridge/bridge-nf-call-iptables').trim()).toBe('1');
    expect(ping(a, '10.77.0.2')).toBe(true); // the bridge works: no rules yet

    await setPolicy('FORWARD', 'DROP', { netns: hub() }); // iptables -P FORWARD DROP
    expect(ping(a, '10.77.0.2')).toBe(false);

    await appendRule('FORWARD', { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' }, { netns: hub() }); // iptables -A FORWARD -i br0 -j ACCEPT
    expect(ping(a, '10.77.0.2')).toBe(true);
    expect(await listRules('FORWARD', { netns: hub() })).toBe('-P FORWARD DROP\n-A FORWARD -i br0 -j ACCEPT\n');
    // the rule counted the echo request and the reply
    expect((await iptables(['-L', 'FORWARD', '-v', '-n', '-x'], { netns: hub() })).split('\n')[2]).toMatch(/^\s+2\s+168 ACCEPT /);

    await iptables(['-D', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'], { netns: hub() });
    expect(ping(a, '10.77.0.2')).toBe(false);
  });
});
