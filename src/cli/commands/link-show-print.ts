// `ip link show` records through the printers of src/cli/print/link.ts,
// with one thing formatLinks() does not do: a link ip's filters drop still
// opens and closes its JSON object, so `ip -j link show up` prints "{}"
// for each link that is down ("[{},{...}]"). Text mode prints nothing for it.

import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { PrintContext, type PrintOptions } from '../print/context.js';
import { AF_PACKET, printLinkinfo, type LinkView } from '../print/link.js';

/** Records in the kernel's order; null for a link the filters dropped. */
export function formatLinkRecords(records: ReadonlyArray<LinkMessage | null>, opts: PrintOptions): string {
  const ctx = new PrintContext(opts, records.filter((m): m is LinkMessage => m !== null));
  const view: LinkView = { doLink: true, family: AF_PACKET };
  ctx.out.openAnonArray();
  for (const l of records) {
    ctx.out.openObject();
    if (l) printLinkinfo(ctx, l, view);
    ctx.out.closeObject();
  }
  ctx.out.closeArray('json', null);
  return ctx.out.finish();
}
