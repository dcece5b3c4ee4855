// The kinds ip prints options for under `-d` (ip's link_util with a
// print_opt), by IFLA_INFO_KIND, and by IFLA_INFO_SLAVE_KIND for ports.
// Kinds without one (veth, ifb, dummy) print their name alone.

import { printBridge } from './bridge.js';
import { printBridgeSlave } from './bridge_slave.js';
import type { KindPrinter } from './common.js';
import { printMacvlan } from './macvlan.js';
import { printTun } from './tun.js';
import { printVxlan } from './vxlan.js';

export type { KindPrinter } from './common.js';

const KINDS: ReadonlyMap<string, KindPrinter> = new Map([
  ['bridge', printBridge],
  ['macvlan', printMacvlan],
  ['macvtap', printMacvlan],
  ['tun', printTun],
  ['vxlan', printVxlan],
]);

const SLAVE_KINDS: ReadonlyMap<string, KindPrinter> = new Map([
  ['bridge', printBridgeSlave],
]);

/** The printer of IFLA_INFO_KIND `kind`, if ip has one. */
export const kindPrinter = (kind: string): KindPrinter | undefined => KINDS.get(kind);

/** The printer of the port data of IFLA_INFO_SLAVE_KIND `kind` ("bridge" -> bridge_slave), if ip has one. */
export const slaveKindPrinter = (kind: string): KindPrinter | undefined => SLAVE_KINDS.get(kind);
