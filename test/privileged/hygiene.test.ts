// Resource hygiene, the short version of scripts/hygiene.ts (10,000 ops and
// 500 namespace cycles there; docs/RELIABILITY.md has its figures): 2,000
// operations on a reused and on fresh sockets, then 100 netns add/delete
// cycles, in a child run with --expose-gc. The fd count and the mount table
// must not move at all; RSS and the JS heap only within GC noise; the thread
// stays in its own namespace; nothing is left in /run/netns.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { privileged } from '../helpers/privileged.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Growth { fds: number; mounts: number; ownMounts: number; rssKiB: number; heapKiB: number; externalKiB: number; threads: number; sameNetns: boolean }
interface PhaseReport { name: string; count: number; expectedFailures: number; unexpected: string[]; growth: Growth; perSecond: number }
interface Report {
  ops: number; cycles: number; leftover: string[];
  start: { fds: number; ownMounts: number; netnsInode: number };
  end: { fds: number; ownMounts: number; netnsInode: number };
  phases: PhaseReport[];
}

privileged('resource hygiene: no fd, mount, memory or namespace left behind', () => {
  it('2,000 ops (reused and fresh sockets, failures included) and 100 netns add/delete cycles leave fds, mounts and RSS flat', () => {
    const r = spawnSync(process.execPath, [
      '--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', 'scripts/hygiene.ts', '--ops', '2000', '--cycles', '100', '--json',
    ], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as Report;
    expect(report.phases.map((p) => p.name)).toEqual(['ops on one reused socket', 'ops on a fresh socket each', 'netns add + socket + delete']);
    for (const p of report.phases) {
      expect(p.unexpected, p.name).toEqual([]);
      expect(p.growth.fds, `${p.name}: fds`).toBe(0);
      // the mounts of this run's namespaces (the table's total moves with other tests' namespaces)
      expect(p.growth.ownMounts, `${p.name}: mounts`).toBe(0);
      expect(p.growth.threads, `${p.name}: threads`).toBe(0);
      expect(p.growth.sameNetns, `${p.name}: the thread's namespace`).toBe(true);
      // GC noise: a leak of even 1 KiB an operation would show as 1,000 KiB here
      expect(p.growth.heapKiB, `${p.name}: heap`).toBeLessThan(1024);
      expect(p.growth.externalKiB, `${p.name}: external memory`).toBeLessThan(1024);
      expect(p.growth.rssKiB, `${p.name}: RSS`).toBeLessThan(8 * 1024);
    }
    // every fifth op failed on purpose (link set on a missing device), and was reported as such
    expect(report.phases[0]!.expectedFailures).toBe(200);
    expect(report.phases[1]!.expectedFailures).toBe(200);
    expect(report.end.fds).toBe(report.start.fds);
    expect(report.end.ownMounts).toBe(0);
    expect(report.end.netnsInode).toBe(report.start.netnsInode);
    expect(report.leftover).toEqual([]);
  }, 120_000);
});
