// tsip: iproute2's command line, over tsip's netlink library.
//
//   tsip [ OPTIONS ] OBJECT { COMMAND | help }
//   tsip [ -force ] -batch FILE
//
// Start-up is kept small: only this file and the options parser load before
// the object is known; each object's module is imported when it is used.

import { NetlinkError, OsError, UsageError, DumpInterruptedError, TimeoutError } from '../netlink/errors.js';
import { CliError, matches } from './args.js';
import { batchCommands, readBatchFile } from './batch.js';
import { makeContext, type CliContext, type Io } from './context.js';
import { parseGlobal, type GlobalOptions } from './global.js';
import { OBJECTS } from './objects.js';

export const VERSION = '0.1.0';

const USAGE = `Usage: tsip [ OPTIONS ] OBJECT { COMMAND | help }
       tsip [ -force ] -batch filename
where  OBJECT := { address | link | monitor | neighbor | neighbour | netns |
                   route | tap | tuntap | ping | sysctl | iptables | help }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | link } | -4 | -6 | -br[ief] |
                    -o[neline] | -t[imestamp] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -a[ll] | --trace }
`;

/** Run one command line (after the global options); returns the exit status. */
export async function dispatch(argv: string[], ctx: CliContext): Promise<number> {
  const name = argv[0]!;
  const entry = OBJECTS.find(([obj]) => matches(name, obj));
  // ip's do_cmd() returns EXIT_FAILURE here: status 1, and a -batch goes on
  if (!entry) throw new CliError(`Object "${name}" is unknown, try "tsip help".`, 1);
  const [obj, load] = entry;
  if (obj === 'help') {
    ctx.io.err(USAGE);
    return 255;
  }
  if (!load) throw new CliError(`Object "${obj}" is not implemented by tsip, try "tsip help".`, 1);
  const run = await load();
  return run(argv.slice(1), ctx);
}

/** Print an error as ip would, and give the exit status ip gives for it. */
export function report(e: unknown, io: Io): number {
  if (e instanceof CliError) {
    io.err(`${e.message}\n`);
    return e.status;
  }
  if (e instanceof NetlinkError) {
    io.err(`${e.message}\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    io.err(`${e.message}\n`);
    return 1;
  }
  if (e instanceof OsError) {
    io.err(`${e.message}\n`);
    return e.code === 'EPERM' || e.code === 'EACCES' ? 2 : 255;
  }
  if (e instanceof DumpInterruptedError || e instanceof TimeoutError) {
    io.err(`${e.message}\n`);
    return 2;
  }
  io.err(`tsip: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 70;
}

/** The objects whose lines `-force -batch` pipelines (pipeline.ts): their requests are rtnetlink's. */
const PIPELINED = new Set(['address', 'route', 'neighbour', 'neighbor', 'link']);

/**
 * `-force -batch`: the lines run in order as usual, their state changes sent
 * as pipelines (pipeline.ts); a failure does not stop the batch, as with -force.
 */
async function runPipelined(opts: GlobalOptions, io: Io, file: string, text: string): Promise<number> {
  const { Pipeline } = await import('./pipeline.js');
  let p: InstanceType<typeof Pipeline>;
  try {
    p = new Pipeline(io, { netns: opts.netns, rcvbuf: opts.rcvbuf, file, report });
  } catch {
    return runLockstep(opts, io, file, text); // no shared socket (a missing namespace): each line says why, as without -force
  }
  try {
    const base = await makeContext(opts, p.io);
    // The shared socket lives in the -n namespace: the commands' sockets are it, opened without entering it.
    const piped: CliContext = { ...base, op: { socketOptions: { ...base.op.socketOptions, sys: p } } };
    for (const cmd of batchCommands(text)) {
      if ('end' in cmd) {
        p.flush();
        io.err(`${cmd.end}\n`);
        break;
      }
      p.line = cmd.line;
      const obj = OBJECTS.find(([o]) => matches(cmd.argv[0]!, o))?.[0];
      // tun/tap links are made by ioctl inside the namespace: not through the shared socket
      const pipe = obj !== undefined && PIPELINED.has(obj) && !cmd.argv.some((a) => a === 'tun' || a === 'tap');
      if (!pipe) p.flush();
      let rc: number;
      try {
        rc = await dispatch(cmd.argv, pipe ? piped : base);
      } catch (e) {
        if (e instanceof CliError && e.exits) {
          p.flush();
          return report(e, io);
        }
        rc = report(e, p.io);
      }
      if (rc !== 0) p.lineFailed(cmd.line);
    }
  } finally {
    p.finish();
  }
  return p.status;
}

async function runBatch(opts: GlobalOptions, io: Io): Promise<number> {
  const file = opts.batch!;
  const text = readBatchFile(file);
  // -force: pipelined, unless every message is to be traced as it goes
  if (opts.force && !opts.trace && process.env.TSIP_BATCH_LOCKSTEP !== '1') return runPipelined(opts, io, file, text);
  return runLockstep(opts, io, file, text);
}

/** One line after the other, each request answered before the next: without -force, ip's way. */
async function runLockstep(opts: GlobalOptions, io: Io, file: string, text: string): Promise<number> {
  let status = 0;
  const ctx = await makeContext(opts, io);
  // A line that does not split throws here, once the lines before it have run (ip: exit(1)).
  for (const cmd of batchCommands(text)) {
    if ('end' in cmd) {
      io.err(`${cmd.end}\n`);
      break;
    }
    let rc: number;
    try {
      rc = await dispatch(cmd.argv, ctx);
    } catch (e) {
      // ip's exit() in a command (a usage error) ends the whole batch, with its status
      if (e instanceof CliError && e.exits) return report(e, io);
      rc = report(e, io);
    }
    if (rc !== 0) {
      io.err(`Command failed ${file}:${cmd.line}\n`);
      status = 1;
      if (!opts.force) break;
    }
  }
  return status;
}

/** The whole program: options, then one command or a batch. */
export async function main(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { opts, rest } = parseGlobal(argv, env);
    if (opts.version) {
      io.out(`tsip utility, tsip-${VERSION}\n`);
      return 0;
    }
    if (opts.help) {
      io.err(USAGE);
      return 255;
    }
    if (opts.batch !== undefined) return await runBatch(opts, io);
    if (rest.length === 0) {
      io.err(USAGE);
      return 255;
    }
    return await dispatch(rest, await makeContext(opts, io));
  } catch (e) {
    return report(e, io);
  }
}
