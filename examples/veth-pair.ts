// The tutorial's first scenario with the library: two network namespaces
// joined by a veth pair, an address on each end, and a ping across.
//
//   sudo npx tsx examples/veth-pair.ts
//
// What goes over the wire: run the CLI version with --trace to see every
// netlink message these calls send, e.g. tsip --trace -n net0 link set veth0 up

import { addAddress, addLink, addNetns, deleteNetns, listAddresses, listRoutes, ping, setLink } from '../src/index.js';

const suffix = process.argv[2] ?? '';
const net0 = `ex-net0${suffix}`;
const net1 = `ex-net1${suffix}`;

// ip netns add: a file under /run/netns, bind-mounted from a new namespace.
await addNetns(net0);
await addNetns(net1);
try {
  // ip -n net0 link add veth0 type veth peer name veth1 netns net1:
  // one RTM_NEWLINK; the kernel creates both ends, the peer straight in net1.
  await addLink({ kind: 'veth', name: 'veth0', options: { peer: { name: 'veth1', netns: net1 } } }, { netns: net0 });

  // ip link set veth0 up (RTM_NEWLINK with IFF_UP in ifi_flags and ifi_change)
  await setLink('veth0', { up: true }, { netns: net0 });
  await setLink('veth1', { up: true }, { netns: net1 });

  // ip addr add 10.1.1.1/24 dev veth0 (RTM_NEWADDR with IFA_LOCAL and IFA_ADDRESS)
  await addAddress({ dev: 'veth0', address: '10.1.1.1/24' }, { netns: net0 });
  await addAddress({ dev: 'veth1', address: '10.1.1.2/24' }, { netns: net1 });

  // ip a / ip route: dumps, decoded by the same tables
  for (const a of await listAddresses({ netns: net0, family: 'inet' })) console.log(`${net0}: ${a.local ?? a.address}/${a.prefixlen}`);
  for (const r of await listRoutes({ netns: net0, family: 'inet' })) console.log(`${net0}: route ${r.dst} dev ${r.oif} proto ${r.protocol} scope ${r.scope}`);

  // ping, from a raw ICMP socket opened inside net0
  const result = await ping('10.1.1.2', { netns: net0, count: 3, interval: 0.2 });
  console.log(`ping 10.1.1.2 from ${net0}: ${result.received}/${result.transmitted} replies, avg ${result.avg?.toFixed(3)} ms`);
  if (result.received === 0) process.exitCode = 1;
} finally {
  // ip netns del: the namespaces go, and the veth pair with them.
  await deleteNetns(net0);
  await deleteNetns(net1);
}
