// tsip [-n NS] ping [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE] [-4|-6] [-q] ADDRESS
//
// iputils ping's options, output and exit statuses (src/ops/ping-cli.ts),
// from a socket opened inside the namespace of -n.

import { pingMain } from '../../ops/ping-cli.js';
import type { CliContext } from '../context.js';

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const netns = ctx.op.netns;
  return pingMain(argv, { ...(netns !== undefined ? { netns } : {}), stdout: ctx.io.out, stderr: ctx.io.err });
}
