// Resource hygiene: run many operations and namespace add/delete cycles, and
// show that they leave the fd count (/proc/self/fd), the mount table
// (/proc/self/mountinfo) and RSS flat, and the thread in its own namespace.
//
//   node --expose-gc --max-semi-space-size=1 --import tsx scripts/hygiene.ts
//        10,000 ops and 500 cycles (--ops N --cycles M to change; --json for the report as JSON)
//
// Needs root (it creates namespaces; everything happens inside a fresh one,
// deleted at the end, even on failure). Memory is read after global.gc()
// (hence --expose-gc), twice, so what remains is what is still referenced.
// --max-semi-space-size=1 pins V8's young generation at 1 MiB: left to
// itself, V8 grows it under allocation pressure (heapTotal 11 -> 41 MiB for
// the same 7 MiB in use), and RSS then rises by tens of MiB for no leak at
// all. Pinned, RSS shows what is retained.
//
// The operations, in a fresh namespace holding one ifb link:
//   half on one reused socket, half on a socket opened (inside the namespace,
//   through the setns window) and closed for each operation;
//   in rounds of: link set mtu, link get, addr add, addr del, and one that
//   fails on purpose (link set on a device that does not exist: ENODEV).
// Then `cycles` times: netns add, a socket opened inside it and closed,
// netns delete.
//
// The figures are sampled every tenth of the run; with --json the whole
// report is printed as JSON (test/privileged/hygiene.test.ts reads it).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { UsageError } from '../src/netlink/errors.js';
import { addAddress, deleteAddress } from '../src/ops/address.js';
import { openRtnl } from '../src/ops/context.js';
import { addLink, getLink, setLink } from '../src/ops/link.js';
import { addNetns, deleteNetns } from '../src/ops/netns.js';
import type { OpOptions } from '../src/ops/context.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const OPS = arg('ops', 10_000);
const CYCLES = arg('cycles', 500);
const JSON_OUT = process.argv.includes('--json');
const log = (s: string) => {
  if (!JSON_OUT) console.log(s);
};

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc (RSS is compared after garbage collection)');
  process.exit(2);
}
if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  console.error('note: without --max-semi-space-size=1, RSS also shows V8 growing its young generation');
}
if (process.getuid?.() !== 0) {
  console.error('needs root: it creates network namespaces');
  process.exit(2);
}

const tag = `tsip-hy-${process.pid}`;

export interface Sample {
  /** operations (or cycles) done when sampled */
  done: number;
  fds: number;
  /** every line of /proc/self/mountinfo (others' namespaces come and go too) */
  mounts: number;
  /** the lines that name one of this run's namespaces: any left would be a leak */
  ownMounts: number;
  rssKiB: number;
  heapKiB: number;
  heapTotalKiB: number;
  externalKiB: number;
  threads: number;
  netnsInode: number;
}

function sample(done: number): Sample {
  gc!();
  gc!();
  const status = readFileSync('/proc/self/status', 'utf8');
  const mem = process.memoryUsage();
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\n');
  const field = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return {
    done,
    fds: readdirSync('/proc/self/fd').length,
    mounts: mountinfo.length,
    ownMounts: mountinfo.filter((l) => l.includes(`/run/netns/${tag}`)).length,
    rssKiB: field('VmRSS'),
    heapKiB: Math.round(mem.heapUsed / 1024),
    heapTotalKiB: Math.round(mem.heapTotal / 1024),
    externalKiB: Math.round(mem.external / 1024),
    threads: field('Threads'),
    netnsInode: statSync('/proc/thread-self/ns/net').ino,
  };
}

export interface Phase {
  name: string;
  count: number;
  seconds: number;
  /** failures that were expected (ENODEV), and any that were not */
  expectedFailures: number;
  unexpected: string[];
  samples: Sample[];
}

const ns = `${tag}-ops`;
const phases: Phase[] = [];

async function runOps(name: string, count: number, opts: () => OpOptions): Promise<Phase> {
  const phase: Phase = { name, count, seconds: 0, expectedFailures: 0, unexpected: [], samples: [sample(0)] };
  const every = Math.max(1, Math.floor(count / 10));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const o = opts();
    const a = `10.${(i >> 8) & 0xff}.${i & 0xff}.1/32`;
    try {
      switch (i % 5) {
        case 0: await setLink('hy0', { mtu: 1280 + (i % 200) }, o); break;
        case 1: await getLink('hy0', o); break;
        case 2: await addAddress({ dev: 'hy0', address: a }, o); break;
        case 3: await deleteAddress({ dev: 'hy0', address: `10.${((i - 1) >> 8) & 0xff}.${(i - 1) & 0xff}.1/32` }, o); break;
        case 4:
          try {
            await setLink('nosuch0', { up: true }, o);
            phase.unexpected.push(`op ${i}: link set nosuch0 succeeded`);
          } catch (e) {
            // the kernel's ENODEV, worded as ip words it
            if (e instanceof UsageError && e.message === 'Cannot find device "nosuch0"') phase.expectedFailures++;
            else throw e;
          }
          break;
      }
    } catch (e) {
      phase.unexpected.push(`op ${i}: ${(e as Error).message}`);
      if (phase.unexpected.length > 20) break;
    }
    if ((i + 1) % every === 0) phase.samples.push(sample(i + 1));
  }
  phase.seconds = +((performance.now() - t0) / 1000).toFixed(2);
  return phase;
}

async function runCycles(count: number): Promise<Phase> {
  const phase: Phase = { name: 'netns add + socket + delete', count, seconds: 0, expectedFailures: 0, unexpected: [], samples: [sample(0)] };
  const every = Math.max(1, Math.floor(count / 10));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const n = `${tag}-c${i}`;
    try {
      await addNetns(n);
      openRtnl({ netns: n }).close();
      await deleteNetns(n);
    } catch (e) {
      phase.unexpected.push(`cycle ${i}: ${(e as Error).message}`);
      try {
        await deleteNetns(n);
      } catch {
        /* not made */
      }
      if (phase.unexpected.length > 20) break;
    }
    if ((i + 1) % every === 0) phase.samples.push(sample(i + 1));
  }
  phase.seconds = +((performance.now() - t0) / 1000).toFixed(2);
  return phase;
}

/** Growth from the sample after warm-up (the first tenth) to the last. */
function growth(p: Phase) {
  const base = p.samples[1] ?? p.samples[0]!;
  const last = p.samples[p.samples.length - 1]!;
  return {
    fds: last.fds - base.fds,
    mounts: last.mounts - base.mounts,
    ownMounts: last.ownMounts - base.ownMounts,
    rssKiB: last.rssKiB - base.rssKiB,
    heapKiB: last.heapKiB - base.heapKiB,
    externalKiB: last.externalKiB - base.externalKiB,
    threads: last.threads - base.threads,
    sameNetns: p.samples.every((s) => s.netnsInode === base.netnsInode),
  };
}

const start = sample(0);
let leftover: string[] = [];
try {
  await addNetns(ns);
  await addLink({ kind: 'ifb', name: 'hy0' }, { netns: ns });
  const half = Math.floor(OPS / 2);
  const sock = openRtnl({ netns: ns });
  try {
    phases.push(await runOps('ops on one reused socket', half, () => ({ socket: sock })));
  } finally {
    sock.close();
  }
  phases.push(await runOps('ops on a fresh socket each', OPS - half, () => ({ netns: ns })));
} finally {
  try {
    await deleteNetns(ns);
  } catch {
    /* never made */
  }
}
phases.push(await runCycles(CYCLES));
const end = sample(OPS + CYCLES);
leftover = readdirSync('/run/netns').filter((n) => n.startsWith(tag));

const report = {
  ops: OPS, cycles: CYCLES, node: process.version,
  start, end, leftover,
  phases: phases.map((p) => ({ ...p, growth: growth(p), perSecond: Math.round(p.count / p.seconds) })),
};
if (JSON_OUT) {
  console.log(JSON.stringify(report));
} else {
  for (const p of report.phases) {
    const first = p.samples[0]!;
    const base = p.samples[1] ?? first;
    const last = p.samples[p.samples.length - 1]!;
    log(`${p.name}: ${p.count} in ${p.seconds} s (${p.perSecond}/s), expected failures ${p.expectedFailures}, unexpected ${p.unexpected.length}`);
    for (const u of p.unexpected.slice(0, 5)) log(`  unexpected: ${u}`);
    log(`  fds     ${first.fds} -> ${base.fds} (after warm-up) -> ${last.fds}`);
    log(`  mounts  ${first.mounts} -> ${base.mounts} -> ${last.mounts} (this run's: ${first.ownMounts} -> ${base.ownMounts} -> ${last.ownMounts})`);
    log(`  RSS     ${first.rssKiB} -> ${base.rssKiB} -> ${last.rssKiB} KiB (heap used ${first.heapKiB} -> ${base.heapKiB} -> ${last.heapKiB} KiB, external ${first.externalKiB} -> ${last.externalKiB} KiB)`);
    log(`  threads ${first.threads} -> ${last.threads}; thread namespace unchanged: ${p.growth.sameNetns}`);
    log(`  RSS by tenths (KiB): ${p.samples.map((s) => s.rssKiB).join(' ')}`);
  }
  log(`whole run: fds ${start.fds} -> ${end.fds}, mounts ${start.mounts} -> ${end.mounts} (this run's ${start.ownMounts} -> ${end.ownMounts}), RSS ${start.rssKiB} -> ${end.rssKiB} KiB, /run/netns entries left: ${leftover.length}`);
}
