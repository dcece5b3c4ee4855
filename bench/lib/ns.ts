// Namespaces for the benchmark: each workload gets a fresh one, removed
// afterwards, also when the run fails or is interrupted (Ctrl-C, SIGTERM).
// Their devices are deleted first, synchronously and by group where they
// have one, so that the kernel's cleanup of one measurement does not run
// during the next.

import { execFileSync, spawnSync } from 'node:child_process';

export const PREFIX = 'tsipb';
const live = new Set<string>();
let hooked = false;

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

function removeNow(name: string): void {
  spawnSync('ip', ['-n', name, 'link', 'del', 'group', '77'], { stdio: 'ignore' });
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  live.delete(name);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = () => {
    for (const name of [...live]) removeNow(name);
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}: removing ${live.size} namespace(s)\n`);
      cleanup();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    cleanup();
    process.exit(1);
  });
}

let counter = 0;

/** A fresh namespace (lo up); with `d0`, an ifb link d0, up, too. */
export function freshNetns(tag: string, opts: { d0?: boolean } = {}): string {
  hook();
  const name = `${PREFIX}-${process.pid}-${++counter}-${tag}`;
  ip('netns', 'add', name);
  live.add(name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  if (opts.d0) {
    ip('-n', name, 'link', 'add', 'd0', 'type', 'ifb');
    ip('-n', name, 'link', 'set', 'd0', 'up');
  }
  return name;
}

/** Remove a namespace made by freshNetns (devices of group 77 first). */
export function removeNetns(name: string): void {
  removeNow(name);
}

/** Namespaces of earlier runs whose process is gone (a crash, a kill -9). */
export function removeStale(): string[] {
  const out: string[] = [];
  for (const line of ip('netns', 'list').split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${PREFIX}-(\\d+)-`).exec(name);
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) {
      spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
      out.push(name);
    }
  }
  return out;
}
