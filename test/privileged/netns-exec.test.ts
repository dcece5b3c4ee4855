// ip netns exec: the command runs in the namespace with its own /sys and
// /etc/netns files; exit statuses, signals and stdio pass through; the
// main thread comes back to its namespaces and directory.
//
// Exit statuses and signals are checked on a real process: the helper
// test/helpers/netns-exec-main.ts run with `node --import tsx`, which
// reports on fd 3 whether its main thread came back.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { execInNetns } from '../../src/ops/netns-exec.js';
import { listNetnsPids } from '../../src/ops/netns.js';
import { ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

const HELPER = join(import.meta.dirname, '../helpers/netns-exec-main.ts');
const REPO = join(import.meta.dirname, '../..');

/** tsip netns exec NAME ARGS... as a process: status, signal, stdout, stderr and its fd-3 report. */
function tsipExec(name: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', HELPER, name, ...args], {
    cwd: REPO, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe', 'pipe'], timeout: 20_000,
  });
  const report = (r.output[3] as string | null)?.trim();
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, report: report ? JSON.parse(report) : undefined };
}

const where = () => ({
  net: statSync('/proc/thread-self/ns/net').ino,
  mnt: statSync('/proc/thread-self/ns/mnt').ino,
  cwd: process.cwd(),
  cwdIno: statSync('.').ino,
});
const mountTable = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => !l.includes(' /run/netns'));

privileged('ip netns exec', () => {
  let name = '';
  let out = '';
  beforeEach(() => {
    name = uniqueName('ex');
    ip('netns', 'add', name);
    ip('-n', name, 'link', 'add', 'tsipa', 'type', 'veth', 'peer', 'name', 'tsipb');
    out = join(tmpdir(), `${name}.out`);
  });
  afterEach(() => {
    removeNetns(name);
    rmSync(out, { force: true });
  });

  /** Run in-process, stdout to a file; returns [result, output]. */
  const execHere = async (cmd: string, args: string[]) => {
    const fd = openSync(out, 'w');
    try {
      const r = await execInNetns(name, cmd, args, { stdio: ['ignore', fd, 'inherit'] });
      return [r, readFileSync(out, 'utf8')] as const;
    } finally {
      closeSync(fd);
    }
  };

  it('sees only the namespace links, in ip link and in /sys/class/net; the thread comes back', async () => {
    const before = where();
    const mounts = mountTable();
    const [r, text] = await execHere('sh', ['-c', 'ls /sys/class/net; echo --; ip -o link show | cut -d: -f2']);
    expect(r).toMatchObject({ code: 0, signal: null });
    const [sys, links] = text.split('--\n').map((s) => s.split(/\s+/).filter(Boolean).map((l) => l.replace(/@.*/, '')).sort());
    expect(sys).toEqual(['lo', 'tsipa', 'tsipb']);
    expect(links).toEqual(['lo', 'tsipa', 'tsipb']);
    expect(where()).toEqual(before);
    expect(realpathSync('.')).toBe(before.cwd);
    // The host's own view is untouched: its /sys and its mount table.
    expect(readdirSync('/sys/class/net')).not.toContain('tsipa');
    expect(mountTable()).toEqual(mounts);
  });

  it('ip -j link inside matches ip netns exec', async () => {
    const [, text] = await execHere('ip', ['-j', 'link', 'show']);
    const names = (s: string) => JSON.parse(s).map((l: { ifname: string; ifindex: number }) => `${l.ifindex}:${l.ifname}`);
    expect(names(text)).toEqual(names(ip('netns', 'exec', name, 'ip', '-j', 'link', 'show')));
  });

  it('passes the exit status through, and the helper process came back to its namespaces', () => {
    const r = tsipExec(name, ['sh', '-c', 'exit 7']);
    expect(r.status).toBe(7);
    expect(r.report).toMatchObject({ back: true, result: { code: 7, signal: null } });
    expect(tsipExec(name, ['true']).status).toBe(0);
  });

  it('dies of the signal that killed the command, as a shell would show it', () => {
    for (const sig of ['SIGTERM', 'SIGPIPE', 'SIGUSR1'] as const) {
      const r = tsipExec(name, ['sh', '-c', `kill -${sig.slice(3)} $$`]);
      expect(r.signal).toBe(sig);
      expect(r.report.result.signal).toBe(sig);
    }
  });

  it('inherits stdin, stdout and stderr', () => {
    const r = tsipExec(name, ['sh', '-c', 'cat; echo to-stderr >&2'], 'hello from stdin\n');
    expect(r.stdout).toBe('hello from stdin\n');
    expect(r.stderr).toBe('to-stderr\n');
  });

  it('reports a command or a namespace that does not exist as iproute2 does', async () => {
    const r = tsipExec(name, ['tsip-no-such-command']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('exec of "tsip-no-such-command" failed: No such file or directory');
    const missing = uniqueName('missing');
    const m = tsipExec(missing, ['true']);
    expect(m.status).toBe(1);
    expect(m.stderr).toContain(`Cannot open network namespace "${missing}": No such file or directory`);
    const before = where();
    await expect(execInNetns(name, 'tsip-no-such-command')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(where()).toEqual(before);
  });

  it('forwards SIGTERM to the command and then dies of it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', HELPER, name, 'sleep', '30'], { cwd: REPO, stdio: 'ignore' });
    try {
      let inside: number[] = [];
      for (let i = 0; i < 500 && inside.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        inside = (await listNetnsPids(name)).filter((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep');
      }
      expect(inside).toHaveLength(1);
      const ended = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
      child.kill('SIGTERM');
      expect(await ended).toBe('SIGTERM');
      expect(existsSync(`/proc/${inside[0]}/comm`) && readFileSync(`/proc/${inside[0]}/stat`, 'utf8').split(' ')[2] !== 'Z').toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('bind-mounts /etc/netns/NAME/* over /etc/* for the command only', async () => {
    const etc = `/etc/netns/${name}`;
    const made = !existsSync('/etc/netns');
    mkdirSync(etc, { recursive: true });
    try {
      writeFileSync(`${etc}/hosts`, '10.9.9.9 tsip-only-here\n');
      const host = readFileSync('/etc/hosts', 'utf8');
      const [, text] = await execHere('cat', ['/etc/hosts']);
      expect(text).toBe('10.9.9.9 tsip-only-here\n');
      expect(readFileSync('/etc/hosts', 'utf8')).toBe(host);
      expect(ip('netns', 'exec', name, 'cat', '/etc/hosts')).toBe(text); // iproute2 agrees
    } finally {
      rmSync(made ? '/etc/netns' : etc, { recursive: true, force: true });
    }
  });

  it('50 execs: no fd left open, the thread home every time', async () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    await execHere('true', []);
    const before = where();
    const n = fds();
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) {
      const r = await execInNetns(name, 'true', [], { stdio: 'ignore' });
      expect(r.code).toBe(0);
    }
    console.log(`netns exec (spawn to exit of /bin/true): ${((performance.now() - t0) / 50).toFixed(2)} ms each`);
    expect(fds()).toBe(n);
    expect(where()).toEqual(before);
  });
});
