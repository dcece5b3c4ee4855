// npm run demo: the tutorial in shared/seed, end to end, with tsip alone.
//
// Scenario 1: two namespaces joined by a veth pair, addresses, routes, ping.
// Scenario 2: three namespaces on a bridge; the bridge's traffic meets the
// FORWARD chain (br_netfilter), which is opened with an iptables rule, or
// bypassed with the bridge-nf-call-iptables sysctl.
//
// Each step prints the tsip command and what it prints, as the tutorial
// prints its `ip` sessions. By default everything lives in namespaces the
// demo creates (the tutorial's "root namespace" is a namespace of its own,
// "host"), so the machine's own network is never touched. --literal puts
// the veth pair and the bridge in the root namespace, as the tutorial does.
// Every namespace, link, rule and sysctl it made is removed or restored at
// the end, also on failure and on Ctrl-C.
//
//   npm run demo [-- --literal] [-- --prefix P]

import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/context.js';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const literal = args.includes('--literal');
const prefixAt = args.indexOf('--prefix');
const prefix = prefixAt >= 0 ? args[prefixAt + 1] ?? '' : '';
const quiet = args.includes('--quiet');

const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
const say = (text: string) => io.out(`\n${text}\n`);

/** Names: the tutorial's, under an optional prefix. */
const ns = (n: string) => `${prefix}${n}`;
const host = ns('host');
const hub = ns('hub');
/** `-n NS` for commands that the tutorial runs in the root namespace. */
const inRoot = (n: string) => (literal ? [] : ['-n', n]);

const cleanup: Array<() => Promise<unknown>> = [];
let failed = false;

/** Run one tsip command line, printed first as the tutorial prints its commands. */
async function tsip(...argv: string[]): Promise<number> {
  io.out(`$ tsip ${argv.join(' ')}\n`);
  const status = await main(argv, quiet ? { out: () => {}, err: io.err } : io);
  return status;
}

/** A step that must succeed. */
async function step(...argv: string[]): Promise<void> {
  const status = await tsip(...argv);
  if (status !== 0) {
    failed = true;
    throw new Error(`step failed with status ${status}: tsip ${argv.join(' ')}`);
  }
}

/** A ping expected to succeed (ok) or to fail (blocked). */
async function ping(from: string, to: string, expect: 'ok' | 'blocked'): Promise<void> {
  const status = await tsip('-n', from, 'ping', '-c', expect === 'ok' ? '3' : '2', '-i', '0.2', '-W', '1', to);
  if ((status === 0) !== (expect === 'ok')) {
    failed = true;
    throw new Error(`ping ${to} from ${from}: expected ${expect === 'ok' ? 'replies' : 'no reply'}, got status ${status}`);
  }
}

async function addNetns(name: string): Promise<void> {
  if (existsSync(`/run/netns/${name}`)) {
    throw new Error(`namespace "${name}" already exists; remove it, or run with --prefix P to use other names`);
  }
  await step('netns', 'add', name);
  cleanup.push(() => main(['netns', 'delete', name], { out: () => {}, err: () => {} }));
}

async function scenarioVethPair(): Promise<void> {
  say('== 1. Two namespaces joined by a veth pair ==');
  await addNetns(ns('net0'));
  await addNetns(ns('net1'));
  if (!literal) await addNetns(host);
  await step('netns', 'ls');
  await step('-n', ns('net1'), 'addr');

  say('# a veth pair: the kernel names it veth0/veth1');
  await step(...inRoot(host), 'link', 'add', 'type', 'veth');
  if (literal) cleanup.push(() => main(['link', 'delete', 'veth0'], { out: () => {}, err: () => {} }));
  await step(...inRoot(host), 'link');
  say('# veth0 into net0, veth1 into net1');
  await step(...inRoot(host), 'link', 'set', 'veth0', 'netns', ns('net0'));
  await step(...inRoot(host), 'link', 'set', 'veth1', 'netns', ns('net1'));
  await step('-n', ns('net0'), 'a');
  await step('-n', ns('net1'), 'a');

  say('# up, and an address on each end');
  await step('-n', ns('net0'), 'link', 'set', 'veth0', 'up');
  await step('-n', ns('net0'), 'addr', 'add', '10.1.1.1/24', 'dev', 'veth0');
  await step('-n', ns('net0'), 'a');
  await step('-n', ns('net0'), 'route');
  await step('-n', ns('net1'), 'link', 'set', 'veth1', 'up');
  await step('-n', ns('net1'), 'addr', 'add', '10.1.1.2/24', 'dev', 'veth1');
  await step('-n', ns('net1'), 'a');
  await step('-n', ns('net1'), 'route');

  say('# connectivity');
  await ping(ns('net0'), '10.1.1.2', 'ok');
}

async function scenarioBridge(): Promise<void> {
  say('== 2. Three namespaces on a bridge ==');
  const where = literal ? [] : ['-n', hub];
  if (!literal) await addNetns(hub);
  await step(...where, 'link', 'add', 'br0', 'type', 'bridge');
  if (literal) cleanup.push(() => main(['link', 'delete', 'br0'], { out: () => {}, err: () => {} }));
  await step(...where, 'link', 'set', 'br0', 'up');
  const members = [0, 1, 2].map((i) => ({ netns: ns(`br-net${i}`), inside: `veth${2 * i}`, port: `veth${2 * i + 1}`, addr: `10.0.1.${i + 1}` }));
  say('# three veth pairs: one end into a namespace, the other onto br0');
  for (const m of members) {
    await addNetns(m.netns);
    await step(...where, 'link', 'add', m.inside, 'type', 'veth', 'peer', 'name', m.port);
    if (literal) cleanup.push(() => main(['link', 'delete', m.port], { out: () => {}, err: () => {} }));
  }
  await step(...where, 'link');
  for (const m of members) {
    await step(...where, 'link', 'set', 'dev', m.inside, 'netns', m.netns);
    await step('-n', m.netns, 'addr', 'add', `${m.addr}/24`, 'dev', m.inside);
    await step('-n', m.netns, 'link', 'set', 'dev', m.inside, 'up');
    await step(...where, 'link', 'set', 'dev', m.port, 'master', 'br0');
    await step(...where, 'link', 'set', 'dev', m.port, 'up');
  }
  await step(...where, 'link', 'show', 'master', 'br0');

  say('# bridged frames pass through the FORWARD chain (br_netfilter):');
  await step(...where, 'sysctl', 'net.bridge.bridge-nf-call-iptables');
  if (literal) {
    // Leave the machine's firewall and sysctl as they were.
    const before = await capture(['sysctl', '-n', 'net.bridge.bridge-nf-call-iptables']);
    cleanup.push(() => main(['sysctl', '-q', '-w', `net.bridge.bridge-nf-call-iptables=${before.trim()}`], { out: () => {}, err: () => {} }));
    cleanup.push(() => main(['iptables', '-D', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'], { out: () => {}, err: () => {} }));
  } else {
    say('# a FORWARD policy of DROP (as Docker sets one) blocks the bridge:');
    await step(...where, 'iptables', '-P', 'FORWARD', 'DROP');
    await ping(members[0]!.netns, members[1]!.addr, 'blocked');
  }

  say('# way 2 of the tutorial: a FORWARD rule for br0');
  await step(...where, 'iptables', '-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT');
  await step(...where, 'iptables', '-S', 'FORWARD');
  await ping(members[0]!.netns, members[1]!.addr, 'ok');
  await ping(members[0]!.netns, members[2]!.addr, 'ok');

  say('# way 1 of the tutorial: the bridge bypasses iptables');
  await step(...where, 'iptables', '-D', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT');
  await step(...where, 'sysctl', '-w', 'net.bridge.bridge-nf-call-iptables=0');
  await ping(members[1]!.netns, members[2]!.addr, 'ok');
}

async function capture(argv: string[]): Promise<string> {
  let out = '';
  await main(argv, { out: (s) => (out += s), err: () => {} });
  return out;
}

async function teardown(): Promise<void> {
  say('== teardown ==');
  for (const undo of cleanup.splice(0).reverse()) {
    try {
      await undo();
    } catch {
      /* keep going: remove all we can */
    }
  }
  io.out('removed every namespace, link, rule and setting the demo made\n');
}

if (process.getuid?.() !== 0) {
  io.err('the demo creates network namespaces: run it as root\n');
  process.exit(1);
}
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  io.err('\ninterrupted: cleaning up\n');
  void teardown().then(() => process.exit(130));
});

try {
  await scenarioVethPair();
  await scenarioBridge();
} catch (e) {
  failed = true;
  io.err(`\ndemo: ${(e as Error).message}\n`);
} finally {
  if (!interrupted) await teardown();
}
process.exitCode = failed ? 1 : 0;
