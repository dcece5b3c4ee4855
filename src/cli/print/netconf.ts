// `ip netconf show`, printed as iproute2 6.1 prints it (ip/ipnetconf.c
// print_netconf), from decoded RTM_NEWNETCONF / RTM_DELNETCONF messages:
//
//   inet va forwarding off rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off 
//   inet6 all forwarding on proxy_neigh off ignore_routes_with_linkdown off 
//
// Each field ends in a space. -j writes [{"family":"inet","interface":"va",
// "forwarding":false,"rp_filter":"off",...}]; ip opens JSON only for a dump,
// so `ip -j -4 netconf show dev X` (one request) prints text. Pure.

import { RTM } from '../../netlink/rtnl/constants.js';
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT, type NetconfMessage } from '../../netlink/rtnl/netconf.js';
import { Output } from './output.js';
import { ifName } from './route-parts.js';
import { familyName } from './rt-names.js';

const RP_FILTER = ['off', 'strict', 'loose'];

/** ip netconf's filter: a family (-4/-6) and a device. */
export interface NetconfFilter {
  family?: number;
  ifindex?: number;
}

export interface NetconfPrintOptions {
  json?: boolean;
  pretty?: boolean;
  /** ifindex -> name, for "interface" */
  linkNames: ReadonlyMap<number, string>;
  filter?: NetconfFilter;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** print_netconf()'s filter: the family and the device, when asked for. */
export function netconfAccepted(m: NetconfMessage, f: NetconfFilter = {}): boolean {
  if (f.family && f.family !== m.ncm_family) return false;
  return !f.ifindex || f.ifindex === (num(m.attrs.NETCONFA_IFINDEX) ?? 0);
}

/** The record of one message, after the filter kept it. */
function printNetconf(out: Output, m: NetconfMessage, type: number, linkNames: ReadonlyMap<number, string>): void {
  const a = m.attrs;
  out.openObject();
  if (type === RTM.RTM_DELNETCONF) out.bool('any', 'deleted', 'Deleted ', true);
  out.string('any', 'family', '%s ', familyName(m.ncm_family));
  const ifindex = num(a.NETCONFA_IFINDEX);
  if (ifindex !== undefined) {
    const dev = ifindex === NETCONFA_IFINDEX_ALL ? 'all' : ifindex === NETCONFA_IFINDEX_DEFAULT ? 'default' : ifName(linkNames, ifindex);
    out.string('any', 'interface', '%s ', dev);
  }
  const onOff = (attr: string, key: string) => {
    const v = num(a[attr]);
    if (v !== undefined) out.onOff('any', key, `${key} %s `, v);
  };
  onOff('NETCONFA_FORWARDING', 'forwarding');
  const rp = num(a.NETCONFA_RP_FILTER);
  if (rp !== undefined) {
    const u = rp >>> 0;
    if (u < RP_FILTER.length) out.string('any', 'rp_filter', 'rp_filter %s ', RP_FILTER[u]!);
    else out.uint('any', 'rp_filter', 'rp_filter %u ', u);
  }
  onOff('NETCONFA_MC_FORWARDING', 'mc_forwarding');
  onOff('NETCONFA_PROXY_NEIGH', 'proxy_neigh');
  onOff('NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN', 'ignore_routes_with_linkdown');
  onOff('NETCONFA_INPUT', 'input');
  out.closeObject();
  out.fp('\n');
}

/** `ip netconf show` of a dump: the records the filter keeps, in dump order, as one JSON array with -j. */
export function formatNetconfs(msgs: readonly NetconfMessage[], opts: NetconfPrintOptions): string {
  const out = new Output({ json: opts.json, pretty: opts.pretty });
  out.openAnonArray();
  for (const m of msgs) if (netconfAccepted(m, opts.filter)) printNetconf(out, m, RTM.RTM_NEWNETCONF, opts.linkNames);
  out.closeArray('json', null);
  return out.finish();
}

/** One message printed with no JSON context: `ip -4 netconf show dev X`, and `ip monitor netconf`. '' when filtered out. */
export function formatNetconf(type: number, m: NetconfMessage, opts: Omit<NetconfPrintOptions, 'json' | 'pretty'>): string {
  if (!netconfAccepted(m, opts.filter)) return '';
  const out = new Output();
  printNetconf(out, m, type, opts.linkNames);
  return out.finish();
}
