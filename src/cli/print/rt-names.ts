// iproute2's names for routing numbers (lib/rt_names.c): protocols, scopes,
// tables, realms, DS fields, route types, and the neighbour states.
//
// iproute2 builds each table from a few names compiled in, then reads
// /etc/iproute2/<table> (and <table>.d/*.conf) over them. The defaults here
// are what iproute2 6.1 shows on these machines with Debian's files:
//
//   rt_protos   0 unspec, 2 kernel, 3 boot, 4 static, ... 99 openr, 186 bgp
//   rt_scopes   0 global, 200 site, 253 link, 254 host, 255 nowhere
//   rt_tables   0 unspec, 253 default, 254 main, 255 local
//   rt_realms   0 cosmos
//   rt_dsfield  0x0 default, 0x28 AF11, ... 0xb8 EF
//
// A number without a name prints as a number, each table its own way
// (protocol "17", DS field "0x04"). Pure: the caller who wants the files of
// another machine reads them (./rt-names-file.ts) and passes the tables in.
// The built-in protocols, scopes, tables and route types are the library's
// (ops/route-spec.ts): one table each, for the ops and the CLI.

import { PROTOCOL_NAMES, SCOPE_NAMES, TABLE_NAMES, TYPE_NAMES } from '../../ops/route-spec.js';

export interface RtNames {
  protos: ReadonlyMap<number, string>;
  scopes: ReadonlyMap<number, string>;
  tables: ReadonlyMap<number, string>;
  realms: ReadonlyMap<number, string>;
  dsfield: ReadonlyMap<number, string>;
}

const map = (o: Readonly<Record<number, string>>): ReadonlyMap<number, string> =>
  new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));

/** The tables as iproute2 6.1 has them here (built in + /etc/iproute2). */
export const DEFAULT_RT_NAMES: RtNames = {
  protos: map(PROTOCOL_NAMES),
  scopes: map(SCOPE_NAMES),
  tables: map(TABLE_NAMES),
  realms: map({ 0: 'cosmos' }),
  dsfield: map({
    0x00: 'default', 0x28: 'AF11', 0x30: 'AF12', 0x38: 'AF13', 0x48: 'AF21', 0x50: 'AF22', 0x58: 'AF23',
    0x68: 'AF31', 0x70: 'AF32', 0x78: 'AF33', 0x88: 'AF41', 0x90: 'AF42', 0x98: 'AF43', 0x20: 'CS1',
    0x40: 'CS2', 0x60: 'CS3', 0x80: 'CS4', 0xa0: 'CS5', 0xc0: 'CS6', 0xe0: 'CS7', 0xb8: 'EF',
  }),
};

/** rtnl_rtprot_n2a(): "kernel", or the number. */
export function rtprotName(id: number, names: RtNames = DEFAULT_RT_NAMES): string {
  return names.protos.get(id) ?? String(id);
}

/** rtnl_rtscope_n2a(): "link", or the number. */
export function rtscopeName(id: number, names: RtNames = DEFAULT_RT_NAMES): string {
  return names.scopes.get(id) ?? String(id);
}

/** rtnl_rttable_n2a(): "main", or the number (tables above 255 included). */
export function rttableName(id: number, names: RtNames = DEFAULT_RT_NAMES): string {
  return names.tables.get(id) ?? String(id >>> 0);
}

/** rtnl_rtrealm_n2a(): a realm's name, or the number. */
export function rtrealmName(id: number, names: RtNames = DEFAULT_RT_NAMES): string {
  return names.realms.get(id) ?? String(id);
}

/** rtnl_dsfield_n2a(): "AF11", or "0x%02x". */
export function dsfieldName(id: number, names: RtNames = DEFAULT_RT_NAMES): string {
  return names.dsfield.get(id) ?? `0x${id.toString(16).padStart(2, '0')}`;
}

/** rtnl_rtntype_n2a(): RTN_* as ip names it ("blackhole"), or the number. */
export function rtntypeName(type: number): string {
  return TYPE_NAMES[type] ?? String(type);
}

/** The NUD_* states in the order ip prints them (ip/ipneigh.c print_neigh_state). */
export const NUD_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x01, 'INCOMPLETE'], [0x02, 'REACHABLE'], [0x04, 'STALE'], [0x08, 'DELAY'],
  [0x10, 'PROBE'], [0x20, 'FAILED'], [0x40, 'NOARP'], [0x80, 'PERMANENT'],
];

/** Address family names as ip prints them (lib/utils.c family_name). */
export function familyName(family: number): string {
  switch (family) {
    case 2: return 'inet';
    case 10: return 'inet6';
    case 4: return 'ipx';
    case 12: return 'dnet';
    case 28: return 'mpls';
    case 7: return 'bridge';
    case 17: return 'link';
    default: return '???';
  }
}
