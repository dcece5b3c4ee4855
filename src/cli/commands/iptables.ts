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
    ctx.io.out(await iptables(argv, { netns: ctx.op.netns, socketOptions: ctx.op.socketOptions }));
    return 0;
  } catch (e) {
    if (e instanceof IptablesError) {
      ctx.io.err(`${formatIptablesError(e)}\n`);
      return e.status;
    }
    if (e instanceof NetlinkError && (e.code === 'EPERM' || e.code === 'EACCES')) {
      // iptables-nft's first request fails the same way without CAP_NET_ADMIN
      ctx.io.err('iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n');
      return 4;
    }
    if (e instanceof NetlinkError) {
      ctx.io.err(`iptables: ${e.message}\n`);
      return 4; // iptables' RESOURCE_PROBLEM: the kernel refused
    }
    throw e;
  }
}
