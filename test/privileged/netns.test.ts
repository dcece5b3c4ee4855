// ip netns add/delete/list/list-id/set/identify/pids/attach, against
// iproute2 in both directions: namespaces tsip makes work with `ip netns`,
// and namespaces `ip netns add` makes work with tsip.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { currentNetnsInode } from '../../src/netlink/netns.js';
import {
  addNetns, attachNetns, deleteNetns, identifyNetns, listNetns, listNetnsIds, listNetnsPids, setNetnsId,
} from '../../src/ops/netns.js';
import { ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

/** Mount table lines for /run/netns/NAME (exactly that file). */
const mountsOf = (name: string) =>
  readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.split(' ')[4] === `/run/netns/${name}`);

const ipNetnsNames = () => ip('netns', 'list').split('\n').filter(Boolean).map((l) => l.split(' ')[0]);

privileged('ip netns: add, delete, list, ids, identify, pids, attach', () => {
  const made: string[] = [];
  const children: ChildProcess[] = [];
  /** A unique name, removed after the test whatever happens. */
  const fresh = () => {
    const n = uniqueName('ns');
    made.push(n);
    return n;
  };
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const n of made.splice(0)) removeNetns(n);
  });
  /** `sleep` running inside NAME (started through iproute2); resolves with its pid. */
  const sleeper = (name: string) => {
    const c = spawn('ip', ['netns', 'exec', name, 'sleep', '30'], { stdio: 'ignore' });
    children.push(c);
    return c;
  };
  const waitForPid = async (name: string, pid: number) => {
    for (let i = 0; i < 200 && !(await listNetnsPids(name)).includes(pid); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('add: ip netns lists it, ip netns exec runs in it, the thread stays home', async () => {
    const name = fresh();
    const home = currentNetnsInode();
    await addNetns(name);
    expect(currentNetnsInode()).toBe(home);
    expect(ipNetnsNames()).toContain(name);
    const links = JSON.parse(ip('netns', 'exec', name, 'ip', '-j', 'link', 'show'));
    expect(links.map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
    expect(statSync(`/run/netns/${name}`).ino).not.toBe(Number(home));
    expect(mountsOf(name)).toHaveLength(1);
    expect(mountsOf(name)[0]).toContain(' - nsfs ');
  });

  it('a namespace made by ip netns add: tsip lists it, uses it and deletes it', async () => {
    const name = fresh();
    ip('netns', 'add', name);
    ip('-n', name, 'link', 'add', 'tsipv0', 'type', 'veth', 'peer', 'name', 'tsipv1');
    expect((await listNetns()).map((e) => e.name)).toContain(name);
    const pid = sleeper(name).pid!;
    await waitForPid(name, pid);
    expect(await identifyNetns(pid)).toEqual([name]);
    await deleteNetns(name);
    expect(ipNetnsNames()).not.toContain(name);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
    expect(mountsOf(name)).toEqual([]);
  });

  it('delete: an unknown name is an error naming the file, and nothing else is touched', async () => {
    const name = fresh();
    const before = readdirSync('/run/netns').length;
    await expect(deleteNetns(name)).rejects.toThrow(`Cannot remove namespace file "/run/netns/${name}": No such file or directory`);
    await expect(deleteNetns(name)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync('/run/netns').length).toBe(before);
  });

  it('a failed add leaves no file and no mount, and never harms an existing namespace', async () => {
    const name = fresh();
    await addNetns(name);
    const ino = statSync(`/run/netns/${name}`).ino;
    await expect(addNetns(name)).rejects.toThrow(`Cannot create namespace file "/run/netns/${name}": File exists`);
    expect(statSync(`/run/netns/${name}`).ino).toBe(ino); // same namespace, still mounted once
    expect(mountsOf(name)).toHaveLength(1);

    for (const bad of ['../x', '.', '..', 'a/b', '', 'x'.repeat(255), 'a\0b']) {
      await expect(addNetns(bad)).rejects.toThrow(/Invalid netns name/);
    }
    expect(existsSync('/run/x')).toBe(false);

    // A failure after the file exists: attach to a process that is not there.
    const other = fresh();
    await expect(attachNetns(other, 2 ** 22 + 1)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(`/run/netns/${other}`)).toBe(false);
    expect(mountsOf(other)).toEqual([]);
  });

  it('set and list ids as ip netns list / list-id print them (ids given inside a fresh namespace)', async () => {
    const [host, a, b] = [fresh(), fresh(), fresh()];
    for (const n of [host, a, b]) await addNetns(n);
    await setNetnsId(a, 7, { netns: host });
    await setNetnsId(b, 'auto', { netns: host });

    const list = await listNetns({ netns: host });
    const asIp = list.map((e) => (e.id === undefined ? e.name : `${e.name} (id: ${e.id})`));
    expect(asIp).toEqual(ip('-n', host, 'netns', 'list').split('\n').filter(Boolean));
    expect(list.find((e) => e.name === a)).toEqual({ name: a, id: 7 });
    const idB = list.find((e) => e.name === b)!.id;
    expect(idB).toBeGreaterThanOrEqual(0);

    const ids = await listNetnsIds({ netns: host });
    const idLines = ids.map((e) => `nsid ${e.nsid} ${e.name ? `(iproute2 netns name: ${e.name})` : ''}`);
    expect(idLines.sort()).toEqual(ip('-n', host, 'netns', 'list-id').split('\n').filter(Boolean).sort());
    expect(ids).toContainEqual({ nsid: 7, name: a });
    expect(ids).toContainEqual({ nsid: idB, name: b });

    await expect(setNetnsId(b, 7, { netns: host })).rejects.toThrow(/File exists|already/);
    await expect(setNetnsId(b, -5, { netns: host })).rejects.toThrow(/Invalid "netnsid" value/);
    await expect(setNetnsId(fresh(), 3, { netns: host })).rejects.toThrow(/Cannot open network namespace ".*": No such file or directory/);
  });

  it('identify and pids find processes by the namespace file they share', async () => {
    const name = fresh();
    await addNetns(name);
    const pid = sleeper(name).pid!;
    await waitForPid(name, pid);
    expect(await listNetnsPids(name)).toEqual(ip('netns', 'pids', name).split('\n').filter(Boolean).map(Number));
    expect(await listNetnsPids(name)).toContain(pid);
    expect(await identifyNetns(pid)).toEqual([name]);
    expect(await identifyNetns()).not.toContain(name);
    await expect(listNetnsPids(fresh())).rejects.toThrow(/Cannot open network namespace ".*": No such file or directory/);
  });

  it('attach names the namespace a process is in; ip netns sees both names', async () => {
    const [name, alias] = [fresh(), fresh()];
    await addNetns(name);
    const pid = sleeper(name).pid!;
    await waitForPid(name, pid);
    await attachNetns(alias, pid);
    expect((await identifyNetns(pid)).sort()).toEqual([name, alias].sort());
    // iproute2 6.1 prints only the first name it finds; tsip returns all.
    expect([name, alias]).toContain(ip('netns', 'identify', String(pid)).trim());
    await deleteNetns(alias);
    expect(await identifyNetns(pid)).toEqual([name]);
    expect(mountsOf(alias)).toEqual([]);
  });

  it('200 add/delete cycles leave no mount and no open fd behind', async () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const prefix = uniqueName('cyc');
    const name = (i: number) => `${prefix}-${i}`;
    await addNetns(name(-1)); // warm up: /run/netns set up, modules loaded
    await deleteNetns(name(-1));
    const before = fds();
    const t0 = performance.now();
    try {
      for (let i = 0; i < 200; i++) {
        made.push(name(i));
        await addNetns(name(i));
        await deleteNetns(name(i));
        made.pop();
      }
    } finally {
      const ms = (performance.now() - t0) / 200;
      console.log(`netns add+delete: ${ms.toFixed(2)} ms per cycle`);
    }
    expect(fds()).toBe(before);
    const left = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(`/run/netns/${prefix}-`));
    expect(left).toEqual([]);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  }, 120_000);
});
