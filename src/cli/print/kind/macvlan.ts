// `ip -d link` for kinds "macvlan" and "macvtap": ip/iplink_macvlan.c macvlan_print_opt().

import { MACVLAN_FLAG_NODST, MACVLAN_FLAG_NOPROMISC, MACVLAN_MODE } from '../../../netlink/rtnl/linkinfo/macvlan.js';
import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';

function modeName(mode: number): string {
  switch (mode) {
    case MACVLAN_MODE.MACVLAN_MODE_PRIVATE: return 'private';
    case MACVLAN_MODE.MACVLAN_MODE_VEPA: return 'vepa';
    case MACVLAN_MODE.MACVLAN_MODE_BRIDGE: return 'bridge';
    case MACVLAN_MODE.MACVLAN_MODE_PASSTHRU: return 'passthru';
    case MACVLAN_MODE.MACVLAN_MODE_SOURCE: return 'source';
    default: return 'unknown';
  }
}

export function printMacvlan(ctx: PrintContext, d: Attrs): void {
  const out = ctx.out;
  if (d.IFLA_MACVLAN_MODE === undefined) return;
  const mode = d.IFLA_MACVLAN_MODE as number;
  out.string('any', 'mode', 'mode %s ', modeName(mode));
  const flags = (d.IFLA_MACVLAN_FLAGS as number | undefined) ?? 0;
  if (flags & MACVLAN_FLAG_NOPROMISC) out.bool('any', 'nopromisc', 'nopromisc ', true);
  if (flags & MACVLAN_FLAG_NODST) out.bool('any', 'nodst', 'nodst ', true);
  if (d.IFLA_MACVLAN_BC_QUEUE_LEN !== undefined) {
    out.u64('any', 'bcqueuelen', 'bcqueuelen %lu ', d.IFLA_MACVLAN_BC_QUEUE_LEN as number);
  }
  if (d.IFLA_MACVLAN_BC_QUEUE_LEN_USED !== undefined) {
    out.u64('any', 'usedbcqueuelen', 'usedbcqueuelen %lu ', d.IFLA_MACVLAN_BC_QUEUE_LEN_USED as number);
  }
  // in source mode, the list of source addresses
  if (mode !== MACVLAN_MODE.MACVLAN_MODE_SOURCE || d.IFLA_MACVLAN_MACADDR_COUNT === undefined) return;
  out.int('any', 'macaddr_count', 'remotes (%d) ', d.IFLA_MACVLAN_MACADDR_COUNT as number);
  const data = d.IFLA_MACVLAN_MACADDR_DATA as { IFLA_MACVLAN_MACADDR?: string[] } | undefined;
  if (!data) return;
  out.openArray('json', 'macaddr_data');
  for (const mac of data.IFLA_MACVLAN_MACADDR ?? []) {
    if (mac.length < 17) continue; // fewer than 6 bytes
    const six = mac.slice(0, 17);
    if (out.isJson) out.string('json', null, null, six);
    else out.fp('%s ', six);
  }
  out.closeArray('json', null);
}
