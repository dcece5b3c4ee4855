// tsip netns { list | add NAME | attach NAME PID | set NAME NETNSID | delete NAME |
//              identify [PID] | pids NAME | exec NAME CMD... | list-id [target-nsid N] }
//
// ip/ipnetns.c's grammar, messages and exit statuses: bad usage 255, a
// failed operation 1, and exec passes its command's status through.

import { strerror } from '../../netlink/errno.js';
import { OsError, UsageError } from '../../netlink/errors.js';
import { validateNetnsName } from '../../netlink/netns.js';
import {
  addNetns, attachNetns, deleteNetns, identifyNetns, listNetns, listNetnsIds, listNetnsPids, setNetnsId,
} from '../../ops/netns.js';
import { exitLike, execInNetns } from '../../ops/netns-exec.js';
import { CliError, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { formatNetnsList, formatNsidList } from '../print/netns.js';

const USAGE = `Usage:\tip netns list
\tip netns add NAME
\tip netns attach NAME PID
\tip netns set NAME NETNSID
\tip [-all] netns delete [NAME]
\tip netns identify [PID]
\tip netns pids NAME
\tip [-all] netns exec [NAME] cmd ...
\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]
NETNSID := auto | POSITIVE-INT
`.replaceAll('ip ', 'tsip ');

/** A failure of the operation itself (not of its usage): ip exits 1. */
async function op<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof OsError || e instanceof UsageError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** A name given on the command line: checked as ip checks it (exit 255). */
function name(argv: string[], i = 0): string {
  const n = argv[i];
  if (n === undefined) throw new CliError('No netns name specified', 1);
  try {
    validateNetnsName(n);
  } catch {
    throw new CliError(`Invalid netns name "${n}"`);
  }
  return n;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { io, opts } = ctx;
  const [cmd = 'list', ...args] = argv;
  const print = { json: opts.json, pretty: opts.pretty };

  if (matches(cmd, 'list') || cmd === 'show' || cmd === 'ls') {
    io.out(formatNetnsList(await op(() => listNetns({ socketOptions: ctx.op.socketOptions })), print));
    return 0;
  }
  if (matches(cmd, 'list-id')) {
    let targetNsid: number | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === 'target-nsid') targetNsid = Number(args[++i]);
      else throw new CliError(`Unknown argument: ${args[i]}`);
    }
    io.out(formatNsidList(await op(() => listNetnsIds({ ...ctx.op, targetNsid })), print));
    return 0;
  }
  if (matches(cmd, 'help')) {
    io.err(USAGE);
    return 255;
  }
  if (matches(cmd, 'add')) {
    const n = name(args);
    await op(() => addNetns(n));
    return 0;
  }
  if (matches(cmd, 'attach')) {
    const n = name(args);
    if (args[1] === undefined) throw new CliError('No pid specified', 1);
    await op(() => attachNetns(n, Number(args[1])));
    return 0;
  }
  if (matches(cmd, 'set')) {
    const n = name(args);
    if (args[1] === undefined) throw new CliError('No netns id specified', 1);
    const id = args[1] === 'auto' ? 'auto' : Number(args[1]);
    await op(() => setNetnsId(n, id, ctx.op));
    return 0;
  }
  if (matches(cmd, 'delete')) {
    const n = name(args);
    await op(() => deleteNetns(n));
    return 0;
  }
  if (matches(cmd, 'identify')) {
    const pid = args[0] === undefined ? undefined : Number(args[0]);
    if (args[0] !== undefined && !/^\d+$/.test(args[0])) throw new CliError(`Specified string '${args[0]}' is not a pid`, 1);
    for (const n of await op(() => identifyNetns(pid))) io.out(`${n}\n`);
    return 0;
  }
  if (matches(cmd, 'pids')) {
    const n = name(args);
    let pids: number[];
    try {
      pids = await listNetnsPids(n);
    } catch (e) {
      // ip's wording here leaves the name out.
      if (e instanceof OsError) throw new CliError(`Cannot open network namespace: ${strerror(e.errno)}`, 1);
      throw e;
    }
    for (const pid of pids) io.out(`${pid}\n`);
    return 0;
  }
  if (matches(cmd, 'exec')) {
    const n = name(args);
    if (args.length < 2) throw new CliError('No command specified', 1);
    try {
      const r = await execInNetns(n, args[1]!, args.slice(2));
      // Die of the same signal, as a shell would show it.
      if (r.signal) exitLike(r);
      return r.code ?? 1;
    } catch (e) {
      // 255 as ip exits alone; in a -batch, ip reports "Command failed" and goes on
      if (e instanceof OsError) throw new CliError(e.message, e.syscall === 'exec' ? 1 : 255, false);
      throw e;
    }
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip netns help".`);
}
