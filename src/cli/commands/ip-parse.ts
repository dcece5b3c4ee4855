// The argument readers of iproute2's lib/utils.c and lib/rt_names.c that
// the address, route and neighbour grammars use, with ip's error messages
// and exit statuses: get_addr (exit 1), get_unsigned/get_u32/get_u8,
// get_time_rtt, ll_addr_a2n, and the rt_names lookups (name or number).
// Prefixes are read by ../print/ip-prefix.ts (get_prefix), shared with the
// selectors of `show`.

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { CliError } from '../args.js';
import type { GlobalOptions } from '../global.js';
import { parsePrefix1, strtoul0 } from '../print/ip-prefix.js';
import type { Prefix } from '../print/route-filter.js';
import { nameToId, realmsOf } from '../print/route-selector.js';
import type { RtNames } from '../print/rt-names.js';

/** AF_PACKET, ip's "link" family (-0). */
export const AF_PACKET = 17;
const AF_BRIDGE = 7;
const AF_MPLS = 28;

/** preferred_family: the number of -4, -6, -0, -M, -B / -f FAMILY. */
export function preferredFamily(opts: GlobalOptions): number {
  switch (opts.family) {
    case 'inet': return AF_INET;
    case 'inet6': return AF_INET6;
    case 'link': return AF_PACKET;
    case 'mpls': return AF_MPLS;
    case 'bridge': return AF_BRIDGE;
    default: return AF_UNSPEC;
  }
}

/** family_name_verbose() */
function familyVerbose(family: number): string {
  if (family === AF_UNSPEC) return 'any valid';
  if (family === AF_INET) return 'inet';
  if (family === AF_INET6) return 'inet6';
  if (family === AF_PACKET) return 'link';
  if (family === AF_MPLS) return 'mpls';
  if (family === AF_BRIDGE) return 'bridge';
  return '???';
}

/** get_addr(): an address (no "/len"), or "default"/"any"/"all"; ip's error, exit 1. */
export function getAddr(arg: string, family: number): Prefix {
  const p = arg.includes('/') ? undefined : parsePrefix1(arg, family);
  if (!p) throw new CliError(`Error: ${familyVerbose(family)} address is expected rather than "${arg}".`, 1);
  return p;
}

/** The bytes of an address as the kernel takes them. */
export const bytesOf = (p: Prefix): Buffer => Buffer.from(p.bytes);

/** get_unsigned(): strtoul(arg, 0) over the whole argument, at most 2^32-1; undefined when it is not one. */
export function getUnsigned(arg: string): number | undefined {
  const n = strtoul0(arg);
  return n !== undefined && n <= 0xffffffff ? n : undefined;
}

/** get_u8() */
export function getU8(arg: string): number | undefined {
  const n = strtoul0(arg);
  return n !== undefined && n <= 0xff ? n : undefined;
}

/** get_be16(): a port number, sent in network byte order (the codec's be16). */
export function getU16(arg: string): number | undefined {
  const n = strtoul0(arg);
  return n !== undefined && n <= 0xffff ? n : undefined;
}

/**
 * get_time_rtt(): "NUMBER" (raw), or "NUMBER[.N]s|ms" in milliseconds,
 * rounded up. `raw` says whether a unit was absent.
 */
export function getTimeRtt(arg: string): { value: number; raw: boolean } | undefined {
  const m = arg.includes('.') ? /^\s*(\+?\d*\.?\d*(?:[eE][-+]?\d+)?)(.*)$/.exec(arg) : /^\s*(\+?(?:0[xX][0-9a-fA-F]+|\d+))(.*)$/.exec(arg);
  if (!m || m[1] === '' || m[1] === '.' || m[1] === '+') return undefined;
  let t = arg.includes('.') ? Number(m[1]) : Number(m[1]!.replace('+', ''));
  if (!Number.isFinite(t) || t < 0) return undefined;
  const unit = m[2]!.toLowerCase();
  if (unit === '') return { value: ceilU32(t), raw: true };
  if (unit === 's' || unit === 'sec' || unit === 'secs') t *= 1000;
  else if (unit !== 'ms' && unit !== 'msec' && unit !== 'msecs') return undefined;
  return { value: ceilU32(t), raw: false };
}

const ceilU32 = (t: number): number => Math.min(Math.ceil(t), 0xffffffff) >>> 0;

/**
 * ll_addr_a2n(): a link-layer address, hex bytes separated by ":" (or an
 * IPv4 address, for tunnels). The error names the part that is bad.
 */
export function llAddrA2n(arg: string): Buffer {
  const bad = (part: string) => new CliError(`"${part}" is invalid lladdr.`, 1);
  if (arg.includes('.')) {
    const p = parsePrefix1(arg, AF_INET);
    if (!p || arg.includes('/')) throw bad(arg);
    return Buffer.from(p.bytes);
  }
  const out: number[] = [];
  let rest = arg;
  for (let i = 0; i < 20; i++) {
    const colon = rest.indexOf(':');
    const part = colon < 0 ? rest : rest.slice(0, colon);
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(part);
    if (!m) throw bad(part);
    const v = parseInt(m[1]!, 16);
    if (v > 255) throw bad(part);
    out.push(v);
    if (colon < 0) break;
    rest = rest.slice(colon + 1);
  }
  return Buffer.from(out);
}

/** rtnl_rtscope_a2n(): a scope name or a number up to 255. */
export const scopeId = (names: RtNames, arg: string): number | undefined => nameToId(names.scopes, arg);
/** rtnl_rtprot_a2n() */
export const protocolId = (names: RtNames, arg: string): number | undefined => nameToId(names.protos, arg);
/** rtnl_rttable_a2n(): a table name or a number up to 2^32-1. */
export const tableId = (names: RtNames, arg: string): number | undefined => nameToId(names.tables, arg, 0xffffffff);
/** rtnl_dsfield_a2n(): a name, or a hex number up to 255. */
export function dsfieldId(names: RtNames, arg: string): number | undefined {
  for (const [id, name] of names.dsfield) if (name === arg) return id;
  if (!/^(0[xX])?[0-9a-fA-F]+$/.test(arg)) return undefined;
  const n = parseInt(arg.replace(/^0[xX]/, ''), 16);
  return n <= 255 ? n : undefined;
}

/** get_rt_realms_or_raw(): one parser, shared with the route selectors. */
export { realmsOf };
