// `ip -d link` for kind "vxlan": ip/iplink_vxlan.c vxlan_print_opt().

import { VXLAN_DF } from '../../../netlink/rtnl/linkinfo/vxlan.js';
import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';

const isMulticast4 = (a: string) => {
  const first = Number(a.split('.')[0]);
  return first >= 224 && first <= 239;
};
const isMulticast6 = (a: string) => a.toLowerCase().startsWith('ff');

export function printVxlan(ctx: PrintContext, d: Attrs): void {
  const out = ctx.out;
  if (d.IFLA_VXLAN_COLLECT_METADATA) out.bool('any', 'external', 'external ', true);
  if (d.IFLA_VXLAN_VNIFILTER) out.bool('any', 'vnifilter', 'vnifilter', true);
  if (d.IFLA_VXLAN_ID !== undefined) out.uint('any', 'id', 'id %u ', d.IFLA_VXLAN_ID as number);

  if (d.IFLA_VXLAN_GROUP !== undefined) {
    const a = d.IFLA_VXLAN_GROUP as string;
    if (a !== '0.0.0.0') {
      if (isMulticast4(a)) out.string('any', 'group', 'group %s ', a);
      else out.string('any', 'remote', 'remote %s ', a);
    }
  } else if (d.IFLA_VXLAN_GROUP6 !== undefined) {
    const a = d.IFLA_VXLAN_GROUP6 as string;
    if (a !== '::') {
      if (isMulticast6(a)) out.string('any', 'group6', 'group %s ', a);
      else out.string('any', 'remote6', 'remote %s ', a);
    }
  }

  if (d.IFLA_VXLAN_LOCAL !== undefined) {
    const a = d.IFLA_VXLAN_LOCAL as string;
    if (a !== '0.0.0.0') out.string('any', 'local', 'local %s ', a);
  } else if (d.IFLA_VXLAN_LOCAL6 !== undefined) {
    const a = d.IFLA_VXLAN_LOCAL6 as string;
    if (a !== '::') out.string('any', 'local6', 'local %s ', a);
  }

  if (d.IFLA_VXLAN_LINK) out.string('any', 'link', 'dev %s ', ctx.indexToName(d.IFLA_VXLAN_LINK as number));

  if (d.IFLA_VXLAN_PORT_RANGE !== undefined) {
    const r = d.IFLA_VXLAN_PORT_RANGE as { low: number; high: number };
    if (out.isJson) {
      out.openObject('port_range');
      out.uint('json', 'low', null, r.low);
      out.uint('json', 'high', null, r.high);
      out.closeObject();
    } else {
      out.fp('srcport %u %u ', r.low, r.high);
    }
  }
  if (d.IFLA_VXLAN_PORT !== undefined) out.uint('any', 'port', 'dstport %u ', d.IFLA_VXLAN_PORT as number);

  if (d.IFLA_VXLAN_LEARNING !== undefined) {
    const learning = !!d.IFLA_VXLAN_LEARNING;
    out.bool('json', 'learning', null, learning);
    if (!learning) out.bool('fp', null, 'nolearning ', true);
  }
  if (d.IFLA_VXLAN_PROXY) out.bool('any', 'proxy', 'proxy ', true);
  if (d.IFLA_VXLAN_RSC) out.bool('any', 'rsc', 'rsc ', true);
  if (d.IFLA_VXLAN_L2MISS) out.bool('any', 'l2miss', 'l2miss ', true);
  if (d.IFLA_VXLAN_L3MISS) out.bool('any', 'l3miss', 'l3miss ', true);

  const tos = (d.IFLA_VXLAN_TOS as number | undefined) ?? 0;
  if (tos) {
    if (out.isJson || tos !== 1) out.hex0x('any', 'tos', 'tos %#llx ', tos);
    else out.string('fp', null, 'tos %s ', 'inherit');
  }

  if (d.IFLA_VXLAN_TTL_INHERIT) {
    out.string('fp', null, 'ttl %s ', 'inherit');
  } else if (d.IFLA_VXLAN_TTL !== undefined) {
    const ttl = d.IFLA_VXLAN_TTL as number;
    if (out.isJson || ttl) out.uint('any', 'ttl', 'ttl %u ', ttl);
    else out.string('fp', null, 'ttl %s ', 'auto');
  }

  if (d.IFLA_VXLAN_DF !== undefined) {
    const df = d.IFLA_VXLAN_DF as number;
    if (df === VXLAN_DF.VXLAN_DF_UNSET) out.string('json', 'df', 'df %s ', 'unset');
    else if (df === VXLAN_DF.VXLAN_DF_SET) out.string('any', 'df', 'df %s ', 'set');
    else if (df === VXLAN_DF.VXLAN_DF_INHERIT) out.string('any', 'df', 'df %s ', 'inherit');
  }

  if (d.IFLA_VXLAN_LABEL) out.hex0x('any', 'label', 'flowlabel %#llx ', d.IFLA_VXLAN_LABEL as number);

  if (d.IFLA_VXLAN_AGEING !== undefined) {
    const age = d.IFLA_VXLAN_AGEING as number;
    if (age === 0) out.uint('any', 'ageing', 'ageing none ', 0);
    else out.uint('any', 'ageing', 'ageing %u ', age);
  }
  if (d.IFLA_VXLAN_LIMIT) out.uint('any', 'limit', 'maxaddr %u ', d.IFLA_VXLAN_LIMIT as number);

  // udpcsum / noudpcsum and the two IPv6 zero-checksum switches
  const csums: ReadonlyArray<readonly [string, string, string]> = [
    ['IFLA_VXLAN_UDP_CSUM', 'udp_csum', 'udpcsum '],
    ['IFLA_VXLAN_UDP_ZERO_CSUM6_TX', 'udp_zero_csum6_tx', 'udp6zerocsumtx '],
    ['IFLA_VXLAN_UDP_ZERO_CSUM6_RX', 'udp_zero_csum6_rx', 'udp6zerocsumrx '],
  ];
  for (const [attr, key, word] of csums) {
    if (d[attr] === undefined) continue;
    const on = !!d[attr];
    if (out.isJson) out.bool('any', key, null, on);
    else out.fp(`${on ? '' : 'no'}${word}`);
  }

  if (d.IFLA_VXLAN_REMCSUM_TX) out.bool('any', 'remcsum_tx', 'remcsumtx ', true);
  if (d.IFLA_VXLAN_REMCSUM_RX) out.bool('any', 'remcsum_rx', 'remcsumrx ', true);
  if (d.IFLA_VXLAN_GBP) out.bool('any', 'gbp', 'gbp ', true);
  if (d.IFLA_VXLAN_GPE) out.bool('any', 'gpe', 'gpe ', true);
}
