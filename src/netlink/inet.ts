// Addresses as the kernel carries them (network byte order) and as people
// write them: IPv4 dotted quads, IPv6 in RFC 5952 form (what inet_ntop(3)
// prints), link-layer addresses as colon-separated hex. Pure functions.
//
// On the wire an address attribute (IFA_LOCAL, RTA_DST, NDA_DST, ...) holds
// the bare struct, its length telling the family; a link-layer address
// (IFLA_ADDRESS, NDA_LLADDR) is dev->addr_len bytes (6 for Ethernet):
//
//   struct in_addr  { __be32 s_addr; };                      <linux/in.h>,  4 bytes
//   struct in6_addr { union { __u8 u6_addr8[16]; ... } };    <linux/in6.h>, 16 bytes

/** "0." .. "255." and "0" .. "255": a dotted quad is four lookups, no number printed. */
const OCTET_DOT: readonly string[] = Array.from({ length: 256 }, (_, i) => `${i}.`);
const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/**
 * "10.1.1.1" from 4 bytes at `off`. Built from the octet tables: a dump
 * prints one or two per route or address, mostly before V8 optimizes
 * anything, and printing the four numbers was the dearer part.
 */
export function formatIPv4(b: Uint8Array, off = 0): string {
  return OCTET_DOT[b[off]!]! + OCTET_DOT[b[off + 1]!]! + OCTET_DOT[b[off + 2]!]! + OCTET[b[off + 3]!]!;
}

/** IPv6 text from 16 bytes at `off`, as inet_ntop(3) writes it. */
export function formatIPv6(b: Uint8Array, off = 0): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  // glibc prints ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible,
  // when exactly the first six words are zero) with a dotted quad.
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0) {
    if (w[5] === 0xffff) return `::ffff:${formatIPv4(b, off + 12)}`;
    if (w[5] === 0 && w[6] !== 0) return `::${formatIPv4(b, off + 12)}`;
  }
  // The longest run of two or more zero words becomes "::" (the first, on ties).
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number, z: number) => w.slice(a, z).map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** Address text from 4 or 16 bytes; undefined for other lengths. */
export function formatIP(b: Uint8Array): string | undefined {
  if (b.length === 4) return formatIPv4(b);
  if (b.length === 16) return formatIPv6(b);
  return undefined;
}

/** Address text from the `len` bytes at `off` (4 or 16), without making a view first; undefined for other lengths. */
export function formatIPAt(b: Uint8Array, off: number, len: number): string | undefined {
  if (len === 4) return formatIPv4(b, off);
  if (len === 16) return formatIPv6(b, off);
  return undefined;
}

/**
 * 4 bytes from "a.b.c.d", or undefined when the text is not an IPv4 address:
 * four parts of one to three digits, each at most 255 (leading zeros allowed).
 * Scanned by hand, without split() or a regular expression: bulk operations
 * parse one per route or address (bench/micro/codec-cost.ts).
 */
export function parseIPv4(s: string): Buffer | undefined {
  const n = s.length;
  if (n < 7 || n > 15) return undefined;
  let part = 0, value = 0, digits = 0;
  let a = 0, b = 0, c = 0;
  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46 /* . */) {
      if (digits === 0 || part === 3) return undefined;
      if (part === 0) a = value;
      else if (part === 1) b = value;
      else c = value;
      part++;
      value = 0;
      digits = 0;
    } else if (ch >= 48 && ch <= 57) {
      if (++digits > 3) return undefined;
      value = value * 10 + (ch - 48);
      if (value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (part !== 3 || digits === 0) return undefined;
  const out = Buffer.allocUnsafe(4);
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = value;
  return out;
}

/** 16 bytes from IPv6 text (with "::" and an optional trailing dotted quad), or undefined. */
export function parseIPv6(s: string): Buffer | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length < 2) return undefined;
  let tail: Buffer | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > 0) {
    tail = parseIPv4(s.slice(lastColon + 1));
    if (!tail) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (h: string) => (h === '' ? [] : h.split(':'));
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  const out = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) {
    const x = all[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(x)) return undefined;
    out.writeUInt16BE(parseInt(x, 16), 2 * i);
  }
  if (tail) tail.copy(out, 12);
  return out;
}

/** Bytes of an IPv4 or IPv6 address, or undefined. */
export function parseIP(s: string): Buffer | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/** "aa:bb:cc:dd:ee:ff" from any number of bytes (empty for none). */
export function formatLladdr(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ':' : '') + (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  return s;
}

/** Bytes from colon-separated hex ("aa:bb:cc:dd:ee:ff"), or undefined. */
export function parseLladdr(s: string): Buffer | undefined {
  if (s === '') return Buffer.alloc(0);
  const parts = s.split(':');
  if (!parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}
