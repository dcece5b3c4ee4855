// The differential check of the link and address printers: print what the
// library dumps from a namespace, run `ip -n NS FLAGS link|addr show` on
// the same namespace, and compare, text line by line and JSON both parsed
// and byte for byte.
//
// Volatile values. Our dump and ip's are two reads of the kernel, so
// anything that moves between them would differ for no fault of the
// printer:
// - statistics counters (IPv6 sends router solicitations and MLD reports
//   on links that are up), address lifetimes (valid_lft counts down each
//   second) and DAD's "tentative" are not normalised: ours is rendered
//   before and after ip runs, and the comparison is made only when both
//   renderings agree, so that ip read the same state (retried until they
//   do);
// - bridge timers (gc_timer, hello_timer, ...) move every hundredth of a
//   second and never hold still: their values are replaced with 0.00 on
//   both sides (the key and its layout are still compared).

import { expect } from 'vitest';
import { AF_INET, AF_INET6, AF_PACKET } from '../../src/netlink/constants.js';
import { formatAddresses } from '../../src/cli/print/address.js';
import { loadNameTables } from '../../src/cli/print/conf.js';
import type { PrintOptions } from '../../src/cli/print/context.js';
import { formatLinks } from '../../src/cli/print/link.js';
import { dumpAddrs, dumpLinks } from './print-dump.js';
import { ip } from './privileged.js';

/** The flag sets every topology is compared under. */
export const FLAG_SETS: readonly (readonly string[])[] = [
  [], ['-d'], ['-s'], ['-s', '-s'], ['-br'], ['-o'], ['-d', '-s', '-s'],
  ['-j'], ['-j', '-p'], ['-j', '-d'], ['-j', '-s', '-s'], ['-j', '-br'], ['-j', '-p', '-d', '-s'],
];

/** More for addresses: the family filters. */
const ADDR_FLAG_SETS: readonly (readonly string[])[] = [
  ...FLAG_SETS, ['-4'], ['-6'], ['-br', '-6'], ['-j', '-4'], ['-s', '-6'], ['-j', '-p', '-6'], ['-o', '-4'],
];

/** PrintOptions for ip's global flags. */
export function optionsFor(flags: readonly string[]): PrintOptions {
  const o: PrintOptions = { names: loadNameTables() };
  for (const f of flags) {
    if (f === '-d') o.details = true;
    else if (f === '-s') o.stats = (o.stats ?? 0) + 1;
    else if (f === '-j') o.json = true;
    else if (f === '-p') o.pretty = true;
    else if (f === '-br') o.brief = true;
    else if (f === '-o') o.oneline = true;
    else if (f === '-4') o.family = 'inet';
    else if (f === '-6') o.family = 'inet6';
    else if (f === '-h') o.human = true;
    else if (f === '-iec') o.iec = true;
    else throw new Error(`no such flag here: ${f}`);
  }
  return o;
}

/** `ip link show`, from our dump (the request ip sends: AF_PACKET, RTEXT_FILTER_VF). */
export function renderLinks(ns: string, opts: PrintOptions): string {
  return formatLinks(dumpLinks(ns, AF_PACKET), opts);
}

/** `ip addr show`, from our dumps, -4/-6 asking with that family as ip does. */
export function renderAddrs(ns: string, opts: PrintOptions): string {
  const family = opts.family === 'inet' ? AF_INET : opts.family === 'inet6' ? AF_INET6 : 0;
  const links = family ? dumpLinks(ns, family, null) : dumpLinks(ns, 0);
  // AF_INET6 link messages carry no IFLA_TXQLEN: ip asks an ioctl, we look at the full dump
  const known = family === AF_INET6 ? dumpLinks(ns, 0) : undefined;
  return formatAddresses(links, dumpAddrs(ns, family), known ? { ...opts, known } : opts);
}

const TIMER = /("?(?:gc|hello|tcn|topology_change|hold|message_age|forward_delay)_timer"?:? *)\d+\.\d\d/g;
const stable = (s: string) => s.replace(TIMER, (_m, key: string) => `${key}0.00`);

/**
 * Render ours around one run of ip until ours holds still, then compare:
 * every line in text, and for -j the parsed value and the bytes.
 */
export function expectSameAsIp(ns: string, flags: readonly string[], object: 'link' | 'addr', extra: PrintOptions = {}): void {
  const opts = { ...optionsFor(flags), ...extra };
  const render = () => stable(object === 'link' ? renderLinks(ns, opts) : renderAddrs(ns, opts));
  let ours = '';
  let theirs = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = render();
    theirs = stable(ip('-n', ns, ...flags, object, 'show'));
    ours = render();
    if (before === ours) break;
  }
  const what = `ip ${flags.join(' ')} ${object} show`;
  if (opts.json) expect(JSON.parse(ours), what).toEqual(JSON.parse(theirs));
  expect(ours.split('\n'), what).toEqual(theirs.split('\n'));
}

/** expectSameAsIp() under every flag set (and -4/-6 for addresses). */
export function expectSameUnderAllFlags(ns: string, object: 'link' | 'addr', extra: PrintOptions = {}): void {
  for (const flags of object === 'addr' ? ADDR_FLAG_SETS : FLAG_SETS) expectSameAsIp(ns, flags, object, extra);
}
