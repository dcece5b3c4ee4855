// The tutorial's second scenario with the library: three namespaces on a
// bridge, and the FORWARD chain that bridged traffic meets (br_netfilter).
// The bridge lives in a "hub" namespace, so the machine's own network is
// never touched.
//
//   sudo npx tsx examples/bridge.ts

import { addAddress, addLink, addNetns, appendRule, deleteNetns, ping, setLink, setPolicy, setSysctl } from '../src/index.js';

const suffix = process.argv[2] ?? '';
const hub = `ex-hub${suffix}`;
const members = [1, 2, 3].map((i) => ({ netns: `ex-br${i}${suffix}`, inside: `veth${i}`, port: `port${i}`, address: `10.0.1.${i}` }));

await addNetns(hub);
for (const m of members) await addNetns(m.netns);
try {
  // ip -n hub link add br0 type bridge; ip -n hub link set br0 up
  await addLink({ kind: 'bridge', name: 'br0' }, { netns: hub });
  await setLink('br0', { up: true }, { netns: hub });

  for (const m of members) {
    // One end of each pair inside its namespace, the other a port of br0.
    await addLink({ kind: 'veth', name: m.port, options: { peer: { name: m.inside, netns: m.netns } } }, { netns: hub });
    await setLink(m.port, { master: 'br0', up: true }, { netns: hub });
    await setLink(m.inside, { up: true }, { netns: m.netns });
    await addAddress({ dev: m.inside, address: `${m.address}/24` }, { netns: m.netns });
  }

  // Bridged frames go through iptables' FORWARD chain while
  // net.bridge.bridge-nf-call-iptables is 1 (the default here).
  // With a FORWARD policy of DROP, as Docker sets, the bridge is closed:
  await setPolicy('FORWARD', 'DROP', { netns: hub });
  const blocked = await ping(members[1]!.address, { netns: members[0]!.netns, count: 1, timeout: 1 });
  console.log(`policy DROP: ${blocked.received} of ${blocked.transmitted} replies`);

  // The tutorial's way 2: iptables -A FORWARD -i br0 -j ACCEPT (nf_tables underneath)
  await appendRule('FORWARD', { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' }, { netns: hub });
  const open = await ping(members[1]!.address, { netns: members[0]!.netns, count: 2, interval: 0.2 });
  console.log(`with the br0 rule: ${open.received} of ${open.transmitted} replies`);

  // The tutorial's way 1: bridged traffic skips iptables altogether.
  await setSysctl('net.bridge.bridge-nf-call-iptables', 0, { netns: hub });
  if (blocked.received !== 0 || open.received === 0) process.exitCode = 1;
} finally {
  for (const m of members) await deleteNetns(m.netns);
  await deleteNetns(hub);
}
