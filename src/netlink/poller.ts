// One waiting thread for every listening socket in the process.
//
// A monitor must wait for its netlink socket to become readable without
// blocking Node's event loop, so the wait is poll(2) on a thread of ffi-rs
// (libc.pollAsync). Those threads are libuv's pool: 4 by default, shared
// with fs, dns and crypto. A wait per socket would starve the pool by the
// fourth socket (measured: with 4 polls blocked, fs.promises.readFile never
// completes). So one poll() waits for all of them:
//
//   pollfd[0]  = { eventfd, POLLIN }   written to wake the wait: a socket
//                                      was added, paused, resumed or closed
//   pollfd[1…] = { fd, POLLIN }        each socket that wants to be read
//
//   struct pollfd {                    <asm-generic/poll.h>, <poll.h>: 8 bytes each
//           int   fd;
//           short events;              /* POLLIN */
//           short revents;             /* set by the kernel */
//   };
//
// When poll() returns, each ready socket's callback runs on the main thread,
// then the wait starts again with the current set. When no socket wants to
// be read, no thread waits, and the process may exit.
//
// A watched fd is disposed of (closed) only once no poll() is using it: fd
// numbers are reused at once, and a poll still running would watch the
// newcomer. A thread blocked in poll() keeps the process alive, even through
// process.exit() (shared/NOTES.md), so on 'exit' the wait is woken too.

import { readSync, writeSync } from 'node:fs';
import { POLLIN } from './constants.js';
import { OsError } from './errors.js';
import * as libc from './libc.js';

/* eventfd(2) flags (<sys/eventfd.h>) */
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;

export interface WatchHandler {
  /** The fd is ready (poll's revents: POLLIN, POLLERR, ...). Read it without waiting. */
  ready(revents: number): void;
  /** poll() itself failed: the wait is over for every watched fd. */
  error(e: Error): void;
}

/** A registered fd. */
export interface Watch {
  /** Stop polling the fd (nothing is read; the kernel keeps queueing). */
  pause(): void;
  /** Poll it again. */
  resume(): void;
  /** Stop watching; `dispose` (closing the fd) runs once no poll() uses the fd. */
  close(dispose: () => void): void;
}

interface Entry {
  fd: number;
  handler: WatchHandler;
  active: boolean;
  dispose?: () => void;
}

const entries = new Set<Entry>();
let efd = -1;
let running = false; // the loop below is alive
let polling = false; // a poll() is in flight on a pool thread
let exiting = false;
const ONE = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]); // the eventfd counter is a u64

/** Wake the poll() in flight, so it returns and the set is rebuilt. */
function wake(): void {
  if (polling) writeSync(efd, ONE);
}

/** The set changed: wake the wait, or start one if none runs. */
function changed(): void {
  if (polling) wake();
  else if (!running && !exiting) void loop();
}

/** Run the disposers of closed entries; only while no poll() is in flight. */
function reap(): void {
  for (const e of entries) {
    if (!e.dispose) continue;
    entries.delete(e);
    e.dispose();
  }
}

async function loop(): Promise<void> {
  running = true;
  try {
    for (;;) {
      reap();
      const list = [...entries].filter((e) => e.active);
      if (list.length === 0 || exiting) return;
      // struct pollfd { int fd; short events; short revents; }
      const fds = Buffer.alloc(8 * (list.length + 1));
      list.forEach((e, i) => {
        fds.writeInt32LE(e.fd, 8 * (i + 1));
        fds.writeInt16LE(POLLIN, 8 * (i + 1) + 4);
      });
      fds.writeInt32LE(efd, 0);
      fds.writeInt16LE(POLLIN, 4);
      polling = true;
      try {
        await libc.pollAsync(fds, -1);
      } catch (e) {
        if (e instanceof OsError && e.code === 'EINTR') continue;
        for (const x of list) {
          try {
            x.handler.error(e as Error);
          } catch (err) {
            process.nextTick(() => { throw err; });
          }
        }
        return;
      } finally {
        polling = false;
      }
      if (fds.readInt16LE(6) & POLLIN) readSync(efd, Buffer.alloc(8)); // reset the counter
      list.forEach((e, i) => {
        const revents = fds.readInt16LE(8 * (i + 1) + 6);
        if (revents === 0 || !e.active || e.dispose) return;
        try {
          e.handler.ready(revents);
        } catch (err) {
          process.nextTick(() => { throw err; }); // a handler's bug is the program's, as with an emitter
        }
      });
    }
  } finally {
    running = false;
    reap();
  }
}

/**
 * Register `fd`, paused: after resume(), `handler.ready()` runs on the main
 * thread each time poll() finds the fd ready, until paused or closed.
 */
export function watch(fd: number, handler: WatchHandler): Watch {
  if (efd < 0) {
    efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    process.on('exit', () => {
      exiting = true;
      wake();
    });
  }
  const e: Entry = { fd, handler, active: false };
  entries.add(e);
  return {
    pause() {
      if (!e.active) return;
      e.active = false;
      wake(); // the thread returns, and the next wait leaves the fd out
    },
    resume() {
      if (e.active || e.dispose) return;
      e.active = true;
      changed();
    },
    close(dispose) {
      if (e.dispose) return;
      e.active = false;
      e.dispose = dispose;
      if (running) wake(); // the loop reaps it once poll() has returned
      else reap();
    },
  };
}

/** For tests and the trace: whether a poll() is in flight, and how many fds are watched. */
export function pollerState(): { polling: boolean; watched: number } {
  return { polling, watched: entries.size };
}
