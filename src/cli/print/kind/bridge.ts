// `ip -d link` for kind "bridge": ip/iplink_bridge.c bridge_print_opt().

import { BR_BOOLOPT } from '../../../netlink/rtnl/linkinfo/bridge.js';
import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';
import { llProtoName } from '../names.js';
import { bridgeId, printTimer } from './common.js';

/** IFLA_BR_* u8/u16/u32 values ip prints as "key N", in ip's order up to the bridge ids */
const HEAD: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_FORWARD_DELAY', 'forward_delay', 'forward_delay %u '],
  ['IFLA_BR_HELLO_TIME', 'hello_time', 'hello_time %u '],
  ['IFLA_BR_MAX_AGE', 'max_age', 'max_age %u '],
  ['IFLA_BR_AGEING_TIME', 'ageing_time', 'ageing_time %u '],
  ['IFLA_BR_STP_STATE', 'stp_state', 'stp_state %u '],
  ['IFLA_BR_PRIORITY', 'priority', 'priority %u '],
  ['IFLA_BR_VLAN_FILTERING', 'vlan_filtering', 'vlan_filtering %u '],
];

const MIDDLE: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_ROOT_PORT', 'root_port', 'root_port %u '],
  ['IFLA_BR_ROOT_PATH_COST', 'root_path_cost', 'root_path_cost %u '],
  ['IFLA_BR_TOPOLOGY_CHANGE', 'topology_change', 'topology_change %u '],
  ['IFLA_BR_TOPOLOGY_CHANGE_DETECTED', 'topology_change_detected', 'topology_change_detected %u '],
];

const TIMERS: ReadonlyArray<readonly [string, string]> = [
  ['IFLA_BR_HELLO_TIMER', 'hello_timer'],
  ['IFLA_BR_TCN_TIMER', 'tcn_timer'],
  ['IFLA_BR_TOPOLOGY_CHANGE_TIMER', 'topology_change_timer'],
  ['IFLA_BR_GC_TIMER', 'gc_timer'],
];

const VLAN: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_VLAN_DEFAULT_PVID', 'vlan_default_pvid', 'vlan_default_pvid %u '],
  ['IFLA_BR_VLAN_STATS_ENABLED', 'vlan_stats_enabled', 'vlan_stats_enabled %u '],
  ['IFLA_BR_VLAN_STATS_PER_PORT', 'vlan_stats_per_port', 'vlan_stats_per_port %u '],
];

const MCAST: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_MCAST_ROUTER', 'mcast_router', 'mcast_router %u '],
  ['IFLA_BR_MCAST_QUERY_USE_IFADDR', 'mcast_query_use_ifaddr', 'mcast_query_use_ifaddr %u '],
  ['IFLA_BR_MCAST_QUERIER', 'mcast_querier', 'mcast_querier %u '],
  ['IFLA_BR_MCAST_HASH_ELASTICITY', 'mcast_hash_elasticity', 'mcast_hash_elasticity %u '],
  ['IFLA_BR_MCAST_HASH_MAX', 'mcast_hash_max', 'mcast_hash_max %u '],
  ['IFLA_BR_MCAST_LAST_MEMBER_CNT', 'mcast_last_member_cnt', 'mcast_last_member_count %u '],
  ['IFLA_BR_MCAST_STARTUP_QUERY_CNT', 'mcast_startup_query_cnt', 'mcast_startup_query_count %u '],
];

/** the u64 intervals, printed with %llu */
const INTERVALS: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_MCAST_LAST_MEMBER_INTVL', 'mcast_last_member_intvl', 'mcast_last_member_interval %llu '],
  ['IFLA_BR_MCAST_MEMBERSHIP_INTVL', 'mcast_membership_intvl', 'mcast_membership_interval %llu '],
  ['IFLA_BR_MCAST_QUERIER_INTVL', 'mcast_querier_intvl', 'mcast_querier_interval %llu '],
  ['IFLA_BR_MCAST_QUERY_INTVL', 'mcast_query_intvl', 'mcast_query_interval %llu '],
  ['IFLA_BR_MCAST_QUERY_RESPONSE_INTVL', 'mcast_query_response_intvl', 'mcast_query_response_interval %llu '],
  ['IFLA_BR_MCAST_STARTUP_QUERY_INTVL', 'mcast_startup_query_intvl', 'mcast_startup_query_interval %llu '],
];

const TAIL: ReadonlyArray<readonly [string, string, string]> = [
  ['IFLA_BR_MCAST_STATS_ENABLED', 'mcast_stats_enabled', 'mcast_stats_enabled %u '],
  ['IFLA_BR_MCAST_IGMP_VERSION', 'mcast_igmp_version', 'mcast_igmp_version %u '],
  ['IFLA_BR_MCAST_MLD_VERSION', 'mcast_mld_version', 'mcast_mld_version %u '],
  ['IFLA_BR_NF_CALL_IPTABLES', 'nf_call_iptables', 'nf_call_iptables %u '],
  ['IFLA_BR_NF_CALL_IP6TABLES', 'nf_call_ip6tables', 'nf_call_ip6tables %u '],
  ['IFLA_BR_NF_CALL_ARPTABLES', 'nf_call_arptables', 'nf_call_arptables %u '],
];

function uints(ctx: PrintContext, d: Attrs, rows: ReadonlyArray<readonly [string, string, string]>): void {
  for (const [attr, key, fmt] of rows) if (d[attr] !== undefined) ctx.out.uint('any', key, fmt, d[attr] as number);
}

export function printBridge(ctx: PrintContext, d: Attrs): void {
  const out = ctx.out;
  uints(ctx, d, HEAD);
  if (d.IFLA_BR_VLAN_PROTOCOL !== undefined) {
    out.string('any', 'vlan_protocol', 'vlan_protocol %s ', llProtoName(d.IFLA_BR_VLAN_PROTOCOL as number));
  }
  if (d.IFLA_BR_BRIDGE_ID !== undefined) out.string('any', 'bridge_id', 'bridge_id %s ', bridgeId(d.IFLA_BR_BRIDGE_ID));
  // ip 6.1 prints the bridge id here too, not IFLA_BR_ROOT_ID's value
  if (d.IFLA_BR_ROOT_ID !== undefined && d.IFLA_BR_BRIDGE_ID !== undefined) {
    out.string('any', 'root_id', 'designated_root %s ', bridgeId(d.IFLA_BR_BRIDGE_ID));
  }
  uints(ctx, d, MIDDLE);
  for (const [attr, name] of TIMERS) if (d[attr] !== undefined) printTimer(ctx, name, d[attr]);
  uints(ctx, d, VLAN);
  if (d.IFLA_BR_GROUP_FWD_MASK !== undefined) {
    out.hex0x('any', 'group_fwd_mask', 'group_fwd_mask %#llx ', d.IFLA_BR_GROUP_FWD_MASK as number);
  }
  if (d.IFLA_BR_GROUP_ADDR !== undefined) out.string('any', 'group_addr', 'group_address %s ', d.IFLA_BR_GROUP_ADDR as string);
  if (d.IFLA_BR_MCAST_SNOOPING !== undefined) {
    out.uint('any', 'mcast_snooping', 'mcast_snooping %u ', d.IFLA_BR_MCAST_SNOOPING as number);
  }
  if (d.IFLA_BR_MULTI_BOOLOPT !== undefined) {
    const { optval, optmask } = d.IFLA_BR_MULTI_BOOLOPT as { optval: number; optmask: number };
    const noLlLearn = 1 << BR_BOOLOPT.BR_BOOLOPT_NO_LL_LEARN;
    const mcvl = 1 << BR_BOOLOPT.BR_BOOLOPT_MCAST_VLAN_SNOOPING;
    if (optmask & noLlLearn) out.uint('any', 'no_linklocal_learn', 'no_linklocal_learn %u ', optval & noLlLearn ? 1 : 0);
    if (optmask & mcvl) out.uint('any', 'mcast_vlan_snooping', 'mcast_vlan_snooping %u ', optval & mcvl ? 1 : 0);
  }
  uints(ctx, d, MCAST);
  for (const [attr, key, fmt] of INTERVALS) if (d[attr] !== undefined) out.u64('any', key, fmt, d[attr] as bigint);
  uints(ctx, d, TAIL);
}
