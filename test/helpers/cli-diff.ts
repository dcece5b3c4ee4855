// Differential runs of the tsip CLI against iproute2 6.1 for the address,
// route and neighbour commands. Two namespaces are built the same way; a
// command goes through `ip -n IP_NS ...` and `tsip -n TS_NS ...`, and what
// the two print (stdout, stderr), and how they exit, must agree. Commands
// that only read are also run side by side in one namespace. Afterwards the
// two namespaces must hold the same state (ip -j, as the oracle, on both).
//
// Normalised, because they necessarily differ between two runs:
//   - lifetimes of dynamic addresses and IPv6 route expiry count down each
//     second ("valid_lft 95sec", "expires 299sec"), neighbour ages count up
//     ("used 13/13/13" under -s) and so do the probes of an unresolved one;
//   - neighbour dump order: the kernel's hash order, seeded per namespace
//     (compared sorted across namespaces, as printed within one), and the
//     moment a reachable neighbour turns stale (a random reachable time, in
//     each namespace on its own: compared as "valid" across namespaces);
//   - ip's name for itself in "try \"ip route help\"" and usage texts
//     (tsip names itself there).
// MAC addresses and ifindexes are not normalised: the topology fixes them.

import { spawn } from 'node:child_process';
import { beforeEach, expect } from 'vitest';
import { freshNetns, inNs, ip } from './privileged.js';
import { TSIP, type Ran } from './cli.js';

export type Norm = (s: string) => string;

/** Lifetimes and expiry timers that count down between two reads. */
export const countdowns: Norm = (s) => s
  .replace(/(valid|preferred)_lft \d+sec/g, '$1_lft Nsec')
  .replace(/"(valid|preferred)_life_time": ?(\d+)/g, (m, k: string, v: string) => (v === '4294967295' ? m : `"${k}_life_time":0`))
  .replace(/expires -?\d+sec/g, 'expires Nsec')
  .replace(/"expires": ?-?\d+/g, '"expires":0');

/** Neighbour ages (-s: "used 13/13/13", seconds since) tick, and an unresolved entry's probes count. */
export const ages: Norm = (s) => countdowns(s)
  .replace(/used \d+\/\d+\/\d+/g, 'used N/N/N')
  .replace(/probes \d+/g, 'probes N')
  .replace(/"(used|confirmed|updated|probes)": ?\d+/g, '"$1":0');

/** ip's name for itself where tsip says "tsip". */
export const ipToTsip: Norm = (s) => s.replace(/\bip (address|route|neigh|rule|nexthop|netconf)/g, 'tsip $1');

/** The namespaces of one differential run: ip's and tsip's. */
export interface Pair {
  ip: string;
  ts: string;
}

/** Run a command to its end without blocking the event loop (vitest's worker keeps talking meanwhile). */
function run(cmd: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, TSIP_TRACE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export const runIp = (ns: string, args: readonly string[]): Promise<Ran> => run('ip', ['-n', ns, ...args]);
export const runTsip = (ns: string, args: readonly string[]): Promise<Ran> => run(process.execPath, [TSIP, '-n', ns, ...args]);

const isJson = (args: readonly string[]) => args.some((a) => /^--?j(s(on?)?)?$/.test(a));

/** Our run against ip's: status, stderr, and stdout (JSON parsed and deep-equal, then byte for byte). */
export function expectSameResult(ours: Ran, theirs: Ran, args: readonly string[], norm: Norm = (s) => s): void {
  const what = `ip ${args.join(' ')}`;
  expect(ours.stderr, `${what}: stderr`).toBe(ipToTsip(theirs.stderr));
  expect(ours.status, `${what}: exit status`).toBe(theirs.status);
  const o = norm(ours.stdout);
  const t = norm(theirs.stdout);
  if (isJson(args) && t.trim().startsWith('[') && t.trim().endsWith(']')) {
    expect(JSON.parse(o), `${what}: JSON`).toEqual(JSON.parse(t));
  }
  expect(o.split('\n'), `${what}: stdout`).toEqual(t.split('\n'));
}

/** The same command through ip in its namespace and tsip in its own. */
export async function expectSameRun(pair: Pair, args: readonly string[], norm: Norm = countdowns): Promise<Ran> {
  const [theirs, ours] = await Promise.all([runIp(pair.ip, args), runTsip(pair.ts, args)]);
  expectSameResult(ours, theirs, args, norm);
  return ours;
}

/**
 * A command that only reads, through both tools in one namespace. State
 * may move between the runs (a counter, a neighbour's timer): ours must
 * equal ip's run just before or just after it.
 */
export async function expectSameView(ns: string, args: readonly string[], norm: Norm = countdowns): Promise<void> {
  const before = await runIp(ns, args);
  const ours = await runTsip(ns, args);
  const after = await runIp(ns, args);
  const same = (r: Ran) => r.status === ours.status && norm(r.stdout) === norm(ours.stdout) && ipToTsip(r.stderr) === ours.stderr;
  if (same(before) || same(after)) return;
  expectSameResult(ours, after, args, norm);
}

/** Read-only in both namespaces too: the two states print the same through both tools. */
export async function expectSameShow(pair: Pair, args: readonly string[], norm: Norm = countdowns): Promise<void> {
  await expectSameView(pair.ts, args, norm);
  await expectSameRun(pair, args, norm);
}

/** The lines in order: for what the kernel lists in its per-namespace hash order. */
export const sortedLines: Norm = (s) => s.split('\n').sort().join('\n');

/** What ip sees in each namespace is the same: addresses, every route, every neighbour. */
export function expectSameState(pair: Pair, norm: Norm = countdowns): void {
  const look = (ns: string) => ({
    addr: norm(ip('-n', ns, '-j', 'addr')),
    routes: norm(ip('-n', ns, '-j', '-d', 'route', 'show', 'table', 'all')),
    neigh: sortedLines(ip('-n', ns, 'neigh', 'show', 'nud', 'all')).replace(/\b(REACHABLE|STALE|DELAY|PROBE) /g, 'VALID '),
    proxy: sortedLines(ip('-n', ns, 'neigh', 'show', 'proxy')),
  });
  expect(look(pair.ts), 'state of the namespaces after the same commands').toEqual(look(pair.ip));
}

/**
 * The topology both namespaces get: lo up (freshNetns), no IPv6 duplicate
 * address detection (addresses are never "tentative" for a while), and a
 * veth pair with fixed MAC addresses, both ends up.
 */
export function buildTopology(ns: string): void {
  inNs(ns, 'sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0');
  ip('-n', ns, 'link', 'add', 'veth0', 'address', '02:00:00:00:00:01', 'type', 'veth', 'peer', 'name', 'veth1', 'address', '02:00:00:00:00:02');
  ip('-n', ns, 'link', 'set', 'veth0', 'up');
  ip('-n', ns, 'link', 'set', 'veth1', 'up');
  settle(ns);
}

/**
 * Wait (5 s at most) until no link that is up still shows operstate DOWN:
 * the kernel reports the new state a moment after "link set up" (linkwatch).
 */
export function settle(ns: string): void {
  for (let i = 0; i < 100; i++) {
    const links = JSON.parse(ip('-n', ns, '-j', 'link')) as Array<{ flags: string[]; operstate: string }>;
    if (!links.some((l) => l.flags.includes('UP') && l.operstate === 'DOWN')) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/**
 * Give each test of the enclosing describe a pair of fresh namespaces with
 * the same topology (removed afterwards, whatever happened).
 */
export function freshPair(tag: string): () => Pair {
  const ipNs = freshNetns(`${tag}-ip`);
  const tsNs = freshNetns(`${tag}-ts`);
  beforeEach(() => {
    buildTopology(ipNs());
    buildTopology(tsNs());
  });
  return () => ({ ip: ipNs(), ts: tsNs() });
}
