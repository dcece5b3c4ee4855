// `ip neigh show`, printed as iproute2 6.1 prints it (ip/ipneigh.c
// print_neigh), from decoded RTM_NEWNEIGH messages:
//
//   10.1.1.2 dev veth0 lladdr 9e:8c:83:42:72:a7 REACHABLE 
//   10.1.1.8 dev veth0 lladdr 9e:8c:83:42:72:a8 router STALE 
//   10.1.1.50 dev veth0 proxy 
//
// and with -j [{"dst":"10.1.1.2","dev":"veth0","lladdr":"...","state":["REACHABLE"]}].
// The default selection is ip's: every state but NOARP (and NONE), proxy and
// externally learned entries always. Pure: names come from the caller.

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { parseIP } from '../../netlink/inet.js';
import { NTF, NTF_EXT, NUD, type NdaCacheinfo, type NeighMessage } from '../../netlink/rtnl/neigh.js';
import { Output } from './output.js';
import { addrMatch, type Prefix } from './route-filter.js';
import { ifName } from './route-parts.js';
import { DEFAULT_RT_NAMES, NUD_NAMES, rtprotName, type RtNames } from './rt-names.js';

/** ip's neighbour filter (the static struct in ip/ipneigh.c). */
export interface NeighFilter {
  /** AF_INET, AF_INET6, or AF_UNSPEC for all */
  family: number;
  /** "dev DEV": only this ifindex, and "dev" left out of each line */
  index: number;
  /** NUD_* bits to show; 0x100 stands for NUD_NONE ("nud none") */
  state: number;
  /** "unused": entries nobody holds (ndm_refcnt 0) */
  unusedOnly: boolean;
  /** "to PREFIX" */
  pfx?: Prefix;
  /** "master DEV" / "vrf NAME" */
  master: number;
  /** "protocol PROTO" (0: any) */
  protocol: number;
  /** NTF_PROXY for "proxy": sent in the dump request */
  ndmFlags: number;
}

/** What `ip neigh show` starts from: every state but NOARP. */
export function newNeighFilter(over: Partial<NeighFilter> = {}): NeighFilter {
  return {
    family: AF_UNSPEC, index: 0, state: 0xff & ~NUD.NUD_NOARP, unusedOnly: false, master: 0, protocol: 0, ndmFlags: 0,
    ...over,
  };
}

export interface NeighPrintOptions {
  json?: boolean;
  pretty?: boolean;
  /** -s: refcount, used/confirmed/updated ages, probes */
  stats?: number | boolean;
  /** ifindex -> name, for "dev veth0" */
  linkNames: ReadonlyMap<number, string>;
  filter?: Partial<NeighFilter>;
  names?: RtNames;
  /** USER_HZ, the unit of the cacheinfo ages: 100 */
  hz?: number;
}

/** The RTM_GETNEIGH dump request ip sends for `filter` (rtnl_neighdump_req + ipneigh_dump_filter). */
export function neighDumpRequest(filter: NeighFilter): { ndm_family: number; ndm_flags: number; attrs: Record<string, number> } {
  const attrs: Record<string, number> = {};
  if (filter.index) attrs.NDA_IFINDEX = filter.index;
  if (filter.master) attrs.NDA_MASTER = filter.master;
  return { ndm_family: filter.family, ndm_flags: filter.ndmFlags, attrs };
}

/** print_neigh()'s filter: true when ip would print the entry. */
export function neighAccepted(n: NeighMessage, f: NeighFilter): boolean {
  if (f.family && f.family !== n.ndm_family) return false;
  if (f.index && f.index !== n.ndm_ifindex) return false;
  if (!(f.state & n.ndm_state) && !(n.ndm_flags & NTF.NTF_PROXY) && !(n.ndm_flags & NTF.NTF_EXT_LEARNED) &&
      (n.ndm_state || !(f.state & 0x100)) && n.ndm_family !== 12 /* AF_DECnet */) return false;
  const a = n.attrs;
  if (f.pfx && f.pfx.family !== AF_UNSPEC && f.pfx.bitlen > 0 && a.NDA_DST !== undefined) {
    const dst = typeof a.NDA_DST === 'string' ? parseIP(a.NDA_DST) : undefined;
    const want = f.pfx.family === AF_INET ? 4 : f.pfx.family === AF_INET6 ? 16 : -1;
    if (!dst || dst.length !== want || !addrMatch(dst, f.pfx.bytes, f.pfx.bitlen)) return false;
  }
  const protocol = typeof a.NDA_PROTOCOL === 'number' ? a.NDA_PROTOCOL : 0;
  if (f.protocol && f.protocol !== protocol) return false;
  const ci = a.NDA_CACHEINFO as NdaCacheinfo | undefined;
  if (f.unusedOnly && ci && ci.ndm_refcnt) return false;
  return true;
}

interface Ctx {
  out: Output;
  filter: NeighFilter;
  stats: boolean;
  linkNames: ReadonlyMap<number, string>;
  names: RtNames;
  hz: number;
}

/** print_neigh(): one entry, a line of text or an object of JSON. */
function printNeigh(c: Ctx, n: NeighMessage, kind: 'new' | 'deleted' | 'miss' = 'new'): void {
  const { out } = c;
  const a = n.attrs;
  out.openObject();
  if (kind === 'deleted') out.bool('any', 'deleted', 'Deleted ', true);
  else if (kind === 'miss') out.null('any', 'miss', '%s ', 'miss');
  if (a.NDA_DST !== undefined) {
    out.string('any', 'dst', '%s ', typeof a.NDA_DST === 'string' ? a.NDA_DST : '???');
  }
  if (!c.filter.index && n.ndm_ifindex) {
    out.fp('dev ');
    out.string('any', 'dev', '%s ', ifName(c.linkNames, n.ndm_ifindex));
  }
  if (a.NDA_LLADDR !== undefined) {
    out.fp('lladdr ');
    out.string('any', 'lladdr', '%s ', String(a.NDA_LLADDR));
  }
  const ext = typeof a.NDA_FLAGS_EXT === 'number' ? a.NDA_FLAGS_EXT : 0;
  if (n.ndm_flags & NTF.NTF_ROUTER) out.null('any', 'router', '%s ', 'router');
  if (n.ndm_flags & NTF.NTF_PROXY) out.null('any', 'proxy', '%s ', 'proxy');
  if (ext & NTF_EXT.NTF_EXT_MANAGED) out.null('any', 'managed', '%s ', 'managed');
  if (n.ndm_flags & NTF.NTF_EXT_LEARNED) out.null('any', 'extern_learn', '%s ', 'extern_learn');
  if (n.ndm_flags & NTF.NTF_OFFLOADED) out.null('any', 'offload', '%s ', 'offload');
  if (c.stats) {
    const ci = a.NDA_CACHEINFO as NdaCacheinfo | undefined;
    if (ci) {
      if (ci.ndm_refcnt) out.uint('any', 'refcnt', ' ref %u', ci.ndm_refcnt);
      out.uint('any', 'used', ' used %u', Math.floor(ci.ndm_used / c.hz));
      out.uint('any', 'confirmed', '/%u', Math.floor(ci.ndm_confirmed / c.hz));
      out.uint('any', 'updated', '/%u', Math.floor(ci.ndm_updated / c.hz));
    }
    if (typeof a.NDA_PROBES === 'number') out.uint('any', 'probes', 'probes %u ', a.NDA_PROBES);
  }
  if (n.ndm_state) {
    out.openArray('json', 'state');
    for (const [bit, name] of NUD_NAMES) if (n.ndm_state & bit) out.string('any', null, '%s ', name);
    out.closeArray('json', null);
  }
  const protocol = typeof a.NDA_PROTOCOL === 'number' ? a.NDA_PROTOCOL : 0;
  if (protocol) out.string('any', 'protocol', 'proto %s ', rtprotName(protocol, c.names));
  out.fp('\n');
  out.closeObject();
}

function ctxOf(opts: NeighPrintOptions, filter: NeighFilter): Ctx {
  return {
    out: new Output({ json: opts.json, pretty: opts.pretty }),
    filter,
    stats: !!opts.stats,
    linkNames: opts.linkNames,
    names: opts.names ?? DEFAULT_RT_NAMES,
    hz: opts.hz ?? 100,
  };
}

/** `ip neigh show`: the entries of a dump that ip's filter keeps, in dump order. */
export function formatNeighbours(neighs: readonly NeighMessage[], opts: NeighPrintOptions): string {
  const filter = newNeighFilter(opts.filter);
  const c = ctxOf(opts, filter);
  c.out.openAnonArray();
  for (const n of neighs) if (neighAccepted(n, filter)) printNeigh(c, n);
  c.out.closeArray('json', null);
  return c.out.finish();
}

/**
 * `ip neigh get`: the kernel's answer, unfiltered. Always text: ip 6.1 opens
 * no JSON context for it, so `ip -j neigh get` prints the text line too.
 */
export function formatNeighGet(msg: NeighMessage, opts: Omit<NeighPrintOptions, 'filter' | 'json' | 'pretty'>): string {
  const c = ctxOf({ ...opts, json: false }, newNeighFilter({ state: ~0 }));
  printNeigh(c, msg);
  return c.out.finish();
}
