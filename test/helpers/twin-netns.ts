// Differential CLI tests: the same command run by ip in one namespace and
// by tsip in its twin, both made fresh for the test and removed after it,
// even when it fails. Twins start alike (lo up, the same ifindex counter),
// so the same commands leave them alike and their answers can be compared.
//
// What is normalised, because it necessarily differs between the twins:
//   - MAC addresses (random per link): each distinct one becomes MAC1, MAC2, ...
//     in order of appearance, so that "same link, same address" still shows
//   - the twins' own names and their peers' names (NS, PEER1, ...)
//   - bridge timers (hello_timer, gc_timer, ...), which tick between reads
//   - "tsip link" where tsip names itself ("try \"tsip link help\"", usage texts)
// and nothing else: ifindexes, flags, states, numbers are compared as they are.

import { spawn } from 'node:child_process';
import { afterEach, expect } from 'vitest';
import { type Ran, TSIP } from './cli.js';
import { ip, removeNetns, uniqueName } from './privileged.js';

export interface Side {
  /** this side's namespace */
  ns: string;
  /** this side's extra namespaces, by role (peers of veth moves) */
  peers: string[];
}

export interface Twins {
  ip: Side;
  tsip: Side;
}

/** Make twins for each test of the enclosing describe; `peers` extra namespaces per side. */
export function twinNetns(tag: string, peers = 0): () => Twins {
  let made: string[] = [];
  let t: Twins | undefined;
  afterEach(() => {
    for (const n of made) removeNetns(n);
    made = [];
    t = undefined;
  });
  return () => {
    if (t) return t;
    const side = (who: string): Side => {
      const ns = uniqueName(`${tag}-${who}`);
      made.push(ns);
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      const ps: string[] = [];
      for (let i = 0; i < peers; i++) {
        const p = uniqueName(`${tag}-${who}p${i}`);
        made.push(p);
        ip('netns', 'add', p);
        ps.push(p);
      }
      return { ns, peers: ps };
    };
    t = { ip: side('i'), tsip: side('t') };
    return t;
  };
}

/** Names and MACs made comparable (see above). */
export function normalise(text: string, side: Side): string {
  let s = text;
  side.peers.forEach((p, i) => (s = s.replaceAll(p, `PEER${i + 1}`)));
  s = s.replaceAll(side.ns, 'NS');
  // bridge ids print their address as ether_ntoa() does, unpadded ("8000.ba:f5:7b:f:1d:2"): pad it first
  s = s.replace(/\b([0-9a-f]{4}\.)([0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5})\b/g,
    (_m, prio: string, mac: string) => prio + mac.split(':').map((x) => x.padStart(2, '0')).join(':'));
  const macs = new Map<string, string>();
  s = s.replace(/\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/g, (m) => {
    if (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff') return m;
    if (!macs.has(m)) macs.set(m, `MAC${macs.size + 1}`);
    return macs.get(m)!;
  });
  s = s.replace(/([a-z_]+_timer)\s+\d+\.\d{2}/g, '$1 N').replace(/("[a-z_]+_timer"):\s*\d+\.\d{2}/g, '$1:0');
  return s;
}

/** Counters (the -s blocks, which move while links are up) reduced to their shape. */
// A counters line's leading spaces depend on the widths of its numbers, so
// they go too: a link that is up keeps counting while the two sides look.
export const noCounters = (s: string) => s.replace(/^\s+[\d ]+$/gm, '    N')
  .replace(/("(?:bytes|packets|errors|dropped|over_errors|multicast|carrier_errors|collisions|missed|fifo_errors|length_errors|crc_errors|frame_errors|aborted_errors|heartbeat_errors|window_errors|carrier_changes|nohandler|otherhost)"):\d+/g, '$1:0');

export type Args = string[] | ((side: Side) => string[]);

/** A command, run without blocking the test worker (vitest must hear from it). */
function run(cmd: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, TSIP_TRACE: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Run ARGS as `ip -n NS ARGS` on one twin and `tsip -n NS ARGS` on the other, at once. */
export async function runBoth(t: Twins, args: Args, opts: { globals?: string[]; on?: (side: Side) => string } = {}): Promise<{ ip: Ran; tsip: Ran }> {
  const argv = (side: Side) => ['-n', opts.on?.(side) ?? side.ns, ...(opts.globals ?? []), ...(typeof args === 'function' ? args(side) : args)];
  const [a, b] = await Promise.all([run('ip', argv(t.ip)), run(process.execPath, [TSIP, ...argv(t.tsip)])]);
  return { ip: a, tsip: b };
}

export interface CompareOptions {
  globals?: string[];
  /** the namespace to work in, when not the twin itself (one of its peers) */
  on?: (side: Side) => string;
  /** reduce counters to their shape (links are up: IPv6 sends packets while we look) */
  counters?: boolean;
}

/**
 * The same command on both twins: same exit status, same stderr (tsip's
 * own name read as ip's), same stdout (JSON compared parsed and as text).
 */
export async function expectSame(t: Twins, args: Args, opts: CompareOptions = {}): Promise<{ ip: Ran; tsip: Ran }> {
  const r = await runBoth(t, args, opts);
  const what = `${(opts.globals ?? []).join(' ')} ${(typeof args === 'function' ? args(t.ip) : args).join(' ')}`;
  const clean = (s: string, side: Side) => {
    const n = normalise(s, side);
    return opts.counters ? noCounters(n) : n;
  };
  const asIp = (x: string) => x.replace(/\btsip (link|tuntap)\b/g, 'ip $1');
  const ours = { status: r.tsip.status, stderr: asIp(clean(r.tsip.stderr, t.tsip)), stdout: asIp(clean(r.tsip.stdout, t.tsip)) };
  const theirs = { status: r.ip.status, stderr: clean(r.ip.stderr, t.ip), stdout: clean(r.ip.stdout, t.ip) };
  expect({ status: ours.status, stderr: ours.stderr }, what).toEqual({ status: theirs.status, stderr: theirs.stderr });
  if ((opts.globals ?? []).includes('-j') && theirs.stdout.trim().startsWith('[')) {
    expect(JSON.parse(ours.stdout || 'null'), what).toEqual(JSON.parse(theirs.stdout));
  }
  expect(ours, what).toEqual(theirs);
  return r;
}

/** The flag sets `ip link show` output is compared under. */
export const SHOW_FLAGS: readonly string[][] = [
  [], ['-d'], ['-s'], ['-s', '-s'], ['-br'], ['-o'], ['-j'], ['-j', '-p'], ['-j', '-d'], ['-j', '-s'], ['-d', '-s'],
];
/** A few of them, for the states between. */
export const SOME_FLAGS: readonly string[][] = [[], ['-d'], ['-j', '-d'], ['-br']];

/** `link show` under every flag set (or those given). */
export async function expectSameShow(t: Twins, extra: string[] = [], opts: CompareOptions & { flags?: readonly string[][] } = {}): Promise<void> {
  for (const globals of opts.flags ?? SHOW_FLAGS) await expectSame(t, ['link', 'show', ...extra], { ...opts, globals });
}
