// tsip tuntap { add | del | show | list | lst | help } [ dev NAME ]
//   [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
//   [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]
//
// ip/iptuntap.c of iproute2 6.1: its grammar (keywords matched in its
// order: "m" is mode, "p" is pi, "d" is dev), its messages and exit
// statuses. add and del are src/ops/tuntap.ts (the /dev/net/tun ioctls);
// show is tuntap-show.ts. `tsip tap` is the same object, as in ip.
//
// one_queue is accepted and has no effect: the kernel ignores the flag
// (it only keeps it for tun_flags), and the ops do not send it.

import { readFileSync } from 'node:fs';
import { strerror } from '../../netlink/errno.js';
import { OsError, UsageError } from '../../netlink/errors.js';
import { addTuntap, deleteTuntap } from '../../ops/tuntap.js';
import { Args, CliError, duparg2, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { TUNTAP_USAGE } from './link-usage.js';
import { strtoBig, validIfname } from './link-util.js';
import { tuntapShow } from './tuntap-show.js';

interface TuntapArgs {
  name?: string;
  mode?: 'tun' | 'tap';
  owner?: number;
  group?: number;
  pi: boolean;
  vnetHdr: boolean;
  multiQueue: boolean;
}

const usage = () => new CliError(TUNTAP_USAGE.replace(/\n$/, ''));

/** getpwnam()/getgrnam(): the id of a name in /etc/passwd or /etc/group */
function idOf(file: string, name: string): number | undefined {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 3 && /^\d+$/.test(f[2]!)) return Number(f[2]);
  }
  return undefined;
}

/** `user`/`group`: a number (strtol, base 10; -1 means none) or a name */
function owner(v: string, file: string, what: string): number | undefined {
  const n = v === '' ? undefined : strtoBig(v, 10);
  if (n !== undefined) {
    const id = Number(BigInt.asUintN(32, n));
    return id === 0xffffffff ? undefined : id;
  }
  const id = idOf(file, v);
  if (id === undefined) throw new CliError(`invalid ${what} "${v}"`);
  return id;
}

/** parse_args(): add takes user and group; del does not (there they are names). */
function parseArgs(argv: string[], add: boolean): TuntapArgs {
  const a = new Args(argv);
  const t: TuntapArgs = { pi: false, vnetHdr: false, multiQueue: false };
  while (!a.done) {
    const arg = a.take();
    if (matches(arg, 'mode')) {
      const v = a.value();
      const mode = matches(v, 'tun') ? 'tun' : matches(v, 'tap') ? 'tap' : undefined;
      if (!mode) throw new CliError(`Unknown tunnel mode "${v}"`);
      if (t.mode !== undefined && t.mode !== mode) throw new CliError('You managed to ask for more than one tunnel mode.');
      t.mode = mode;
    } else if (add && matches(arg, 'user')) t.owner = owner(a.value(), '/etc/passwd', 'user');
    else if (add && matches(arg, 'group')) t.group = owner(a.value(), '/etc/group', 'group');
    else if (matches(arg, 'pi')) t.pi = true;
    else if (matches(arg, 'one_queue')) {
      /* no effect: see above */
    } else if (matches(arg, 'vnet_hdr')) t.vnetHdr = true;
    else if (matches(arg, 'multi_queue')) t.multiQueue = true;
    else if (matches(arg, 'dev')) {
      const v = a.value();
      if (!validIfname(v)) throw invarg('"dev" not a valid ifname', v);
      t.name = v;
    } else {
      let v = arg;
      if (matches(arg, 'name')) v = a.value();
      else if (matches(arg, 'help')) throw usage();
      if (t.name !== undefined) throw duparg2('name', v);
      if (!validIfname(v)) throw invarg('"name" not a valid ifname', v);
      t.name = v;
    }
  }
  if (!t.mode) throw new CliError('You failed to specify a tunnel mode', 1);
  return t;
}

/** A failed open or ioctl, as ip's perror() words it: exit 1 */
async function io<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof OsError) throw new CliError(`${e.syscall}: ${strerror(e.errno)}`, 1);
    if (e instanceof UsageError) throw new CliError(e.message, 1);
    throw e;
  }
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return tuntapShow(ctx);
  if (matches(cmd, 'add')) {
    const t = parseArgs(rest, true);
    await io(() => addTuntap({
      mode: t.mode!, pi: t.pi, vnetHdr: t.vnetHdr, multiQueue: t.multiQueue,
      ...(t.name !== undefined ? { name: t.name } : {}),
      ...(t.owner !== undefined ? { owner: t.owner } : {}),
      ...(t.group !== undefined ? { group: t.group } : {}),
    }, ctx.op));
    return 0;
  }
  if (matches(cmd, 'delete')) {
    const t = parseArgs(rest, false);
    // without a name ip makes a device and lets it go at once: nothing stays
    if (t.name !== undefined) await io(() => deleteTuntap({ name: t.name!, mode: t.mode!, multiQueue: t.multiQueue }, ctx.op));
    return 0;
  }
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return tuntapShow(ctx);
  if (matches(cmd, 'help')) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "tsip tuntap help".`);
}
