// Input checks made before anything reaches the kernel. Each failure is a
// UsageError whose message names the bad value, worded as iproute2 words it
// where iproute2 has a wording.

import { UsageError } from '../netlink/errors.js';
import { AF_INET, AF_INET6 } from '../netlink/constants.js';
import { parseIPv4, parseIPv6, parseLladdr } from '../netlink/inet.js';
import type { LinkRef } from './resolve.js';

/** IFNAMSIZ: names are at most 15 bytes plus the NUL. <linux/if.h> */
export const IFNAMSIZ = 16;

/**
 * An interface name as the kernel's dev_valid_name() accepts it: 1 to 15
 * bytes, not "." or "..", no "/", ":" or whitespace.
 */
export function checkIfname(name: string, what = 'name'): string {
  const bytes = Buffer.byteLength(name ?? '');
  if (typeof name !== 'string' || bytes === 0 || bytes >= IFNAMSIZ || name === '.' || name === '..' || /[/:\s\0]/.test(name)) {
    throw new UsageError(`Error: argument "${name}" is wrong: "${what}" not a valid ifname`);
  }
  return name;
}

/** A link by name (checkIfname) or by index (1 .. 2^31-1): a `dev`, `master`, `link`, ... */
export function checkLinkRef(ref: unknown, what = 'dev'): LinkRef {
  if (typeof ref === 'string') return checkIfname(ref, what);
  if (typeof ref === 'number' && Number.isInteger(ref) && ref > 0 && ref <= 0x7fffffff) return ref;
  throw new UsageError(`Error: argument "${String(ref)}" is wrong: "${what}" not a valid ifname or ifindex`);
}

/** An address with its family: IPv4 or IPv6. */
export interface InetAddr {
  family: typeof AF_INET | typeof AF_INET6;
  bytes: Buffer;
  /** the address as given */
  text: string;
}

/** A prefix: an address and a prefix length (the full length when absent). */
export interface InetPrefix extends InetAddr {
  prefixlen: number;
  /** true when the text carried an explicit "/len" */
  explicitLen: boolean;
}

function parseAddr(s: string): InetAddr | undefined {
  if (typeof s !== 'string') return undefined;
  const v4 = s.includes(':') ? undefined : parseIPv4(s);
  if (v4) return { family: AF_INET, bytes: v4, text: s };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  if (v6) return { family: AF_INET6, bytes: v6, text: s };
  return undefined;
}

/** "10.1.1.1" or "fe80::1". `family` restricts it. */
export function parseInetAddr(s: string, family?: number): InetAddr {
  const a = parseAddr(s);
  if (!a || (family !== undefined && family !== 0 && a.family !== family)) {
    throw new UsageError(`Error: ${family === AF_INET6 ? 'inet6' : 'inet'} address is expected rather than "${s}".`);
  }
  return a;
}

/** "10.1.1.1/24", "2001:db8::/64", or an address alone (a host prefix). */
export function parseInetPrefix(s: string, family?: number): InetPrefix {
  if (typeof s !== 'string') throw prefixError(s, family);
  const slash = s.indexOf('/');
  const a = parseAddr(slash < 0 ? s : s.slice(0, slash));
  if (!a || (family !== undefined && family !== 0 && a.family !== family)) throw prefixError(s, family);
  const max = a.family === AF_INET ? 32 : 128;
  if (slash < 0) return { family: a.family, bytes: a.bytes, text: s, prefixlen: max, explicitLen: false };
  // one to three digits, at most `max` (no regular expression: bulk adds parse one per item)
  const digits = s.length - slash - 1;
  let len = 0;
  for (let i = slash + 1; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) throw prefixError(s, family);
    len = len * 10 + (ch - 48);
  }
  if (digits < 1 || digits > 3 || len > max) throw prefixError(s, family);
  return { family: a.family, bytes: a.bytes, text: s, prefixlen: len, explicitLen: true };
}

function prefixError(s: unknown, family: number | undefined): UsageError {
  return new UsageError(`Error: ${family === AF_INET6 ? 'inet6' : 'inet'} prefix is expected rather than "${String(s)}".`);
}

/** A link-layer address: six colon-separated hex bytes ("9a:9b:f7:b2:ca:62"), or `length` bytes. */
export function parseMac(s: string, length = 6): Buffer {
  const b = typeof s === 'string' ? parseLladdr(s) : undefined;
  if (!b || (length > 0 && b.length !== length)) throw new UsageError(`"${s}" is invalid lladdr.`);
  return b;
}

/** An integer in [min, max]; `what` names the option: "mtu". */
export function checkInt(value: unknown, what: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`Error: argument "${String(value)}" is wrong: "${what}" value is invalid`);
  }
  return n;
}

/** The bytes of a prefix with the host bits cleared (what the kernel stores as the route's dst). */
export function networkOf(bytes: Buffer, prefixlen: number): Buffer {
  const out = Buffer.from(bytes);
  for (let bit = prefixlen; bit < out.length * 8; bit++) out[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return out;
}
