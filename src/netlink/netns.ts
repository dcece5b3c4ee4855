// The scoped namespace switch: run a synchronous function with the calling
// thread inside a network namespace, and always come back.
// setns(2), unshare(2): <sched.h>; CLONE_NEWNET: <linux/sched.h>.
//
// A network namespace belongs to a thread, not to the process. setns(2)
// moves only the calling thread; a socket keeps the namespace it was
// created in for ever. So tsip opens a socket inside a namespace like this:
//
//   open our own /proc/thread-self/ns/net      (the way back)
//   setns(target, CLONE_NEWNET)
//   try   { fd = socket(...) }                 (born inside the target)
//   finally { setns(self, CLONE_NEWNET) }      (back, whatever happened)
//
// Everything inside the window must be synchronous: an `await` would let
// unrelated code run on this thread while it is inside the namespace, and
// libuv's pool threads (async fs, dns) never follow setns at all.

import { closeSync, openSync, statSync } from 'node:fs';
import { CLONE_NEWNET } from './constants.js';
import { strerror } from './errno.js';
import { OsError, UsageError } from './errors.js';
import { setns, unshare } from './libc.js';

/** Where named namespaces live, as iproute2 keeps them. */
export const NETNS_RUN_DIR = '/run/netns';

/**
 * A network namespace: a name under /run/netns ("net1"), an absolute path
 * to a namespace file, a pid (its /proc/PID/ns/net), or an open fd.
 * A bare string is a name, or a path when it starts with "/".
 */
export type NetnsRef = string | { name: string } | { path: string } | { pid: number } | { fd: number };

/**
 * Check a namespace name as iproute2 does (ip/ipnetns.c: is_valid_netns_name):
 * not empty, shorter than NAME_MAX, no "/", not "." or "..".
 */
export function validateNetnsName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new UsageError('Invalid netns name ""');
  if (Buffer.byteLength(name) >= 255 || name.includes('/') || name === '.' || name === '..' || name.includes('\0')) {
    throw new UsageError(`Invalid netns name "${name}"`);
  }
}

/** The file behind a reference (undefined for an fd). */
export function netnsPath(ref: NetnsRef): string | undefined {
  if (typeof ref === 'string') {
    if (ref.startsWith('/')) return ref;
    validateNetnsName(ref);
    return `${NETNS_RUN_DIR}/${ref}`;
  }
  if ('name' in ref) {
    validateNetnsName(ref.name);
    return `${NETNS_RUN_DIR}/${ref.name}`;
  }
  if ('path' in ref) return ref.path;
  if ('pid' in ref) {
    if (!Number.isInteger(ref.pid) || ref.pid <= 0) throw new UsageError(`Invalid pid "${ref.pid}"`);
    return `/proc/${ref.pid}/ns/net`;
  }
  return undefined;
}

/** A short human name for a reference, for messages. */
export function netnsLabel(ref: NetnsRef): string {
  if (typeof ref === 'string') return ref;
  if ('name' in ref) return ref.name;
  if ('path' in ref) return ref.path;
  if ('pid' in ref) return `pid ${ref.pid}`;
  return `fd ${ref.fd}`;
}

/**
 * Open a namespace for setns(). Returns the fd and whether the caller owns
 * it (and must close it). A missing namespace is an OsError whose message
 * reads like iproute2's: Cannot open network namespace "x": No such file or directory.
 */
export function openNetns(ref: NetnsRef): { fd: number; owned: boolean } {
  if (typeof ref === 'object' && 'fd' in ref) return { fd: ref.fd, owned: false };
  const path = netnsPath(ref)!;
  try {
    return { fd: openSync(path, 'r'), owned: true };
  } catch (e) {
    throw osError(e, 'open', `Cannot open network namespace "${netnsLabel(ref)}"`);
  }
}

/**
 * An OsError from a failed node:fs call, worded `${what}: ${strerror}` as
 * iproute2 words its messages (errno and code stay on the error).
 */
export function osError(e: unknown, syscall: string, what: string): Error {
  const errno = -((e as NodeJS.ErrnoException)?.errno ?? 0);
  if (!(errno > 0)) return e as Error;
  const err = new OsError(syscall, errno);
  err.message = `${what}: ${strerror(errno)}`;
  return err;
}

const isAsync = (fn: Function) => fn.constructor?.name === 'AsyncFunction' || fn.constructor?.name === 'AsyncGeneratorFunction';

/**
 * Run `fn` with the calling thread inside the namespace `ref` and return its
 * result. The thread returns to its own namespace in every case, including
 * when `fn` throws. `fn` must be synchronous: an async function, or one that
 * returns a Promise, is refused (the namespace would leak to whatever code
 * ran while it waited).
 */
export function withNetns<T>(ref: NetnsRef | undefined, fn: () => T): T {
  refuseAsync(fn);
  if (ref === undefined) return refusePromise(fn());
  const target = openNetns(ref);
  try {
    return enterNetnsFd(target.fd, fn);
  } finally {
    if (target.owned) closeSync(target.fd);
  }
}

/** withNetns() for an fd already open. */
export function enterNetnsFd<T>(fd: number, fn: () => T): T {
  return switched(() => setns(fd, CLONE_NEWNET), fn);
}

/**
 * Run `fn` with the calling thread inside a brand-new network namespace
 * (unshare(CLONE_NEWNET)), then come back. The namespace lives on only if
 * `fn` pins it: a bind mount of /proc/thread-self/ns/net (ip netns add), an
 * open fd, a socket. Same rules as withNetns(): `fn` is synchronous.
 */
export function withNewNetns<T>(fn: () => T): T {
  return switched(() => unshare(CLONE_NEWNET), fn);
}

/**
 * The window itself: save the way back, `enter` (setns or unshare), run
 * `fn`, and return to the saved namespace whatever happened.
 */
function switched<T>(enter: () => void, fn: () => T): T {
  refuseAsync(fn);
  const self = openSelf();
  try {
    enter();
    let result: T;
    try {
      result = fn();
    } finally {
      returnOrAbort(self, CLONE_NEWNET);
    }
    return refusePromise(result);
  } finally {
    closeSync(self);
  }
}

/**
 * The way back: the calling thread's own namespace, open. Failing (no /proc)
 * is an OsError worded as ip words it (netns_save), not a bare fs error.
 */
function openSelf(): number {
  try {
    return openSync('/proc/thread-self/ns/net', 'r');
  } catch (e) {
    throw osError(e, 'open', 'Cannot open init namespace');
  }
}

/**
 * setns(fd, nstype) back into a namespace the thread came from. If that
 * fails the thread is stranded in a foreign namespace and nothing later on
 * it could be trusted: the process aborts rather than carry on there.
 */
export function returnOrAbort(fd: number, nstype: number): void {
  try {
    setns(fd, nstype);
  } catch (e) {
    process.stderr.write(`tsip: fatal: cannot return to the original namespace: ${(e as Error).message}\n`);
    process.abort();
  }
}

function refuseAsync(fn: Function): void {
  if (isAsync(fn)) {
    throw new UsageError('withNetns() needs a synchronous function: an await inside the namespace window would run unrelated code in the namespace');
  }
}

function refusePromise<T>(result: T): T {
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    (result as unknown as Promise<unknown>).catch?.(() => {});
    throw new UsageError('withNetns() needs a synchronous function, but it returned a Promise: the namespace window closed before it settled');
  }
  return result;
}

/** The inode of the calling thread's network namespace (to compare namespaces). */
export function currentNetnsInode(): bigint {
  return statSync('/proc/thread-self/ns/net', { bigint: true }).ino;
}
