// The scoped switch: withNetns by name, path, pid and fd; the thread comes
// back whatever fn does; async work is refused, never run half inside.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { currentNetnsInode, withNetns, withNewNetns, type NetnsRef } from '../../src/netlink/netns.js';
import { addNetns, listNetnsPids } from '../../src/ops/netns.js';
import { privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

const here = () => statSync('/proc/thread-self/ns/net').ino;

privileged('withNetns: the scoped namespace switch', () => {
  let name = '';
  let home = 0;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    name = uniqueName('sw');
    await addNetns(name);
    home = here();
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    removeNetns(name);
    // Whatever a test did, the thread must be home before anything else runs.
    expect(here()).toBe(home);
  });

  it('enters by name, path, pid and fd, and comes back', async () => {
    const target = statSync(`/run/netns/${name}`).ino;
    const child = spawn('ip', ['netns', 'exec', name, 'sleep', '30'], { stdio: 'ignore' });
    children.push(child);
    for (let i = 0; i < 200 && !(await listNetnsPids(name)).includes(child.pid!); i++) await new Promise((r) => setTimeout(r, 10));
    const fd = openSync(`/run/netns/${name}`, 'r');
    try {
      const refs: NetnsRef[] = [name, { name }, `/run/netns/${name}`, { path: `/run/netns/${name}` }, { pid: child.pid! }, { fd }];
      for (const ref of refs) {
        expect(withNetns(ref, () => here())).toBe(target);
        expect(here()).toBe(home);
      }
    } finally {
      closeSync(fd);
    }
    // Synchronous reads of /proc/sys/net inside see the namespace (its own lo only).
    expect(withNetns(name, () => readFileSync('/proc/net/dev', 'utf8')).match(/^\s*(\w+):/gm)!.map((s) => s.trim())).toEqual(['lo:']);
  });

  it('comes back when fn throws, and the error passes through', () => {
    const boom = new Error('boom');
    expect(() => withNetns(name, () => {
      expect(here()).not.toBe(home);
      throw boom;
    })).toThrow(boom);
    expect(here()).toBe(home);
    expect(currentNetnsInode()).toBe(BigInt(home));
  });

  it('refuses an async function before switching, and a returned Promise after coming back', () => {
    let ran = false;
    expect(() => withNetns(name, async () => {
      ran = true;
    })).toThrow(/needs a synchronous function/);
    expect(ran).toBe(false);
    expect(here()).toBe(home);

    let insideAt = 0;
    expect(() => withNetns(name, () => {
      insideAt = here();
      return new Promise((r) => setTimeout(r, 1));
    })).toThrow(/returned a Promise/);
    expect(insideAt).not.toBe(home);
    expect(here()).toBe(home);
    // Without a namespace too: the rule does not depend on the argument.
    expect(() => withNetns(undefined, () => Promise.resolve(1))).toThrow(/returned a Promise/);
  });

  it('an unknown namespace is an error naming it, as iproute2 words it', () => {
    const missing = uniqueName('missing');
    expect(() => withNetns(missing, () => 1)).toThrow(`Cannot open network namespace "${missing}": No such file or directory`);
    expect(() => withNetns('../etc', () => 1)).toThrow('Invalid netns name "../etc"');
    expect(here()).toBe(home);
  });

  it('withNewNetns runs fn in a namespace of its own, then comes back', () => {
    const inside = withNewNetns(() => here());
    expect(inside).not.toBe(home);
    expect(inside).not.toBe(statSync(`/run/netns/${name}`).ino);
    expect(() => withNewNetns(() => {
      throw new Error('x');
    })).toThrow('x');
    expect(here()).toBe(home);
  });
});
