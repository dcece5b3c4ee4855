// `ip -d link` for a bridge port (IFLA_INFO_SLAVE_KIND "bridge"):
// ip/iplink_bridge_slave.c bridge_slave_print_opt().

import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';
import { sprintf } from '../printf.js';
import { bridgeId, printTimer } from './common.js';

/** port_states[], indexed by BR_STATE_* */
const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

/** fwd_mask_tbl[]: names of group_fwd_mask bits */
const FWD_MASK_NAMES: Readonly<Record<number, string>> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };

/** _bitmask2str(): "stp,lacp,0x8" for the set bits, "0x0" for none */
function fwdMaskStr(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; mask; i++, mask >>= 1) if (mask & 1) parts.push(FWD_MASK_NAMES[i] ?? sprintf('0x%x', 1 << i));
  return parts.length ? parts.join(',') : '0x0';
}

type Row = readonly [attr: string, key: string, fmt: string];

const onOff = (ctx: PrintContext, d: Attrs, rows: readonly Row[]) => {
  for (const [attr, key, fmt] of rows) if (d[attr] !== undefined) ctx.out.onOff('any', key, fmt, d[attr] as number);
};

export function printBridgeSlave(ctx: PrintContext, d: Attrs): void {
  const out = ctx.out;
  if (d.IFLA_BRPORT_STATE !== undefined) {
    const state = d.IFLA_BRPORT_STATE as number;
    if (state < PORT_STATES.length) out.string('any', 'state', 'state %s ', PORT_STATES[state]!);
    else out.int('any', 'state_index', 'state (%d) ', state);
  }
  if (d.IFLA_BRPORT_PRIORITY !== undefined) out.int('any', 'priority', 'priority %d ', d.IFLA_BRPORT_PRIORITY as number);
  if (d.IFLA_BRPORT_COST !== undefined) out.int('any', 'cost', 'cost %d ', d.IFLA_BRPORT_COST as number);
  onOff(ctx, d, [
    ['IFLA_BRPORT_MODE', 'hairpin', 'hairpin %s '],
    ['IFLA_BRPORT_GUARD', 'guard', 'guard %s '],
    ['IFLA_BRPORT_PROTECT', 'root_block', 'root_block %s '],
    ['IFLA_BRPORT_FAST_LEAVE', 'fastleave', 'fastleave %s '],
    ['IFLA_BRPORT_LEARNING', 'learning', 'learning %s '],
    ['IFLA_BRPORT_UNICAST_FLOOD', 'flood', 'flood %s '],
  ]);
  if (d.IFLA_BRPORT_ID !== undefined) out.hex0x('any', 'id', 'port_id %#llx ', d.IFLA_BRPORT_ID as number);
  if (d.IFLA_BRPORT_NO !== undefined) out.hex0x('any', 'no', 'port_no %#llx ', d.IFLA_BRPORT_NO as number);
  if (d.IFLA_BRPORT_DESIGNATED_PORT !== undefined) {
    out.uint('any', 'designated_port', 'designated_port %u ', d.IFLA_BRPORT_DESIGNATED_PORT as number);
  }
  if (d.IFLA_BRPORT_DESIGNATED_COST !== undefined) {
    out.uint('any', 'designated_cost', 'designated_cost %u ', d.IFLA_BRPORT_DESIGNATED_COST as number);
  }
  if (d.IFLA_BRPORT_BRIDGE_ID !== undefined) {
    out.string('any', 'bridge_id', 'designated_bridge %s ', bridgeId(d.IFLA_BRPORT_BRIDGE_ID));
  }
  if (d.IFLA_BRPORT_ROOT_ID !== undefined) out.string('any', 'root_id', 'designated_root %s ', bridgeId(d.IFLA_BRPORT_ROOT_ID));
  if (d.IFLA_BRPORT_HOLD_TIMER !== undefined) printTimer(ctx, 'hold_timer', d.IFLA_BRPORT_HOLD_TIMER);
  if (d.IFLA_BRPORT_MESSAGE_AGE_TIMER !== undefined) printTimer(ctx, 'message_age_timer', d.IFLA_BRPORT_MESSAGE_AGE_TIMER);
  if (d.IFLA_BRPORT_FORWARD_DELAY_TIMER !== undefined) {
    printTimer(ctx, 'forward_delay_timer', d.IFLA_BRPORT_FORWARD_DELAY_TIMER);
  }
  if (d.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK !== undefined) {
    out.uint('any', 'topology_change_ack', 'topology_change_ack %u ', d.IFLA_BRPORT_TOPOLOGY_CHANGE_ACK as number);
  }
  if (d.IFLA_BRPORT_CONFIG_PENDING !== undefined) {
    out.uint('any', 'config_pending', 'config_pending %u ', d.IFLA_BRPORT_CONFIG_PENDING as number);
  }
  onOff(ctx, d, [
    ['IFLA_BRPORT_PROXYARP', 'proxy_arp', 'proxy_arp %s '],
    ['IFLA_BRPORT_PROXYARP_WIFI', 'proxy_arp_wifi', 'proxy_arp_wifi %s '],
  ]);
  if (d.IFLA_BRPORT_MULTICAST_ROUTER !== undefined) {
    out.uint('any', 'multicast_router', 'mcast_router %u ', d.IFLA_BRPORT_MULTICAST_ROUTER as number);
  }
  // fast leave again, text only: JSON has it as "fastleave" already
  if (d.IFLA_BRPORT_FAST_LEAVE !== undefined) {
    out.string('fp', null, 'mcast_fast_leave %s ', d.IFLA_BRPORT_FAST_LEAVE ? 'on' : 'off');
  }
  onOff(ctx, d, [
    ['IFLA_BRPORT_MCAST_FLOOD', 'mcast_flood', 'mcast_flood %s '],
    ['IFLA_BRPORT_BCAST_FLOOD', 'bcast_flood', 'bcast_flood %s '],
    ['IFLA_BRPORT_MCAST_TO_UCAST', 'mcast_to_unicast', 'mcast_to_unicast %s '],
    ['IFLA_BRPORT_NEIGH_SUPPRESS', 'neigh_suppress', 'neigh_suppress %s '],
  ]);
  if (d.IFLA_BRPORT_GROUP_FWD_MASK !== undefined) {
    const mask = d.IFLA_BRPORT_GROUP_FWD_MASK as number;
    out.hex0x('any', 'group_fwd_mask', 'group_fwd_mask %#llx ', mask);
    out.string('any', 'group_fwd_mask_str', 'group_fwd_mask_str %s ', fwdMaskStr(mask));
  }
  onOff(ctx, d, [
    ['IFLA_BRPORT_VLAN_TUNNEL', 'vlan_tunnel', 'vlan_tunnel %s '],
    ['IFLA_BRPORT_ISOLATED', 'isolated', 'isolated %s '],
    ['IFLA_BRPORT_LOCKED', 'locked', 'locked %s '],
  ]);
  if (d.IFLA_BRPORT_BACKUP_PORT !== undefined) {
    out.string('any', 'backup_port', 'backup_port %s ', ctx.indexToName(d.IFLA_BRPORT_BACKUP_PORT as number));
  }
}
