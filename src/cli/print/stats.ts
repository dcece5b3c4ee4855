// Link statistics as `ip -s` prints them: ip/ipaddress.c print_stats64()
// and get_rtnl_link_stats_rta() (lib/utils.c).
//
//     RX:  bytes packets errors dropped  missed   mcast
//             0       0      0       0       0       0
//     RX errors:  length    crc   frame    fifo overrun        (-s -s)
//     TX:  bytes packets errors dropped carrier collsns
//     TX errors: aborted   fifo  window heartbt transns        (-s -s)
//
// Columns are as wide as their widest value (size_columns()). Counters are
// bigint and printed whole.

import { decodeAttrs, type Attrs } from '../../netlink/schema.js';
import { inet6Attrs } from '../../netlink/rtnl/link.js';
import { humanCount } from './human.js';
import type { Output } from './output.js';

/** struct rtnl_link_stats64, every counter a bigint */
export type Stats64 = Record<(typeof FIELDS)[number], bigint>;

const FIELDS = [
  'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped',
  'multicast', 'collisions', 'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors',
  'rx_fifo_errors', 'rx_missed_errors', 'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors',
  'tx_heartbeat_errors', 'tx_window_errors', 'rx_compressed', 'tx_compressed', 'rx_nohandler',
  'rx_otherhost_dropped',
] as const;

function toStats64(s: Record<string, unknown> | undefined): Stats64 {
  const out = {} as Stats64;
  for (const f of FIELDS) out[f] = BigInt((s?.[f] as number | bigint | undefined) ?? 0);
  return out;
}

/* IPSTATS_MIB_* indices of IFLA_INET6_STATS, as iproute2 6.1's headers number them */
const MIB = { INPKTS: 1, INOCTETS: 2, OUTPKTS: 5, OUTOCTETS: 6, INDISCARDS: 13, OUTDISCARDS: 14, INMCASTPKTS: 22, CSUMERRORS: 30 };

/**
 * get_rtnl_link_stats_rta(): the link's counters and the JSON key ip puts
 * them under: IFLA_STATS64 ("stats64"), else the 32-bit IFLA_STATS
 * ("stats"), else, in AF_INET6 link messages, the IPv6 MIB in IFLA_PROTINFO.
 */
export function linkStats(attrs: Attrs): { stats: Stats64; key: 'stats64' | 'stats' } | undefined {
  if (attrs.IFLA_STATS64) return { stats: toStats64(attrs.IFLA_STATS64 as Record<string, unknown>), key: 'stats64' };
  if (attrs.IFLA_STATS) return { stats: toStats64(attrs.IFLA_STATS as Record<string, unknown>), key: 'stats' };
  const proto = attrs.IFLA_PROTINFO;
  if (Buffer.isBuffer(proto)) {
    const mib = decodeAttrs(inet6Attrs, proto, 0, proto.length).IFLA_INET6_STATS as bigint[] | undefined;
    const at = (i: number) => mib?.[i] ?? 0n;
    const s = toStats64(undefined);
    if (mib) {
      s.rx_packets = at(MIB.INPKTS); s.rx_bytes = at(MIB.INOCTETS);
      s.tx_packets = at(MIB.OUTPKTS); s.tx_bytes = at(MIB.OUTOCTETS);
      s.rx_errors = at(MIB.INDISCARDS); s.tx_errors = at(MIB.OUTDISCARDS);
      s.multicast = at(MIB.INMCASTPKTS); s.rx_frame_errors = at(MIB.CSUMERRORS);
    }
    return { stats: s, key: 'stats64' };
  }
  return undefined;
}

/** -h / -iec: counters in k, M, G... (then columns keep their header widths) */
export interface HumanUnits {
  human?: boolean;
  iec?: boolean;
}

/** size_columns(): widen each column to its value's digits */
function sizeColumns(cols: number[], values: bigint[], h: HumanUnits): void {
  if (h.human) return;
  values.forEach((v, i) => {
    const len = v.toString().length;
    if (len > cols[i]!) cols[i] = len;
  });
}

/** print_num(): "%*llu ", or with -h "%*s " of "1.12k" once the count reaches the base */
function printNum(out: Output, h: HumanUnits, width: number, v: bigint): void {
  if (!h.human || v < (h.iec ? 1024n : 1000n)) out.fp('%*llu ', width, v);
  else out.fp('%*s ', width, humanCount(v, !!h.iec));
}

/**
 * print_stats64(): `level` is the count of -s; `carrierChanges` is
 * IFLA_CARRIER_CHANGES when present; `key` names the JSON object, none for
 * the bare rx/tx pair.
 */
export function printStats64(
  out: Output, s: Stats64, carrierChanges: number | undefined, key: string | null, level: number, h: HumanUnits = {},
): void {
  if (out.isJson) {
    if (key) out.openObject(key);
    out.openObject('rx');
    out.u64('json', 'bytes', null, s.rx_bytes);
    out.u64('json', 'packets', null, s.rx_packets);
    out.u64('json', 'errors', null, s.rx_errors);
    out.u64('json', 'dropped', null, s.rx_dropped);
    out.u64('json', 'over_errors', null, s.rx_over_errors);
    out.u64('json', 'multicast', null, s.multicast);
    if (s.rx_compressed) out.u64('json', 'compressed', null, s.rx_compressed);
    if (level > 1) {
      out.u64('json', 'length_errors', null, s.rx_length_errors);
      out.u64('json', 'crc_errors', null, s.rx_crc_errors);
      out.u64('json', 'frame_errors', null, s.rx_frame_errors);
      out.u64('json', 'fifo_errors', null, s.rx_fifo_errors);
      out.u64('json', 'missed_errors', null, s.rx_missed_errors);
      if (s.rx_nohandler) out.u64('json', 'nohandler', null, s.rx_nohandler);
      if (s.rx_otherhost_dropped) out.u64('json', 'otherhost', null, s.rx_otherhost_dropped);
    }
    out.closeObject();
    out.openObject('tx');
    out.u64('json', 'bytes', null, s.tx_bytes);
    out.u64('json', 'packets', null, s.tx_packets);
    out.u64('json', 'errors', null, s.tx_errors);
    out.u64('json', 'dropped', null, s.tx_dropped);
    out.u64('json', 'carrier_errors', null, s.tx_carrier_errors);
    out.u64('json', 'collisions', null, s.collisions);
    if (s.tx_compressed) out.u64('json', 'compressed', null, s.tx_compressed);
    if (level > 1) {
      out.u64('json', 'aborted_errors', null, s.tx_aborted_errors);
      out.u64('json', 'fifo_errors', null, s.tx_fifo_errors);
      out.u64('json', 'window_errors', null, s.tx_window_errors);
      out.u64('json', 'heartbeat_errors', null, s.tx_heartbeat_errors);
      if (carrierChanges !== undefined) out.u64('json', 'carrier_changes', null, carrierChanges);
    }
    out.closeObject();
    if (key) out.closeObject();
    return;
  }

  const cols = ['*X errors:', 'packets', 'errors', 'dropped', 'heartbt', 'overrun', 'compressed', 'otherhost'].map((w) => w.length);
  const cc = BigInt(carrierChanges ?? 0);
  sizeColumns(cols, [s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped, s.rx_missed_errors, s.multicast, s.rx_compressed, 0n], h);
  if (level > 1) {
    sizeColumns(cols, [0n, s.rx_length_errors, s.rx_crc_errors, s.rx_frame_errors, s.rx_fifo_errors,
      s.rx_over_errors, s.rx_nohandler, s.rx_otherhost_dropped], h);
  }
  sizeColumns(cols, [s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped, s.tx_carrier_errors, s.collisions, s.tx_compressed, 0n], h);
  if (level > 1) {
    sizeColumns(cols, [0n, 0n, s.tx_aborted_errors, s.tx_fifo_errors, s.tx_window_errors, s.tx_heartbeat_errors, cc, 0n], h);
  }
  const [c0, c1, c2, c3, c4, c5, c6, c7] = cols as [number, number, number, number, number, number, number, number];
  const SL = out.SL;
  const num = (width: number, v: bigint) => printNum(out, h, width, v);

  out.fp('    RX: %*s %*s %*s %*s %*s %*s %*s%s', c0 - 4, 'bytes', c1, 'packets', c2, 'errors', c3, 'dropped',
    c4, 'missed', c5, 'mcast', c6, s.rx_compressed ? 'compressed' : '', SL);
  out.fp('    ');
  num(c0, s.rx_bytes);
  num(c1, s.rx_packets);
  num(c2, s.rx_errors);
  num(c3, s.rx_dropped);
  num(c4, s.rx_missed_errors);
  num(c5, s.multicast);
  if (s.rx_compressed) num(c6, s.rx_compressed);
  if (level > 1) {
    out.fp('%s', SL);
    out.fp('    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s', c0 - 10, '', c1, 'length', c2, 'crc', c3, 'frame',
      c4, 'fifo', c5, 'overrun',
      s.rx_nohandler ? c6 + 1 : 0, s.rx_nohandler ? ' nohandler' : '',
      s.rx_otherhost_dropped ? c7 + 1 : 0, s.rx_otherhost_dropped ? ' otherhost' : '', SL);
    out.fp('%*s', c0 + 5, '');
    num(c1, s.rx_length_errors);
    num(c2, s.rx_crc_errors);
    num(c3, s.rx_frame_errors);
    num(c4, s.rx_fifo_errors);
    num(c5, s.rx_over_errors);
    if (s.rx_nohandler) num(c6, s.rx_nohandler);
    if (s.rx_otherhost_dropped) num(c7, s.rx_otherhost_dropped);
  }
  out.fp('%s', SL);

  out.fp('    TX: %*s %*s %*s %*s %*s %*s %*s%s', c0 - 4, 'bytes', c1, 'packets', c2, 'errors', c3, 'dropped',
    c4, 'carrier', c5, 'collsns', c6, s.tx_compressed ? 'compressed' : '', SL);
  out.fp('    ');
  num(c0, s.tx_bytes);
  num(c1, s.tx_packets);
  num(c2, s.tx_errors);
  num(c3, s.tx_dropped);
  num(c4, s.tx_carrier_errors);
  num(c5, s.collisions);
  if (s.tx_compressed) num(c6, s.tx_compressed);
  if (level > 1) {
    out.fp('%s', SL);
    out.fp('    TX errors:%*s %*s %*s %*s %*s %*s%s', c0 - 10, '', c1, 'aborted', c2, 'fifo', c3, 'window',
      c4, 'heartbt', c5, carrierChanges !== undefined ? 'transns' : '', SL);
    out.fp('%*s', c0 + 5, '');
    num(c1, s.tx_aborted_errors);
    num(c2, s.tx_fifo_errors);
    num(c3, s.tx_window_errors);
    num(c4, s.tx_heartbeat_errors);
    if (carrierChanges !== undefined) num(c5, cc);
  }
}
