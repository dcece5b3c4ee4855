// tsip route { add | change | replace | prepend | append | test | del |
//              list | show | get | flush | help }
//
// ip/iproute.c do_iproute(): the command word matches by prefix in ip's
// order ("a" is add, "ap" append, "g" get, "s" show), "route" alone is show.

import { CliError, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { ROUTE_USAGE } from './ip-usage.js';
import { getRoute } from './route-get.js';
import { flushRoutes, showRoutes } from './route-list.js';
import { modifyRoute, type RouteCmd } from './route-modify.js';

/** The modifying commands, in ip's order of matching. */
const MODIFY: ReadonlyArray<readonly [string, RouteCmd]> = [
  ['add', 'add'], ['change', 'change'], ['replace', 'replace'], ['prepend', 'prepend'],
  ['append', 'append'], ['test', 'test'], ['delete', 'delete'],
];

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return showRoutes([], ctx);
  for (const [word, op] of MODIFY) {
    if (matches(cmd, word) || (op === 'change' && cmd === 'chg')) return modifyRoute(op, rest, ctx);
  }
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return showRoutes(rest, ctx);
  if (matches(cmd, 'get')) return getRoute(rest, ctx);
  if (matches(cmd, 'flush')) return flushRoutes(rest, ctx);
  if (matches(cmd, 'save') || matches(cmd, 'restore') || matches(cmd, 'showdump')) {
    throw new CliError(`Command "${cmd}" is not implemented by tsip, try "tsip route help".`);
  }
  if (matches(cmd, 'help')) {
    ctx.io.err(ROUTE_USAGE);
    return 255;
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip route help".`);
}
