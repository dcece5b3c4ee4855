// Named network namespaces, kept the way iproute2 keeps them: a namespace
// is named by bind-mounting its nsfs file (/proc/thread-self/ns/net) onto
// an empty file /run/netns/NAME. The mount keeps the namespace alive with
// no process in it; unmounting and unlinking the file lets it go. So
// `ip netns` and tsip see and manage the same namespaces.
//
//   add NAME       mkdir /run/netns; make it a shared mount point
//                  create /run/netns/NAME (O_EXCL)
//                  unshare(CLONE_NEWNET) on this thread
//                  mount --bind /proc/thread-self/ns/net /run/netns/NAME
//                  setns back to where the thread was
//   delete NAME    umount2(MNT_DETACH), unlink
//
// The functions are async for a uniform API, but every namespace window in
// them is synchronous: nothing is awaited while the thread is elsewhere.

import { closeSync, constants as fsc, mkdirSync, opendirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { AF_UNSPEC, MNT_DETACH, MS_BIND, MS_REC, MS_SHARED, UMOUNT_NOFOLLOW } from '../netlink/constants.js';
import { strerror } from '../netlink/errno.js';
import { OsError, UsageError } from '../netlink/errors.js';
import { mount, umount2 } from '../netlink/libc.js';
import { NETNS_RUN_DIR, osError, validateNetnsName, withNewNetns } from '../netlink/netns.js';
import { NETNSA_NSID_NOT_ASSIGNED, nsid as nsidFamily, type NsidMessage } from '../netlink/rtnl/nsid.js';
import { RTM } from '../netlink/rtnl/constants.js';
import { decodeBody, encodeBody, type Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';

/** A named namespace as `ip netns list` shows it: "net1 (id: 0)". */
export interface NetnsEntry {
  name: string;
  /** Its nsid as seen from the namespace asked in; absent when none is assigned. */
  id?: number;
}

/** A peer as `ip netns list-id` shows it: "nsid 0 (iproute2 netns name: net1)". */
export interface NsidEntry {
  nsid: number;
  /** With targetNsid: the id the target gives to the same peer (NETNSA_CURRENT_NSID). */
  currentNsid?: number;
  /** The name under /run/netns of the peer, when it has one. */
  name?: string;
}

const fileOf = (name: string) => {
  validateNetnsName(name);
  return `${NETNS_RUN_DIR}/${name}`;
};

/** ip netns add NAME */
export async function addNetns(name: string): Promise<void> {
  createNamed(name, (file) => {
    try {
      withNewNetns(() => mount('/proc/thread-self/ns/net', file, 'none', MS_BIND));
    } catch (e) {
      if (e instanceof OsError && e.syscall === 'unshare') reword(e, `Failed to create a new network namespace "${name}"`);
      if (e instanceof OsError && e.syscall === 'mount') reword(e, `Bind /proc/self/ns/net -> ${file} failed`);
      throw e;
    }
  });
}

/** The OsError `e`, its message worded as iproute2 words it: `${what}: ${strerror}` (errno and code kept). */
function reword(e: unknown, what: string): unknown {
  if (e instanceof OsError) e.message = `${what}: ${strerror(e.errno)}`;
  return e;
}

/** ip netns attach NAME PID: name the namespace process PID is in. */
export async function attachNetns(name: string, pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) throw new UsageError(`Invalid pid "${pid}"`);
  createNamed(name, (file) => {
    try {
      mount(`/proc/${pid}/ns/net`, file, 'none', MS_BIND);
    } catch (e) {
      throw reword(e, `Bind /proc/${pid}/ns/net -> ${file} failed`);
    }
  });
}

/**
 * Create /run/netns/NAME and let `bind` mount a namespace on it. On any
 * failure after the file exists, the file is removed: a failed add leaves
 * neither file nor mount. A name already taken fails before anything.
 */
function createNamed(name: string, bind: (file: string) => void): void {
  const file = fileOf(name);
  prepareRunDir();
  try {
    closeSync(openSync(file, fsc.O_RDONLY | fsc.O_CREAT | fsc.O_EXCL, 0));
  } catch (e) {
    throw osError(e, 'open', `Cannot create namespace file "${file}"`);
  }
  try {
    bind(file);
  } catch (e) {
    unlinkSync(file); // the mount is the last step: when it failed there is none
    throw e;
  }
}

/**
 * mkdir -p /run/netns, then make it a shared mount (mount --make-rshared),
 * so that a namespace unmounted in one mount namespace is unmounted in all
 * (the copies `ip netns exec` makes included) and can be freed. The
 * directory is made a mount point first (bind onto itself) when it is not.
 */
function prepareRunDir(): void {
  mkdirSync(NETNS_RUN_DIR, { recursive: true, mode: 0o755 });
  // ip's words when these fail (an unprivileged user: EPERM)
  const shared = () => {
    try {
      mount('', NETNS_RUN_DIR, 'none', MS_SHARED | MS_REC);
    } catch (e) {
      throw reword(e, `mount --make-shared ${NETNS_RUN_DIR} failed`);
    }
  };
  try {
    shared();
  } catch (e) {
    if (!(e instanceof OsError && e.code === 'EINVAL')) throw e;
    try {
      mount(NETNS_RUN_DIR, NETNS_RUN_DIR, 'none', MS_BIND);
    } catch (e2) {
      throw reword(e2, `mount --bind ${NETNS_RUN_DIR} ${NETNS_RUN_DIR} failed`);
    }
    shared();
  }
}

/** ip netns delete NAME */
export async function deleteNetns(name: string): Promise<void> {
  const file = fileOf(name);
  try {
    // NOFOLLOW: a symlink planted in /run/netns must not detach what it points at.
    umount2(file, MNT_DETACH | UMOUNT_NOFOLLOW);
  } catch {
    /* not mounted (or not there): unlink says which */
  }
  try {
    unlinkSync(file);
  } catch (e) {
    throw osError(e, 'unlink', `Cannot remove namespace file "${file}"`);
  }
}

/** The names under /run/netns, in directory order (as `ip netns list` prints them). */
function names(): string[] {
  let dir;
  try {
    dir = opendirSync(NETNS_RUN_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: string[] = [];
  try {
    for (let d = dir.readSync(); d; d = dir.readSync()) out.push(d.name);
  } finally {
    dir.closeSync();
  }
  return out;
}

/**
 * The nsid the socket's namespace gives to the namespace in `file`
 * (RTM_GETNSID with NETNSA_FD), or undefined when none is assigned or the
 * file is no namespace.
 */
function nsidOf(sock: NetlinkSocket, file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const [reply] = sock.request(RTM.RTM_GETNSID, 0, (w) => encodeBody(nsidFamily, { rtgen_family: AF_UNSPEC, attrs: { NETNSA_FD: fd } }, w), decodeNsid);
    const id = reply?.attrs.NETNSA_NSID as number | undefined;
    return id === undefined || id < 0 ? undefined : id;
  } catch {
    return undefined; // iproute2 prints no id then, too
  } finally {
    closeSync(fd);
  }
}

const decodeNsid = (m: { buf: Buffer; start: number; end: number }) => decodeBody(nsidFamily, m.buf, m.start, m.end) as NsidMessage;

/**
 * ip netns list
 *
 * The ids are those the caller's namespace gives (or `opts.netns`'s, as
 * `ip -n NS netns list` shows them).
 */
export async function listNetns(opts: OpOptions = {}): Promise<NetnsEntry[]> {
  return withRtnl(opts, (sock) => names().map((name) => {
    const id = nsidOf(sock, `${NETNS_RUN_DIR}/${name}`);
    return id === undefined ? { name } : { name, id };
  }));
}

/**
 * ip netns list-id [target-nsid N]
 *
 * Every peer the namespace has given an id to (RTM_GETNSID dump), with its
 * name under /run/netns when it has one. With `targetNsid`, the ids the
 * peer of that id gives instead (NETNSA_TARGET_NSID).
 */
export async function listNetnsIds(opts: OpOptions & { targetNsid?: number } = {}): Promise<NsidEntry[]> {
  return withRtnl(opts, (sock) => {
    const attrs: Attrs = opts.targetNsid === undefined ? {} : { NETNSA_TARGET_NSID: opts.targetNsid };
    const peers = sock.dump(RTM.RTM_GETNSID, 0, (w) => encodeBody(nsidFamily, { rtgen_family: AF_UNSPEC, attrs }, w), decodeNsid);
    const byId = new Map<number, string>();
    for (const name of names()) {
      const id = nsidOf(sock, `${NETNS_RUN_DIR}/${name}`);
      if (id !== undefined && !byId.has(id)) byId.set(id, name);
    }
    return peers.map((p) => {
      const e: NsidEntry = { nsid: p.attrs.NETNSA_NSID as number };
      const current = p.attrs.NETNSA_CURRENT_NSID as number | undefined;
      if (current !== undefined) e.currentNsid = current;
      const name = byId.get(current ?? e.nsid);
      if (name !== undefined) e.name = name;
      return e;
    });
  });
}

/**
 * ip netns set NAME NSID
 *
 * Give the namespace NAME the id `nsid` in the caller's namespace (or in
 * `opts.netns`). "auto" lets the kernel choose the next free one.
 */
export async function setNetnsId(name: string, nsid: number | 'auto', opts: OpOptions = {}): Promise<void> {
  const id = nsid === 'auto' ? NETNSA_NSID_NOT_ASSIGNED : nsid;
  if (!Number.isInteger(id) || id < -1 || id >= 0x7fffffff) throw new UsageError(`Error: argument "${nsid}" is wrong: Invalid "netnsid" value`);
  const file = fileOf(name);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw osError(e, 'open', `Cannot open network namespace "${name}"`);
  }
  try {
    withRtnl(opts, (sock) => sock.request(RTM.RTM_NEWNSID, 0, (w) =>
      encodeBody(nsidFamily, { rtgen_family: AF_UNSPEC, attrs: { NETNSA_FD: fd, NETNSA_NSID: id } }, w)));
  } finally {
    closeSync(fd);
  }
}

/** Device and inode of a namespace file: equal pairs are the same namespace. */
function nsKey(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** ip netns identify [PID]: the names of the namespace process PID (default: this one) is in. */
export async function identifyNetns(pid?: number): Promise<string[]> {
  if (pid !== undefined && (!Number.isInteger(pid) || pid <= 0)) throw new UsageError(`Specified string '${pid}' is not a pid`);
  const path = `/proc/${pid ?? 'self'}/ns/net`;
  const key = nsKey(path);
  if (key === undefined) {
    try {
      statSync(path);
    } catch (e) {
      throw osError(e, 'stat', 'Cannot open network namespace');
    }
  }
  return names().filter((name) => nsKey(`${NETNS_RUN_DIR}/${name}`) === key);
}

/** ip netns pids NAME: the processes whose network namespace is NAME. */
export async function listNetnsPids(name: string): Promise<number[]> {
  const file = fileOf(name);
  const key = nsKey(file);
  if (key === undefined) {
    try {
      statSync(file);
    } catch (e) {
      throw osError(e, 'stat', `Cannot open network namespace "${name}"`);
    }
  }
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && nsKey(`/proc/${d}/ns/net`) === key)
    .map(Number)
    .sort((a, b) => a - b);
}

