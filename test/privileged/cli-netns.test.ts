import { afterEach, expect, it } from 'vitest';
import { privileged, removeNetns, uniqueName, ip } from '../helpers/privileged.js';
import { sh, tsip } from '../helpers/cli.js';

privileged('tsip netns, against ip netns', () => {
  const made: string[] = [];
  const fresh = () => {
    const n = uniqueName('clins');
    made.push(n);
    return n;
  };
  afterEach(() => {
    for (const n of made.splice(0)) removeNetns(n);
  });

  it('adds a namespace ip lists and enters, and deletes one ip made', () => {
    const a = fresh();
    expect(tsip('netns', 'add', a)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(ip('netns', 'list').split('\n')).toContain(a);
    expect(ip('netns', 'exec', a, 'ip', '-br', 'link')).toMatch(/^lo\s+DOWN/);
    const b = fresh();
    ip('netns', 'add', b);
    expect(tsip('netns', 'list').stdout.split('\n')).toContain(b);
    expect(tsip('netns', 'delete', b).status).toBe(0);
    expect(ip('netns', 'list').split('\n')).not.toContain(b);
  });

  it('lists with ids, in text and JSON, as ip does', () => {
    const a = fresh();
    ip('netns', 'add', a);
    expect(tsip('netns', 'set', a, '7').status).toBe(0);
    const mine = (out: string) => out.split('\n').filter((l) => l.startsWith(a));
    expect(mine(tsip('netns', 'list').stdout)).toEqual(mine(ip('netns', 'list')));
    expect(mine(tsip('netns', 'list').stdout)).toEqual([`${a} (id: 7)`]);
    const j = (out: string) => JSON.parse(out).filter((e: { name: string }) => e.name === a);
    expect(j(tsip('-j', 'netns', 'list').stdout)).toEqual(j(ip('-j', 'netns', 'list')));
    const ids = (out: string) => out.split('\n').filter((l) => l.includes(`name: ${a})`));
    expect(ids(tsip('netns', 'list-id').stdout)).toEqual(ids(ip('netns', 'list-id')));
  });

  it('execs inside the namespace, passing the exit status through', () => {
    const a = fresh();
    ip('netns', 'add', a);
    expect(tsip('netns', 'exec', a, 'sh', '-c', 'ls /sys/class/net; exit 7')).toEqual({ status: 7, stdout: 'lo\n', stderr: '' });
  });

  it.each([
    ['add', 'a/b'],
    ['delete', 'nonexistent-ns-x'],
    ['exec', 'nonexistent-ns-x', 'true'],
    ['add'],
    ['frobnicate'],
    ['pids', 'nonexistent-ns-x'],
    ['set', 'nonexistent-ns-x', '5'],
  ])('errs as ip does: netns %s %s', (...args) => {
    const ours = tsip('netns', ...args);
    const theirs = sh('ip', ['netns', ...args]);
    expect({ status: ours.status, stderr: ours.stderr.replace('"tsip ', '"ip ') }).toEqual({ status: theirs.status, stderr: theirs.stderr });
  });
});
