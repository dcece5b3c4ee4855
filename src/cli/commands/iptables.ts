// tsip [-n NS] iptables { -A | -I | -D | -L | -S | -F | -P } CHAIN ...
//
// iptables-nft's syntax, output, messages and exit statuses, carried out
// natively over nf_tables netlink (src/ops/firewall.ts): table filter, base
// chains INPUT, FORWARD and OUTPUT created when missing.

import { NetlinkError } from '../../netlink/errors.js';
import { IptablesError, formatIptablesError, iptables } from '../../ops/firewall.js';
import type { CliContext } from '../context.js';

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  try {
    ctx.io.out(iptables(argv, { netns: ctx.op.netns, socketOptions: ctx.op.socketOptions }));
    return 0;
  } catch (e) {
    if (e instanceof IptablesError) {
      ctx.io.err(`${formatIptablesError(e)}\n`);
      return e.status;
    }
    if (e instanceof NetlinkError) {
      ctx.io.err(`iptables: ${e.message}\n`);
      return 4; // iptables' RESOURCE_PROBLEM: the kernel refused
    }
    throw e;
  }
}
