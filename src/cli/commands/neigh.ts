// tsip neigh { add | del | change | replace | get | show | list | flush | help }
//
// ip/ipneigh.c do_ipneigh(): the command word matches by prefix in ip's
// order ("g" is get, "s" show), "neigh" alone is show.

import { CliError, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { NEIGH_USAGE } from './ip-usage.js';
import { getNeighbour, showNeighbours } from './neigh-list.js';
import { modifyNeighbour } from './neigh-modify.js';

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return showNeighbours([], ctx);
  if (matches(cmd, 'add')) return modifyNeighbour('add', rest, ctx);
  if (matches(cmd, 'change') || cmd === 'chg') return modifyNeighbour('change', rest, ctx);
  if (matches(cmd, 'replace')) return modifyNeighbour('replace', rest, ctx);
  if (matches(cmd, 'delete')) return modifyNeighbour('delete', rest, ctx);
  if (matches(cmd, 'get')) return getNeighbour(rest, ctx);
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return showNeighbours(rest, ctx);
  if (matches(cmd, 'flush')) return showNeighbours(rest, ctx, true);
  if (matches(cmd, 'help')) {
    ctx.io.err(NEIGH_USAGE);
    return 255;
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip neigh help".`);
}
