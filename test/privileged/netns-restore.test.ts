// The thread comes home after every failure path of the namespace switch,
// proven by the inode of /proc/thread-self/ns/net before and after: a
// throwing callback (an Error, or not an Error at all), a failed setns (a bad
// fd, an fd that is no namespace, a namespace of another kind), a failed
// socket() inside the namespace (an invalid protocol), a failure after the
// socket exists (bind), failing operations, nested switches. No fd is left
// open by any of them. And if the way back itself fails, the process aborts
// rather than run on in a foreign namespace.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { NetlinkError, OsError, UsageError } from '../../src/netlink/errors.js';
import * as libc from '../../src/netlink/libc.js';
import { currentNetnsInode, enterNetnsFd, withNetns, withNewNetns } from '../../src/netlink/netns.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket, type Syscalls } from '../../src/netlink/socket.js';
import { addAddress } from '../../src/ops/address.js';
import { addLink, getLink, setLink } from '../../src/ops/link.js';
import { listRoutes } from '../../src/ops/route.js';
import { addNetns, deleteNetns } from '../../src/ops/netns.js';
import { privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

const here = () => statSync('/proc/thread-self/ns/net').ino;
const fds = () => readdirSync('/proc/self/fd').length;

/** What `fn` threw (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

privileged('namespace restore: every failure path comes home', () => {
  let ns = '';
  let other = '';
  let home = 0;
  let openFds = 0;
  beforeEach(async () => {
    ns = uniqueName('rs');
    other = uniqueName('rs2');
    await addNetns(ns);
    await addNetns(other);
    home = here();
    openFds = fds();
  });
  afterEach(() => {
    // Whatever the test did: home, and nothing left open.
    expect(here()).toBe(home);
    expect(fds()).toBe(openFds);
    removeNetns(ns);
    if (other) removeNetns(other);
  });

  it('a throwing callback: the Error passes through, and so do a string, undefined and an object', () => {
    const target = statSync(`/run/netns/${ns}`).ino;
    for (const value of [new Error('boom'), 'a string', undefined, 42, { reason: 'x' }]) {
      let inside = 0;
      const e = thrown(() => withNetns(ns, () => {
        inside = here();
        throw value;
      }));
      expect(e).toBe(value);
      expect(inside).toBe(target);
      expect(here()).toBe(home);
      expect(currentNetnsInode()).toBe(BigInt(home));
    }
  });

  it('a failed setns: a bad fd (EBADF), an fd that is no namespace (EINVAL), a namespace of another kind (EINVAL)', () => {
    let ran = false;
    const bad = thrown(() => withNetns({ fd: 987_654 }, () => (ran = true)));
    expect(bad).toBeInstanceOf(OsError);
    expect(bad).toMatchObject({ syscall: 'setns', code: 'EBADF' });

    const devnull = openSync('/dev/null', 'r');
    const uts = openSync('/proc/self/ns/uts', 'r');
    try {
      expect(thrown(() => withNetns({ fd: devnull }, () => (ran = true)))).toMatchObject({ syscall: 'setns', code: 'EINVAL' });
      expect(thrown(() => enterNetnsFd(uts, () => (ran = true)))).toMatchObject({ syscall: 'setns', code: 'EINVAL' });
      // a path that exists but is no namespace file
      expect(thrown(() => withNetns('/dev/null', () => (ran = true)))).toMatchObject({ syscall: 'setns', code: 'EINVAL' });
    } finally {
      closeSync(devnull);
      closeSync(uts);
    }
    expect(ran).toBe(false);
    expect(here()).toBe(home);
  });

  it('an unknown namespace and a bad name fail before any switch', () => {
    expect(thrown(() => withNetns(uniqueName('missing'), () => 1))).toMatchObject({ code: 'ENOENT' });
    expect(thrown(() => withNetns('../../proc/1/ns/net', () => 1))).toBeInstanceOf(UsageError);
    expect(thrown(() => withNetns({ pid: -3 }, () => 1))).toBeInstanceOf(UsageError);
    expect(thrown(() => withNetns({ pid: 2 ** 22 + 7 }, () => 1))).toMatchObject({ code: 'ENOENT' });
  });

  it('a failed socket() inside the namespace (an invalid protocol): EPROTONOSUPPORT, the thread home, no fd left', () => {
    for (const id of [31, 99, -1]) {
      const e = thrown(() => NetlinkSocket.open({ ...NETLINK_ROUTE_PROTOCOL, id }, { netns: ns }));
      expect(e).toBeInstanceOf(OsError);
      expect((e as OsError).syscall).toBe('socket');
      expect(['EPROTONOSUPPORT', 'EINVAL']).toContain((e as OsError).code);
      expect(here()).toBe(home);
    }
  });

  it('a failure after the socket exists (bind fails): the socket is closed, the thread home', () => {
    const made: number[] = [];
    const closed: number[] = [];
    const sys: Syscalls = {
      ...libc,
      socket: (d, t, p) => {
        const fd = libc.socket(d, t, p);
        made.push(fd);
        return fd;
      },
      bind: () => {
        throw new OsError('bind', 98 /* EADDRINUSE */);
      },
      close: (fd) => {
        closed.push(fd);
        libc.close(fd);
      },
    };
    expect(thrown(() => NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, { netns: ns, sys }))).toMatchObject({ code: 'EADDRINUSE' });
    expect(closed).toEqual(made);
    expect(made).toHaveLength(1);
  });

  it('the socket is born inside: a socket opened in the namespace sees its links, not ours', async () => {
    const sock = NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, { netns: ns });
    try {
      expect(here()).toBe(home);
      const fdNs = statSync(`/proc/self/fd/${sock.fd}`); // a socket: its namespace is asked of the kernel below
      expect(fdNs.isSocket()).toBe(true);
      await addLink({ kind: 'ifb', name: 'only-there' }, { socket: sock });
      expect((await getLink('only-there', { socket: sock })).name).toBe('only-there');
      await expect(getLink('only-there')).rejects.toThrow('Cannot find device "only-there"');
    } finally {
      sock.close();
    }
  });

  it('failing operations: kernel refusals, bad input, unknown devices and namespaces', async () => {
    const failures: Array<Promise<unknown>> = [
      addLink({ kind: 'ifb', name: 'lo' }, { netns: ns }), // EEXIST from the kernel
      addLink({ kind: 'veth', name: 'v0', options: { peer: { name: 'v1', netns: uniqueName('nope') } } }, { netns: ns }),
      setLink('nosuch0', { up: true }, { netns: ns }),
      addAddress({ dev: 'nosuch0', address: '10.0.0.1/24' }, { netns: ns }),
      addAddress({ dev: 'lo', address: '10.0.0.1/33' }, { netns: ns }),
      getLink('lo', { netns: uniqueName('nope') }),
      listRoutes({ netns: '../x' }),
    ];
    for (const p of failures) {
      const e = await rejected(p);
      expect(e instanceof NetlinkError || e instanceof OsError || e instanceof UsageError, String(e)).toBe(true);
      expect(here()).toBe(home);
    }
  });

  it('nested switches: a throw in the inner one comes back to the outer, then home', () => {
    const a = statSync(`/run/netns/${ns}`).ino;
    const b = statSync(`/run/netns/${other}`).ino;
    const seen: number[] = [];
    expect(thrown(() => withNetns(ns, () => {
      seen.push(here());
      expect(thrown(() => withNetns(other, () => {
        seen.push(here());
        throw new Error('inner');
      }))).toMatchObject({ message: 'inner' });
      seen.push(here());
      withNewNetns(() => seen.push(here()));
      seen.push(here());
      throw new Error('outer');
    }))).toMatchObject({ message: 'outer' });
    expect(seen.slice(0, 3)).toEqual([a, b, a]);
    expect(seen[3]).not.toBe(a);
    expect(seen[4]).toBe(a);
    expect(here()).toBe(home);
  });

  it('withNewNetns: a throw, and a refused Promise, come home', () => {
    expect(thrown(() => withNewNetns(() => {
      throw new RangeError('r');
    }))).toBeInstanceOf(RangeError);
    expect(thrown(() => withNewNetns(() => Promise.resolve(1)))).toBeInstanceOf(UsageError);
  });

  it('2,000 failures in a row, of every kind: the same inode, the same fd count', async () => {
    const devnull = openSync('/dev/null', 'r');
    try {
      for (let i = 0; i < 2000; i++) {
        switch (i % 5) {
          case 0: thrown(() => withNetns(ns, () => { throw new Error('x'); })); break;
          case 1: thrown(() => withNetns({ fd: devnull }, () => 1)); break;
          case 2: thrown(() => NetlinkSocket.open({ ...NETLINK_ROUTE_PROTOCOL, id: 31 }, { netns: ns })); break;
          case 3: await rejected(setLink('nosuch0', { mtu: 1400 }, { netns: ns })); break;
          case 4: thrown(() => withNetns(uniqueName('missing'), () => 1)); break;
        }
      }
    } finally {
      closeSync(devnull);
    }
    expect(here()).toBe(home);
  }, 60_000);

  it('if the way back fails, the process aborts rather than run on in the foreign namespace', async () => {
    // A child whose callback closes the fd the switch saved to come home by.
    const script = fileURLToPath(new URL('../helpers/netns-strand.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, ns], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    expect(r.signal).toBe('SIGABRT');
    expect(r.stderr).toContain('tsip: fatal: cannot return to the original namespace');
    expect(r.stdout).toBe('');
  });

  it('ns files stay put: the failures above touched no namespace', async () => {
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(`net:[${home}]`);
    await deleteNetns(other);
    other = '';
  });
});
