// Helpers the per-kind printers share (ip/iplink_bridge.c, iplink_bridge_slave.c).

import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';
import { sprintf } from '../printf.js';

/** A kind's printer: ip's link_util print_opt(), given the kind's decoded IFLA_INFO_DATA. */
export type KindPrinter = (ctx: PrintContext, data: Attrs) => void;

/**
 * br_dump_bridge_id(): "8000.76:b8:e:eb:78:fa", the priority as 4 hex
 * digits, then the address as ether_ntoa_r() writes it (no zero padding).
 */
export function bridgeId(id: unknown): string {
  const { prio, addr } = id as { prio: number; addr: Buffer };
  return `${sprintf('%.2x%.2x', (prio >> 8) & 0xff, prio & 0xff)}.${[...addr].map((b) => b.toString(16)).join(':')}`;
}

/**
 * _print_timer() / _bridge_print_timer(): a timer in hundredths of a second
 * (USER_HZ) as seconds: "hold_timer    0.00 " in text, a bare number
 * (0.00) in JSON.
 */
export function printTimer(ctx: PrintContext, name: string, jiffies: unknown): void {
  const usec = 10000n * BigInt(jiffies as bigint);
  const sec = Number(usec / 1000000n);
  const cs = Math.trunc(Number(usec % 1000000n) / 10000);
  if (ctx.out.jw) ctx.out.jw.name(name).raw(sprintf('%i.%.2i', sec, cs));
  else ctx.out.fp('%s %4i.%.2i ', name, sec, cs);
}
