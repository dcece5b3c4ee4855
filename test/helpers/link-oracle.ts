// `ip -j -d link show` as the oracle for the link ops' results.

import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { expect } from 'vitest';
import type { Link } from '../../src/ops/link-view.js';
import { ip, ipJson, removeNetns, uniqueName } from './privileged.js';

/** `ip -n NS -j -d link show dev NAME`, the one object. */
export function ipLink(ns: string, name: string): any {
  const [j] = ipJson(ns, '-d', 'link', 'show', 'dev', name);
  return j;
}

/** Every link ip sees in NS, by name. */
export function ipLinkNames(ns: string): string[] {
  return ipJson(ns, 'link', 'show').map((l: any) => l.ifname as string).sort();
}

/** ifindex -> name, as ip sees them in NS. */
export function ipIndexNames(ns: string): Map<number, string> {
  return new Map(ipJson(ns, 'link', 'show').map((l: any) => [l.ifindex as number, l.ifname as string]));
}

/** Flags that the kernel's link watch may change between two reads (carrier). */
const UNSTABLE = new Set(['NO-CARRIER', 'LOWER_UP', 'M-DOWN']);
const stable = (flags: string[]) => flags.filter((f) => !UNSTABLE.has(f));

/** A Link view says what `ip -j -d link show` says of the same link. */
export function expectSameAsIp(ns: string, l: Link): void {
  const j = ipLink(ns, l.name);
  expect(j, `ip sees ${l.name}`).toBeTruthy();
  const names = ipIndexNames(ns);
  expect({
    index: l.index, name: l.name, mtu: l.mtu, txqlen: l.txqlen, group: l.group, address: l.address, broadcast: l.broadcast,
    linkType: l.linkType, kind: l.kind, slaveKind: l.slaveKind, alias: l.alias, altnames: l.altnames,
    master: l.master === undefined ? undefined : names.get(l.master),
    link: l.link === undefined ? undefined : l.linkNetnsid === undefined ? names.get(l.link) : l.link,
    linkNetnsid: l.linkNetnsid, flags: stable(l.flagNames),
  }).toEqual({
    index: j.ifindex, name: j.ifname, mtu: j.mtu, txqlen: j.txqlen, group: j.group === 'default' ? 0 : Number(j.group),
    address: j.address, broadcast: j.broadcast, linkType: j.link_type, kind: j.linkinfo?.info_kind,
    slaveKind: j.linkinfo?.info_slave_kind, alias: j.ifalias, altnames: j.altnames, master: j.master,
    link: j.link_netnsid === undefined ? j.link : j.link_index, linkNetnsid: j.link_netnsid, flags: stable(j.flags),
  });
}

/**
 * A `sleep` started inside namespace NS through `ip netns exec`, to name
 * that namespace by pid. Resolves once the process is inside; kill() ends it.
 */
export async function sleeperIn(ns: string): Promise<{ pid: number; kill: () => void }> {
  const child = spawn('ip', ['netns', 'exec', ns, 'sleep', '60'], { stdio: 'ignore' });
  const kill = () => {
    child.kill('SIGKILL');
  };
  const want = statSync(`/run/netns/${ns}`).ino;
  for (let i = 0; i < 200; i++) {
    try {
      // ip netns exec enters the namespace, then execs sleep in the same process
      if (statSync(`/proc/${child.pid}/ns/net`).ino === want && readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === 'sleep') {
        return { pid: child.pid!, kill };
      }
    } catch {
      /* not started yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  kill();
  throw new Error(`sleep did not start inside ${ns}`);
}

/** Run `fn` with a second namespace, removed afterwards whatever happens. */
export async function withOtherNetns(tag: string, fn: (name: string) => Promise<void>): Promise<void> {
  const other = uniqueName(tag);
  ip('netns', 'add', other);
  try {
    await fn(other);
  } finally {
    removeNetns(other);
  }
}
