import { readSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as libc from '../../src/netlink/libc.js';
import { pollerState, watch, type Watch } from '../../src/netlink/poller.js';
import { until } from '../helpers/monitor.js';

// eventfds stand in for netlink sockets: readable once written to.
const EFD_NONBLOCK = 0o4000, EFD_CLOEXEC = 0o2000000;
const one = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]);
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

function source(): { fd: number; fire(): void; readyCount: () => number; w: Watch } {
  const fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  let ready = 0;
  const w = watch(fd, {
    ready: () => { ready++; readSync(fd, Buffer.alloc(8)); },
    error: (e) => { throw e; },
  });
  return { fd, fire: () => writeSync(fd, one), readyCount: () => ready, w };
}

describe('poller: one waiting thread for every watched fd', () => {
  it('calls ready() when the fd is readable, not while paused, and disposes only after the wait returned', async () => {
    const s = source();
    let disposed = false;
    try {
      s.fire();
      await tick(20);
      expect(s.readyCount()).toBe(0); // registered paused
      s.w.resume();
      await until(() => s.readyCount() === 1);
      await until(() => pollerState().polling);
      s.w.pause();
      s.fire();
      await tick(20);
      expect(s.readyCount()).toBe(1);
      s.w.resume();
      await until(() => s.readyCount() === 2);
    } finally {
      s.w.close(() => { disposed = true; libc.close(s.fd); });
    }
    await until(() => disposed);
    await until(() => !pollerState().polling);
    expect(pollerState()).toEqual({ polling: false, watched: 0 });
  });

  it('six watched fds hold one libuv pool thread, not six (fs keeps working)', async () => {
    const many = Array.from({ length: 6 }, () => source());
    try {
      for (const s of many) s.w.resume();
      await until(() => pollerState().polling);
      // With a pollAsync per fd, 4 of them fill libuv's pool and this never completes.
      const read = readFile('/proc/self/stat', 'utf8');
      const late = tick(2000).then(() => 'starved');
      expect(typeof await Promise.race([read, late])).toBe('string');
      many[4]!.fire();
      await until(() => many[4]!.readyCount() === 1);
      await tick(20);
      expect(many.map((s) => s.readyCount())).toEqual([0, 0, 0, 0, 1, 0]);
    } finally {
      for (const s of many) s.w.close(() => libc.close(s.fd));
    }
    await until(() => pollerState().watched === 0 && !pollerState().polling);
    expect(pollerState()).toEqual({ polling: false, watched: 0 });
  });
});
