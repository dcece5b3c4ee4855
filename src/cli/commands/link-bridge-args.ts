// ip link add ... type bridge [ forward_delay N ] [ stp_state N ] ...
// (ip/iplink_bridge.c bridge_parse_opt() in iproute2 6.1): one row per
// keyword, in ip's order, so that abbreviations resolve as ip resolves
// them ("f" is forward_delay, "mcast_q" is mcast_query_use_ifaddr, "n" is
// nf_call_iptables). A row names the value's C type, as ip reads it, and
// the BridgeOptions key it becomes; rows without a key are keywords ip
// takes and tsip's link operations cannot carry yet.

import type { BridgeOptions } from '../../ops/link-kinds.js';
import { type Args, CliError, invarg, matches } from '../args.js';
import { KIND_HELP } from './link-usage.js';
import { getUnsigned, llAddrA2n, macText, U16, U32, U64, U8 } from './link-util.js';
import { unsupported } from './link-parse.js';

type Width = 'u8' | 'u16' | 'u32' | 'u64' | 'proto' | 'lladdr' | 'none';

/** [keyword, how ip reads its value, the option it becomes, exact match only] */
const ROWS: ReadonlyArray<readonly [string, Width, keyof BridgeOptions | null, boolean?]> = [
  ['forward_delay', 'u32', 'forwardDelay'],
  ['hello_time', 'u32', 'helloTime'],
  ['max_age', 'u32', 'maxAge'],
  ['ageing_time', 'u32', 'ageingTime'],
  ['stp_state', 'u32', 'stpState'],
  ['priority', 'u16', 'priority'],
  ['vlan_filtering', 'u8', 'vlanFiltering'],
  ['vlan_protocol', 'proto', 'vlanProtocol'],
  ['group_fwd_mask', 'u16', 'groupFwdMask'],
  ['group_address', 'lladdr', 'groupAddress'],
  ['no_linklocal_learn', 'u8', null, true],
  ['fdb_flush', 'none', null],
  ['vlan_default_pvid', 'u16', 'vlanDefaultPvid'],
  ['vlan_stats_enabled', 'u8', 'vlanStatsEnabled'],
  ['vlan_stats_per_port', 'u8', null],
  ['mcast_router', 'u8', 'mcastRouter'],
  ['mcast_snooping', 'u8', 'mcastSnooping'],
  ['mcast_vlan_snooping', 'u8', null, true],
  ['mcast_query_use_ifaddr', 'u8', null],
  ['mcast_querier', 'u8', 'mcastQuerier'],
  ['mcast_hash_elasticity', 'u32', null],
  ['mcast_hash_max', 'u32', null],
  ['mcast_last_member_count', 'u32', null],
  ['mcast_startup_query_count', 'u32', null],
  ['mcast_last_member_interval', 'u64', null],
  ['mcast_membership_interval', 'u64', null],
  ['mcast_querier_interval', 'u64', null],
  ['mcast_query_interval', 'u64', null],
  ['mcast_query_response_interval', 'u64', null],
  ['mcast_startup_query_interval', 'u64', null],
  ['mcast_stats_enabled', 'u8', null],
  ['mcast_igmp_version', 'u8', 'mcastIgmpVersion'],
  ['mcast_mld_version', 'u8', 'mcastMldVersion'],
  ['nf_call_iptables', 'u8', 'nfCallIptables'],
  ['nf_call_ip6tables', 'u8', 'nfCallIp6tables'],
  ['nf_call_arptables', 'u8', 'nfCallArptables'],
];

const MAX: Record<string, bigint> = { u8: U8, u16: U16, u32: U32, u64: U64 };

/** Options the kernel reads as on/off (any non-zero u8 is on). */
const BOOLS = new Set<keyof BridgeOptions>(['vlanFiltering', 'vlanStatsEnabled', 'mcastSnooping', 'mcastQuerier', 'nfCallIptables', 'nfCallIp6tables', 'nfCallArptables']);

/** ll_proto_a2n() for the two protocols a bridge takes: a name, or a number */
function vlanProtocol(v: string): '802.1Q' | '802.1ad' | undefined {
  const n = v.toLowerCase() === '802.1q' ? 0x8100 : v.toLowerCase() === '802.1ad' ? 0x88a8 : Number(getUnsigned(v, U16) ?? -1);
  if (n < 0) return undefined;
  if (n === 0x8100) return '802.1Q';
  if (n === 0x88a8) return '802.1ad';
  throw unsupported(`vlan_protocol ${v}`);
}

export function parseBridgeArgs(a: Args): BridgeOptions {
  const explain = KIND_HELP.bridge!.replace(/\n$/, '');
  const o: Record<string, unknown> = {};
  while (!a.done) {
    const arg = a.take();
    const row = ROWS.find(([kw, , , exact]) => (exact ? arg === kw : matches(arg, kw)));
    if (!row) {
      if (matches(arg, 'help')) throw new CliError(explain, 1);
      throw new CliError(`bridge: unknown command "${arg}"?\n${explain}`, 1);
    }
    const [kw, width, key] = row;
    let value: unknown;
    if (width === 'none') value = true;
    else {
      const v = a.value();
      if (width === 'lladdr') value = macText(llAddrA2n(v));
      else if (width === 'proto') {
        value = vlanProtocol(v);
        if (value === undefined) throw invarg(`invalid ${kw}`, v);
      } else {
        const n = getUnsigned(v, MAX[width]!);
        if (n === undefined) throw invarg(`invalid ${kw}`, v);
        value = Number(n);
      }
    }
    if (key === null) throw unsupported(kw);
    if (BOOLS.has(key)) value = value !== 0;
    // the kernel starts STP for any non-zero stp_state: 1 asks the same
    if (key === 'stpState' && (value as number) > 2) value = 1;
    o[key] = value;
  }
  return o as BridgeOptions;
}
