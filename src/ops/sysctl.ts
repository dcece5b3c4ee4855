// Kernel parameters under /proc/sys, read and written inside a namespace.
//
// /proc/sys/net shows the network namespace of whoever opens the file, and
// a file stays bound to the namespace it was opened in. So the open, the
// read or write, and the close all happen with the thread inside the
// namespace, synchronously: async fs runs on libuv's pool threads, which
// never follow setns() and would read the host's values.

import { closeSync, openSync, readFileSync, writeSync, constants as fsc } from 'node:fs';
import { UsageError } from '../netlink/errors.js';
import { osError, withNetns, type NetnsRef } from '../netlink/netns.js';

export interface SysctlOptions {
  /** The namespace to read or write in: name, path, { pid } or { fd }. The caller's own when absent. */
  netns?: NetnsRef;
}

/**
 * The file behind a key, as sysctl(8) maps it. Dots separate the parts of
 * "net.ipv4.ip_forward", and a "/" inside a part stands for a dot in a file
 * name ("net.ipv4.conf.eth0/10.rp_filter" is conf/eth0.10/rp_filter). A key
 * written with slashes ("net/ipv4/ip_forward") keeps its dots as they are.
 */
export function sysctlPath(key: string): string {
  if (typeof key !== 'string') throw new UsageError(`sysctl: "${key}" is an invalid key`);
  const firstSep = key.search(/[./]/);
  const parts = firstSep >= 0 && key[firstSep] === '/'
    ? key.split('/')
    : key.split('.').map((p) => p.replaceAll('/', '.'));
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) {
    throw new UsageError(`sysctl: "${key}" is an invalid key`);
  }
  return `/proc/sys/${parts.join('/')}`;
}

/** sysctl -n KEY (in a namespace: ip netns exec NAME sysctl -n KEY) */
export async function getSysctl(key: string, opts: SysctlOptions = {}): Promise<string> {
  const path = sysctlPath(key);
  return withNetns(opts.netns, () => {
    try {
      return readFileSync(path, 'utf8').replace(/\n$/, '');
    } catch (e) {
      // procps stats the file first, so a missing key reads "cannot stat".
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw osError(e, 'read', `sysctl: cannot ${missing ? 'stat' : 'read'} ${path}`);
    }
  });
}

/** sysctl -w KEY=VALUE (in a namespace: ip netns exec NAME sysctl -w KEY=VALUE) */
export async function setSysctl(key: string, value: string | number | boolean, opts: SysctlOptions = {}): Promise<void> {
  const path = sysctlPath(key);
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  withNetns(opts.netns, () => {
    let fd: number;
    try {
      // O_WRONLY without O_CREAT or O_TRUNC: some keys are write-only
      // (net.ipv4.route.flush), and none may be created.
      fd = openSync(path, fsc.O_WRONLY);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        // procps' words, without the strerror (sysctl.c WriteSetting)
        const err = osError(e, 'open', 'sysctl');
        err.message = `sysctl: permission denied on key "${key.replaceAll('/', '.')}"`;
        throw err;
      }
      throw osError(e, 'open', `sysctl: cannot stat ${path}`);
    }
    try {
      writeSync(fd, text);
    } catch (e) {
      throw osError(e, 'write', `sysctl: setting key "${key}"`);
    } finally {
      closeSync(fd);
    }
  });
}
