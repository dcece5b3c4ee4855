// Run a command with a private /run/netns: in a new mount namespace
// (unshare(1) --mount --propagation private) where /run/netns is an empty
// tmpfs. Namespace names there (net0, net1, host, ...) cannot collide with
// anyone else's, `ip netns` outside never sees them, and whatever the command
// leaves behind is unmounted, and its namespaces freed, when it exits.
//
// Used by scripts/walkthrough.ts (docs/netlink-walkthrough.md shows the
// tutorial's own names) and by the README examples' test.
//
// Why unshare(1) and not unshare(2) from Node: a mount namespace cannot be
// unshared by a thread that shares its filesystem context with other threads
// (EINVAL), and every Node process has several threads.

import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Set in the environment of a command run by runWithPrivateNetnsDir(). */
export const PRIVATE_NETNS_ENV = 'TSIP_PRIVATE_RUN_NETNS';

// mount(8) then exec: the tmpfs is the mount namespace's own /run/netns.
const INNER = 'mount -t tmpfs -o mode=0755 tsip-private /run/netns && exec "$@"';

/**
 * `cmd ARGS` in a fresh mount namespace whose /run/netns is empty and
 * private. Root only. /run/netns is created (as `ip netns add` would) when
 * the machine has none, to have a mount point.
 */
export function runWithPrivateNetnsDir(cmd: string, args: string[], opts: SpawnSyncOptions = {}): SpawnSyncReturns<string> {
  mkdirSync('/run/netns', { recursive: true, mode: 0o755 });
  return spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', INNER, 'sh', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
    env: { ...(opts.env ?? process.env), [PRIVATE_NETNS_ENV]: '1' },
  }) as SpawnSyncReturns<string>;
}
