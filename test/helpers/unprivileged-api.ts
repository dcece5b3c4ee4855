// A child for test/privileged/unprivileged.test.ts, run as nobody inside a
// fresh namespace: every changing call of the library must fail with a
// typed error worded as ip words it; reads must work. Prints one JSON line.

import { addAddress } from '../../src/ops/address.js';
import { appendRule } from '../../src/ops/firewall.js';
import { addLink, listLinks, setLink } from '../../src/ops/link.js';
import { addNetns } from '../../src/ops/netns.js';
import { addRoute } from '../../src/ops/route.js';
import { getSysctl, setSysctl } from '../../src/ops/sysctl.js';

const out: Record<string, unknown> = { uid: process.getuid?.() };
async function refused(name: string, p: Promise<unknown>): Promise<void> {
  try {
    await p;
    out[name] = 'succeeded';
  } catch (e) {
    const err = e as Error & { code?: string };
    out[name] = [err.name, err.code, err.message];
  }
}

await refused('addLink', addLink({ kind: 'veth', name: 'v0', options: { peer: { name: 'v1' } } }));
await refused('setLink', setLink('ifb0', { up: true }));
await refused('addAddress', addAddress({ dev: 'ifb0', address: '10.1.1.1/24' }));
await refused('addRoute', addRoute({ dst: '10.9.0.0/16', dev: 'lo' }));
await refused('addNetns', addNetns(`tsip-up-api-${process.pid}`));
await refused('setSysctl', setSysctl('net.ipv4.ip_forward', 1));
await refused('appendRule', appendRule('FORWARD', { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' }));
out.listLinks = (await listLinks()).map((l) => l.name);
out.getSysctl = await getSysctl('net.ipv4.ip_forward');
process.stdout.write(`${JSON.stringify(out)}\n`);
