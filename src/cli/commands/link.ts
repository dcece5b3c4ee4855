// tsip link { add | set | change | replace | delete | show | list | help } ...
//
// ip/iplink.c do_iplink() of iproute2 6.1: the command word is matched in
// ip's order, so "a" is add, "s" is set, "d" is delete, "l" is list, "h"
// is help; `tsip link` alone is `tsip link show`. The grammar of each
// command lives in its own file: link-modify.ts (add, set, delete), with
// link-parse.ts and the kinds' files for the arguments, and link-show.ts.
//
// Messages and exit statuses are ip's: 255 for bad usage, 1 for a device
// that is not there or an argument ip rejects after reading it, 2 for the
// kernel's refusals. Where ip names itself ("try \"ip link help\"") tsip
// names itself instead.

import { Args, CliError, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { StdoutExit } from './link-kind-args.js';
import { linkModify } from './link-modify.js';
import { linkShow } from './link-show.js';
import { KIND_HELP, LINK_USAGE } from './link-usage.js';
import { unsupported } from './link-parse.js';

/** ip link help [ TYPE ]: a kind's help on stdout, exit 0; else the usage on stderr, 255 */
function help(argv: string[], ctx: CliContext): number {
  const kind = argv[0];
  if (kind !== undefined && KIND_HELP[kind] !== undefined) {
    ctx.io.out(KIND_HELP[kind]!);
    return 0;
  }
  ctx.io.err(LINK_USAGE);
  return 255;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  const a = new Args(rest);
  try {
    if (cmd === undefined) return await linkShow(new Args([]), ctx);
    if (matches(cmd, 'add')) return await linkModify('add', a, ctx);
    if (matches(cmd, 'set') || matches(cmd, 'change')) return await linkModify('set', a, ctx);
    if (matches(cmd, 'replace')) throw unsupported('link replace');
    if (matches(cmd, 'delete')) return await linkModify('delete', a, ctx);
    if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return await linkShow(a, ctx);
    if (matches(cmd, 'xstats') || matches(cmd, 'afstats') || matches(cmd, 'property')) throw unsupported(`link ${cmd}`);
    if (matches(cmd, 'help')) return help(rest, ctx);
  } catch (e) {
    if (!(e instanceof StdoutExit)) throw e;
    ctx.io.out(e.text);
    return e.status;
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip link help".`);
}
