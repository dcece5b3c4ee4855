// Prefixes as ip's selectors read them (lib/utils.c get_prefix): what
// `ip route show 10.0.0.0/8`, `via 10.1.1.3`, `default`, `all` and
// `ip neigh show to 10.1.1.0/24` mean, including ip's quirks:
//
//   "default"     any family given, length 0, PREFIXLEN_SPECIFIED
//   "all", "any"  any family given, length 0, not "specified" (matches all)
//   "10"          10.0.0.0/32 (missing parts are 0; parts may be 0x.., 0..)
//   "10.1.1.1"    a host prefix (/32), its length not "specified"
//   "10.0.0.0/255.0.0.0"   a netmask is a length too

import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/constants.js';
import { parseIPv6 } from '../../netlink/inet.js';
import { CliError } from '../args.js';
import type { Prefix } from './route-filter.js';

/** C's strtoul(s, &end, 0) over the whole of `s`: decimal, 0x hex, 0 octal; undefined otherwise. */
export function strtoul0(s: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s)) return Number(s);
  return undefined;
}

/** get_addr_ipv4(): up to four parts, the missing ones 0. */
function ipv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < parts.length; i++) {
    const n = strtoul0(parts[i]!);
    if (n === undefined || n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** get_addr_1(): an address, or "default"/"all"/"any"; bitlen -2 for those, -1 for an address. */
function addr1(name: string, family: number): Prefix | undefined {
  if (name === 'default') {
    if (family === 28 || family === 12) return undefined;
    return { family, bitlen: -2, bytes: new Uint8Array(0), specified: true };
  }
  if (name === 'all' || name === 'any') {
    if (family === 28 || family === 12) return undefined;
    return { family, bitlen: -2, bytes: new Uint8Array(0) };
  }
  if (name.includes(':')) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return undefined;
    const b = parseIPv6(name);
    return b ? { family: AF_INET6, bitlen: -1, bytes: b } : undefined;
  }
  if (family !== AF_UNSPEC && family !== AF_INET) return undefined;
  const b = ipv4(name);
  return b ? { family: AF_INET, bitlen: -1, bytes: b } : undefined;
}

/** get_netmask(): a length, or a dotted mask with contiguous ones. */
function netmask(s: string): number | undefined {
  const n = strtoul0(s);
  if (n !== undefined) return n;
  const m = ipv4(s);
  if (!m || s.split('.').length !== 4) return undefined;
  const bits = ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;
  const len = 32 - Math.log2((~bits >>> 0) + 1);
  return Number.isInteger(len) ? len : undefined;
}

const bitLen = (family: number) => (family === AF_INET ? 32 : family === AF_INET6 ? 128 : 0);

/** get_prefix_1(): undefined when `arg` is not a prefix of `family`. */
export function parsePrefix1(arg: string, family: number): Prefix | undefined {
  const slash = arg.indexOf('/');
  const p = addr1(slash < 0 ? arg : arg.slice(0, slash), family);
  if (!p) return undefined;
  let bitlen = bitLen(p.family);
  let specified = !!p.specified;
  if (slash >= 0) {
    if (p.bitlen === -2) return undefined;
    const plen = netmask(arg.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return undefined;
    specified = true;
    bitlen = plen;
  } else if (p.bitlen === -2) {
    bitlen = 0;
  }
  return { family: p.family, bitlen, bytes: p.bytes, ...(specified ? { specified } : {}) };
}

const familyVerbose = (f: number) => (f === AF_INET ? 'inet' : f === AF_INET6 ? 'inet6' : f === AF_UNSPEC ? 'any valid' : '???');

/** get_prefix(): as parsePrefix1, or ip's error (exit status 1). */
export function parsePrefix(arg: string, family: number): Prefix {
  const p = parsePrefix1(arg, family);
  if (!p) throw new CliError(`Error: ${familyVerbose(family)} prefix is expected rather than "${arg}".`, 1);
  return p;
}
