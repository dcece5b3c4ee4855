// What the link commands share: numbers and addresses read as iproute2's
// lib/utils.c reads them (C's strtol/strtoul, so "0x10", "010" and " 5"
// are numbers, "5k" is not), link names turned into indexes as
// ll_name_to_index() does, and namespaces named as netns_get_fd() names them.

import { accessSync, constants as fsc } from 'node:fs';
import { UsageError } from '../../netlink/errors.js';
import { NETNS_RUN_DIR, type NetnsRef } from '../../netlink/netns.js';
import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { getLink } from '../../ops/link.js';
import { CliError, invarg } from '../args.js';
import type { CliContext } from '../context.js';

const SPACE = /[ \t\n\v\f\r]/;

/**
 * C's strtol/strtoul on the whole of `s` (base 0: 0x hex, 0 octal, else
 * decimal; leading blanks and a sign allowed). undefined when there are no
 * digits or something follows them.
 */
export function strtoBig(s: string, base = 0): bigint | undefined {
  let i = 0;
  while (i < s.length && SPACE.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  const hexPrefix = (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-f]/i.test(s[i + 2] ?? ''));
  if (base === 0) base = hexPrefix ? 16 : s[i] === '0' ? 8 : 10;
  if (base === 16 && hexPrefix) i += 2;
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d);
  }
  if (i === start || i !== s.length) return undefined;
  return neg ? -v : v;
}

/** get_integer(): a C int */
export function getInteger(s: string, base = 0): number | undefined {
  const v = s === '' ? undefined : strtoBig(s, base);
  return v === undefined || v < -2147483648n || v > 2147483647n ? undefined : Number(v);
}

/** get_unsigned()/get_u32()/get_u16()/get_u8()/get_u64(): strtoul, then at most `max` */
export function getUnsigned(s: string, max: bigint, base = 0): bigint | undefined {
  let v = s === '' ? undefined : strtoBig(s, base);
  if (v === undefined) return undefined;
  if (v < 0n) v = v >= -(2n ** 64n) + 1n ? 2n ** 64n + v : 2n ** 64n; // strtoul negates in unsigned long
  return v > max ? undefined : v;
}
export const U8 = 0xffn, U16 = 0xffffn, U32 = 0xffffffffn, U64 = 0xffffffffffffffffn;
export const getU32 = (s: string, base = 0) => num(getUnsigned(s, U32, base));
export const getU16 = (s: string, base = 0) => num(getUnsigned(s, U16, base));
export const getU8 = (s: string, base = 0) => num(getUnsigned(s, U8, base));
const num = (v: bigint | undefined) => (v === undefined ? undefined : Number(v));

/**
 * ll_addr_a2n(): "aa:bb:cc:dd:ee:ff" (each part as sscanf("%x") reads it) or
 * a dotted IPv4 address. The bytes, or a CliError worded as ip's
 * ('"zz" is invalid lladdr.', exit 1: ip returns -1).
 */
export function llAddrA2n(arg: string, max = 32): Buffer {
  const bad = (part: string) => new CliError(`"${part}" is invalid lladdr.`, 1);
  if (arg.includes('.')) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(arg);
    if (!m || m.slice(1).some((p) => Number(p) > 255)) throw bad(arg);
    return Buffer.from(m.slice(1).map(Number));
  }
  const out: number[] = [];
  let rest = arg;
  for (;;) {
    const colon = rest.indexOf(':');
    const part = colon < 0 ? rest : rest.slice(0, colon);
    const m = /^[ \t\n\v\f\r]*[+-]?(?:0[xX])?([0-9a-fA-F]+)/.exec(part);
    if (!m) throw bad(part);
    const v = BigInt(`0x${m[1]}`);
    if (v > 255n || (v !== 0n && /^[ \t\n\v\f\r]*-/.test(part))) throw bad(part);
    out.push(Number(v));
    if (colon < 0 || out.length >= max) break;
    rest = rest.slice(colon + 1);
  }
  return Buffer.from(out);
}

/** Bytes as "aa:bb:cc" (the form the ops take an address in). */
export const macText = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** check_altifname(): not "." or "..", no "/" and no blank */
export const validAltIfname = (name: string): boolean =>
  name !== '.' && name !== '..' && !/[/ \t\n\v\f\r]/.test(name);

/** check_ifname(): an altname check plus 1 to 15 bytes */
export const validIfname = (name: string): boolean =>
  name !== '' && Buffer.byteLength(name) < 16 && validAltIfname(name);

/**
 * ll_name_to_index(): the link's message by name (one RTM_GETLINK, with
 * statistics as ip asks for them), or undefined when there is none.
 */
export async function findLink(ctx: CliContext, name: string): Promise<LinkMessage | undefined> {
  if (!validIfname(name) || name.includes(':')) return undefined;
  try {
    return (await getLink(name, { ...ctx.op, stats: true })).message;
  } catch (e) {
    if (e instanceof UsageError) return undefined;
    throw e;
  }
}

/** ll_name_to_index(): the index, 0 when there is no such link ("if7" names index 7, as ll_idx_a2n reads it). */
export async function nameToIndex(ctx: CliContext, name: string): Promise<number> {
  const msg = await findLink(ctx, name);
  if (msg) return msg.ifi_index;
  const m = /^if(\d+)$/.exec(name);
  return m ? Number(m[1]) >>> 0 : 0;
}

/** ip's nodev(): Cannot find device "x", exit 1 */
export const nodev = (name: string) => new CliError(`Cannot find device "${name}"`, 1);

/**
 * `netns { NAME | PID }` as ip reads it: a file under /run/netns (or a
 * path, when the name has a "/"), else a pid; else 'Invalid "netns" value'.
 */
export function netnsArg(arg: string): NetnsRef {
  const path = arg.includes('/') ? arg : `${NETNS_RUN_DIR}/${arg}`;
  try {
    accessSync(path, fsc.R_OK);
    return { path };
  } catch {
    const pid = getInteger(arg);
    if (pid !== undefined) return { pid };
    throw invarg('Invalid "netns" value\n', arg);
  }
}
