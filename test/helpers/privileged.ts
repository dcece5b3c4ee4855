// Privileged tests: each runs in a fresh, uniquely named network namespace,
// removed afterwards even when the test fails. iproute2 is the oracle here,
// and only here: tsip itself never runs it.

import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe } from 'vitest';

export const isRoot = process.getuid?.() === 0;
export const SKIP_REASON = `needs root to create network namespaces (running as uid ${process.getuid?.()})`;
if (!isRoot) console.warn(`skipping privileged tests: ${SKIP_REASON}`);

/** describe() that is skipped, with the reason in its title, when not root. */
export const privileged = (title: string, fn: () => void) =>
  describe.skipIf(!isRoot)(isRoot ? title : `${title} (skipped: ${SKIP_REASON})`, fn);

let counter = 0;
/** A namespace name no other test or run uses. */
export const uniqueName = (tag = 't') => `tsip-${tag}-${process.pid}-${++counter}`;

/** Run iproute2 (the oracle) and return its stdout. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `ip -n NS -j ARGS`, parsed. */
export function ipJson<T = any>(ns: string, ...args: string[]): T {
  return JSON.parse(ip('-n', ns, '-j', ...args) || '[]') as T;
}

/** Run a shell command inside the namespace (setup for tests). */
export function inNs(ns: string, cmd: string): string {
  return execFileSync('ip', ['netns', 'exec', ns, 'sh', '-c', cmd], { encoding: 'utf8' });
}

/**
 * Give each test of the enclosing describe a fresh namespace (lo up),
 * removed after the test whatever happened. Returns a getter for its name.
 */
export function freshNetns(tag = 't'): () => string {
  let name = '';
  beforeEach(() => {
    name = uniqueName(tag);
    ip('netns', 'add', name);
    ip('-n', name, 'link', 'set', 'lo', 'up');
  });
  afterEach(() => {
    if (name) removeNetns(name);
    name = '';
  });
  return () => name;
}

/** Delete a namespace made by a test (no error if already gone). */
export function removeNetns(name: string): void {
  try {
    ip('netns', 'del', name);
  } catch {
    /* already removed */
  }
}
