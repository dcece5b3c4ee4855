// `ip monitor` and `tsip monitor` side by side, for differential tests:
// both started in the same namespace, waited for until both listen, fed
// the same changes, and stopped with the same signal.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { TSIP } from './cli.js';

export interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** How it ended: exit code or signal, and when (Date.now()). */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function start(cmd: string, args: string[]): Running {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSIP_TRACE: '' } });
  const r: Running = {
    child, stdout: '', stderr: '',
    ended: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))),
  };
  child.stdout!.setEncoding('utf8').on('data', (s: string) => { r.stdout += s; });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { r.stderr += s; });
  return r;
}

export const startIp = (ns: string, args: string[]) => start('ip', ['-n', ns, ...args]);
export const startTsip = (ns: string, args: string[]) => start(process.execPath, [TSIP, '-n', ns, ...args]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait for `cond`, polling; throws `what` after `ms`. */
export async function waitFor(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await sleep(25)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

/** rtnetlink sockets with multicast groups joined in the namespace (/proc/net/netlink: Eth 0, Groups != 0). */
export function listeners(ns: string): number {
  const table = execFileSync('ip', ['netns', 'exec', ns, 'cat', '/proc/net/netlink'], { encoding: 'utf8' });
  return table.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f[1] === '0' && f[3] !== undefined && f[3] !== '00000000').length;
}

/** A change that each monitor prints, with the text that shows it did. */
export interface Marker {
  make(i: number): void;
  text(i: number): string;
}

/**
 * Wait until both have joined their groups; then, with a marker, make
 * changes until both print one (ip drops events that arrive while it reads
 * its first link dump). Returns the text of the marker both printed.
 */
export async function bothListening(ns: string, a: Running, b: Running, marker?: Marker): Promise<string | undefined> {
  await waitFor(() => listeners(ns) >= 2, 'both monitors to join their groups');
  if (!marker) {
    await sleep(300); // ip's start-up dumps are done well before
    return undefined;
  }
  for (let i = 0; i < 20; i++) {
    marker.make(i);
    const t = marker.text(i);
    try {
      await waitFor(() => a.stdout.includes(t) && b.stdout.includes(t), `marker ${t}`, 400);
      return t;
    } catch { /* the next marker */ }
  }
  throw new Error('neither marker was printed by both');
}

/** The lines from the one that shows the marker on (the whole text without one). */
export function fromMarker(text: string, marker?: string): string[] {
  const lines = text.split('\n');
  if (marker === undefined) return lines;
  const i = lines.findIndex((l) => l.includes(marker));
  return i < 0 ? lines : lines.slice(i);
}

/**
 * Wait until `same()` holds and both outputs have stopped growing for a
 * while: every event the kernel sent has been printed by both.
 */
export async function settled(a: Running, b: Running, same: () => boolean, quietMs = 300, ms = 6000): Promise<void> {
  let last = '';
  let since = Date.now();
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) {
    const now = `${a.stdout.length}/${b.stdout.length}`;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && same()) return;
  }
}

/** Send `signal` to both and wait for both to end. */
export async function stopBoth(a: Running, b: Running, signal: NodeJS.Signals = 'SIGINT') {
  a.child.kill(signal);
  b.child.kill(signal);
  return Promise.all([a.ended, b.ended]);
}

/** Kill what is still running (after a failed test). */
export function killAll(...rs: Running[]): void {
  for (const r of rs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
}

/** Timestamps are the one thing that must differ: -t's "Timestamp: ... usec" lines and -ts's "[...] " prefixes. */
export function normaliseTimes(text: string): string {
  return text
    .replace(/^Timestamp: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \d+ usec$/gm, 'Timestamp: T')
    .replace(/\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\] /g, '[T] ');
}

/** The times of -t and -ts stamps in `text`, in ms since the epoch (read as local time, as ip prints them). */
export function timesOf(text: string): number[] {
  const out: number[] = [];
  const re = /^Timestamp: \w{3} (\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\d{4}) (\d+) usec$|\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})\] /gm;
  for (const m of text.matchAll(re)) {
    const local = m[1] ? `${m[1]} ${m[2]} ${m[4]} ${m[3]}` : m[6]!;
    out.push(new Date(local).getTime() + Number(m[5] ?? m[7]) / 1000);
  }
  return out;
}
