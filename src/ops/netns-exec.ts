// ip netns exec NAME CMD [ARGS...]: run a command inside a named network
// namespace, with the view of the system a namespace-unaware program
// expects. iproute2 switches its own (single-threaded) process and then
// execs the command; tsip cannot exec itself away, so it arranges for the
// child to be born inside, and brings its own thread back:
//
//   save /proc/thread-self/ns/{net,mnt} and the working directory
//   setns(NAME, CLONE_NEWNET)
//   unshare(CLONE_NEWNS)             a mount namespace of the child's own
//   mount --make-rslave /            nothing below propagates back out
//   umount /sys; mount sysfs /sys    /sys/class/net lists NAME's links
//   mount --bind /etc/netns/NAME/F /etc/F, for each F
//   spawn(CMD)                       libuv forks on this thread: the child
//                                    is born in both namespaces
//   setns(saved mnt), fchdir(saved cwd), setns(saved net)
//
// The whole window is synchronous, on Node's main thread. Three facts make
// it work (each measured, see the tests):
// - unshare(CLONE_NEWNS) is allowed in a multithreaded process: it implies
//   CLONE_FS, which gives only the calling thread a private copy of its
//   root, working directory and umask (CLONE_NEWUSER is the flag refused).
// - setns() back into a mount namespace needs exactly that private copy
//   (the kernel refuses it while other threads share the fs_struct), and
//   moves the thread to the namespace's root directory: hence the fchdir.
// - The copy stays private afterwards. Node's main thread and libuv's pool
//   threads then keep separate working directories and umasks: a later
//   process.chdir() or process.umask() is not seen by async fs calls with
//   relative paths. Call execInNetns from a process that does not change
//   directory afterwards (the CLI) or use absolute paths.

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, constants as fsc, fstatSync, openSync, readdirSync, statSync } from 'node:fs';
import { constants as osc } from 'node:os';
import { CLONE_NEWNET, CLONE_NEWNS, MNT_DETACH, MS_BIND, MS_REC, MS_SLAVE } from '../netlink/constants.js';
import { OsError } from '../netlink/errors.js';
import { strerror } from '../netlink/errno.js';
import { defaultSignal, fchdir, mount, setns, umount2, unshare } from '../netlink/libc.js';
import { netnsLabel, openNetns, osError, returnOrAbort, type NetnsRef } from '../netlink/netns.js';

/** Where per-namespace configuration lives: /etc/netns/NAME/resolv.conf shadows /etc/resolv.conf. */
export const NETNS_ETC_DIR = '/etc/netns';

export interface ExecOptions {
  /** Default: inherit stdin, stdout and stderr. */
  stdio?: StdioOptions;
  env?: NodeJS.ProcessEnv;
  /** Forward SIGINT, SIGTERM and SIGHUP received by this process to the child. Default true. */
  forwardSignals?: boolean;
  /** Where the "Bind A -> B failed" warnings go. Default: stderr, as iproute2 prints them. */
  warn?: (message: string) => void;
}

/** How the child ended: `code` when it exited, `signal` when a signal killed it. */
export interface ExecResult {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * ip netns exec NAME CMD [ARGS...]
 *
 * Resolves when the command ends. A command that cannot be run rejects
 * with an OsError: exec of "CMD" failed: No such file or directory.
 */
export async function execInNetns(ns: NetnsRef, cmd: string, args: readonly string[] = [], opts: ExecOptions = {}): Promise<ExecResult> {
  const warnings: string[] = [];
  const child = spawnInside(ns, () => spawn(cmd, args, { stdio: opts.stdio ?? 'inherit', env: opts.env }), warnings);
  for (const w of warnings) (opts.warn ?? ((m) => process.stderr.write(`${m}\n`)))(w);
  return waitFor(child, cmd, opts.forwardSignals ?? true);
}

/**
 * Run `start` (which spawns the child) with the main thread inside the
 * namespace and a fresh mount namespace set up as `ip netns exec` sets it
 * up; then bring the thread back to its own namespaces and directory.
 */
function spawnInside(ns: NetnsRef, start: () => ChildProcess, warnings: string[]): ChildProcess {
  const name = typeof ns === 'string' && !ns.startsWith('/') ? ns : typeof ns === 'object' && 'name' in ns ? ns.name : undefined;
  const target = openNetns(ns);
  const net = openSync('/proc/thread-self/ns/net', 'r');
  const mnt = openSync('/proc/thread-self/ns/mnt', 'r');
  const cwd = openSync('.', fsc.O_RDONLY | fsc.O_DIRECTORY);
  try {
    setns(target.fd, CLONE_NEWNET);
    let unshared = false;
    try {
      unshare(CLONE_NEWNS);
      unshared = true;
      mount('', '/', 'none', MS_SLAVE | MS_REC);
      remountSys(name ?? netnsLabel(ns));
      if (name !== undefined) bindEtc(name, warnings);
      return start();
    } finally {
      if (unshared) returnOrAbort(mnt, CLONE_NEWNS);
      returnOrAbort(net, CLONE_NEWNET);
      checkBack(net, 'net');
      checkBack(mnt, 'mnt');
      if (unshared) fchdir(cwd); // setns(CLONE_NEWNS) left the thread at the root directory
    }
  } finally {
    for (const fd of [cwd, mnt, net]) closeSync(fd);
    if (target.owned) closeSync(target.fd);
  }
}

/** Abort if the thread is not in the namespace behind `fd` (the window must never leak). */
function checkBack(fd: number, kind: 'net' | 'mnt'): void {
  if (fstatSync(fd).ino !== statSync(`/proc/thread-self/ns/${kind}`).ino) {
    process.stderr.write(`tsip: fatal: the main thread did not return to its ${kind} namespace\n`);
    process.abort();
  }
}

/**
 * A sysfs mounted from inside the namespace shows that namespace's links
 * under /sys/class/net. The old /sys is detached first (only in this mount
 * namespace: / is a slave by now).
 */
function remountSys(source: string): void {
  try {
    umount2('/sys', MNT_DETACH);
  } catch {
    /* no sysfs mounted there: mount over whatever is */
  }
  mount(source, '/sys', 'sysfs', 0);
}

/** Bind each /etc/netns/NAME/F over /etc/F. A failure is a warning, as in iproute2. */
function bindEtc(name: string, warnings: string[]): void {
  const dir = `${NETNS_ETC_DIR}/${name}`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of entries) {
    try {
      mount(`${dir}/${f}`, `/etc/${f}`, 'none', MS_BIND);
    } catch (e) {
      warnings.push(`Bind ${dir}/${f} -> /etc/${f} failed: ${e instanceof OsError ? strerror(e.errno) : String(e)}`);
    }
  }
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Wait for the child's end, passing on the signals this process receives meanwhile. */
function waitFor(child: ChildProcess, cmd: string, forward: boolean): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const pass = (sig: NodeJS.Signals) => {
      child.kill(sig);
    };
    const signals = forward ? FORWARDED : [];
    for (const s of signals) process.on(s, pass);
    const stop = () => {
      for (const s of signals) process.off(s, pass);
    };
    child.once('error', (e) => {
      stop();
      reject(osError(e, 'exec', `exec of "${cmd}" failed`));
    });
    child.once('exit', (code, signal) => {
      stop();
      resolve({ pid: child.pid!, code, signal });
    });
  });
}

/**
 * End this process the way the child ended, as a shell reports it: exit
 * with its status, or die of the same signal (its default action restored
 * first: Node ignores SIGPIPE and handles SIGUSR1 itself). A signal whose
 * default action does not end a process gives status 128 + its number.
 */
export function exitLike(result: Pick<ExecResult, 'code' | 'signal'>): never {
  if (result.signal) {
    const signo = osc.signals[result.signal];
    defaultSignal(signo);
    process.kill(process.pid, result.signal);
    process.exit(128 + signo);
  }
  process.exit(result.code ?? 1);
}
