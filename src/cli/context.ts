// What every command of the CLI gets: the global options, where to write,
// and the socket options that carry --trace into every socket it opens.

import type { TraceHook } from '../netlink/socket.js';
import type { OpOptions } from '../ops/context.js';
import type { GlobalOptions } from './global.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  opts: GlobalOptions;
  io: Io;
  /** OpOptions for every op this command runs: the -n namespace and --trace. */
  op: OpOptions;
}

/**
 * The context of a command. The trace machinery (every family's tables) is
 * loaded only with --trace, to keep start-up small.
 */
export async function makeContext(opts: GlobalOptions, io: Io): Promise<CliContext> {
  let trace: TraceHook | undefined;
  if (opts.trace) trace = (await import('./trace.js')).traceHook(io);
  const op: OpOptions = { netns: opts.netns, socketOptions: { ...(trace ? { trace } : {}), ...(opts.rcvbuf ? { rcvbuf: opts.rcvbuf } : {}) } };
  return { opts, io, op };
}
