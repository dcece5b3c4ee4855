// The text iputils ping prints (iputils 20221126: ping/ping.c,
// ping/ping6_common.c, ping/ping_common.c), line by line, and the
// statistics as ping computes them: whole microseconds, integer
// arithmetic, its own mdev. Pure: no I/O.

import type { IpFamily } from './icmp.js';

/** PING 10.1.1.2 (10.1.1.2) 56(84) bytes of data. / PING fd00::2(fd00::2) 56 data bytes */
export function formatHeader(family: IpFamily, host: string, address: string, dataBytes: number): string {
  // IPv4 counts the ICMP header (8) and an IP header without options (20).
  if (family === 4) return `PING ${host} (${address}) ${dataBytes}(${dataBytes + 28}) bytes of data.`;
  return `PING ${host}(${address}) ${dataBytes} data bytes`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A round-trip time as ping prints it: three decimals below 1 ms, then two,
 * one, none as the value grows (gather_statistics), rounded as ping rounds.
 */
export function formatTime(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)} ms`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)} ms`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${pad(Math.floor(((us + 5) % 1000) / 10), 2)} ms`;
  return `${Math.floor(us / 1000)}.${pad(us % 1000, 3)} ms`;
}

export interface ReplyLine {
  /** ICMP bytes received (header and data) */
  bytes: number;
  from: string;
  seq: number;
  /** TTL / hop limit; not printed when negative or absent */
  ttl?: number;
  /** round trip in µs; absent when the data was too short to time (-s < 16) */
  timeUs?: number;
  truncated?: boolean;
  dup?: boolean;
  badChecksum?: boolean;
  differentAddress?: boolean;
}

/** 64 bytes from 10.1.1.2: icmp_seq=1 ttl=64 time=0.049 ms */
export function formatReply(r: ReplyLine): string {
  let s = `${r.bytes} bytes from ${r.from}: icmp_seq=${r.seq}`;
  if (r.ttl !== undefined && r.ttl >= 0) s += ` ttl=${r.ttl}`;
  if (r.truncated) return `${s} (truncated)`;
  if (r.timeUs !== undefined) s += ` time=${formatTime(r.timeUs)}`;
  if (r.dup) s += ' (DUP!)';
  if (r.badChecksum) s += ' (BAD CHECKSUM!)';
  if (r.differentAddress) s += ' (DIFFERENT ADDRESS!)';
  return s;
}

/** From 10.1.1.1 icmp_seq=1 Destination Host Unreachable */
export function formatErrorLine(from: string, seq: number, text: string): string {
  return `From ${from} icmp_seq=${seq} ${text}`;
}

const UNREACH4 = [
  'Destination Net Unreachable', 'Destination Host Unreachable', 'Destination Protocol Unreachable',
  'Destination Port Unreachable', '', 'Source Route Failed', 'Destination Net Unknown',
  'Destination Host Unknown', 'Source Host Isolated', 'Destination Net Prohibited',
  'Destination Host Prohibited', 'Destination Net Unreachable for Type of Service',
  'Destination Host Unreachable for Type of Service', 'Packet filtered', 'Precedence Violation',
  'Precedence Cutoff',
];

/** An ICMPv4 error as ping describes it (pr_icmph). `info` is the kernel's ee_info (the MTU for code 4). */
export function describeIcmp4(type: number, code: number, info = 0): string {
  switch (type) {
    case 0: return 'Echo Reply';
    case 3:
      if (code === 4) return `Frag needed and DF set (mtu = ${info})`;
      return UNREACH4[code] || `Dest Unreachable, Bad Code: ${code}`;
    case 4: return 'Source Quench';
    case 5: {
      const what = ['Redirect Network', 'Redirect Host', 'Redirect Type of Service and Network', 'Redirect Type of Service and Host'][code] ?? `Redirect, Bad Code: ${code}`;
      const gw = [info >>> 24, (info >>> 16) & 255, (info >>> 8) & 255, info & 255].join('.');
      return `${what}(New nexthop: ${gw})`;
    }
    case 8: return 'Echo Request';
    case 11: return ['Time to live exceeded', 'Frag reassembly time exceeded'][code] ?? `Time exceeded, Bad Code: ${code}`;
    case 12: return `Parameter problem: pointer = ${info}`;
    case 13: return 'Timestamp';
    case 14: return 'Timestamp Reply';
    case 15: return 'Information Request';
    case 16: return 'Information Reply';
    case 17: return 'Address Mask Request';
    case 18: return 'Address Mask Reply';
    default: return `Bad ICMP type: ${type}`;
  }
}

const UNREACH6 = [
  'No route', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable',
  'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination',
];

/** An ICMPv6 error as ping describes it (print_icmp). */
export function describeIcmp6(type: number, code: number, info = 0): string {
  switch (type) {
    case 1: return `Destination unreachable: ${UNREACH6[code] ?? `Unknown code ${code}`}`;
    case 2: return `Packet too big: mtu=${info}${code ? `, code=${code}` : ''}`;
    case 3: return `Time exceeded: ${['Hop limit', 'Defragmentation failure'][code] ?? `code ${code}`}`;
    case 4: return `Parameter problem: ${['Wrong header field ', 'Unknown header ', 'Unknown option '][code] ?? `code ${code} `}at ${info}`;
    case 128: return 'Echo request';
    case 129: return 'Echo reply';
    case 130: return 'MLD Query';
    case 131: return 'MLD Report';
    case 132: return 'MLD Reduction';
    default: return `unknown icmp type: ${type}`;
  }
}

/** C's printf("%g"): six significant digits, trailing zeros dropped. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  // The exponent is the one of the value rounded to six digits, as C decides.
  const [m, e] = x.toExponential(5).split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${strip(m!)}e${exp < 0 ? '-' : '+'}${pad(Math.abs(exp), 2)}`;
  return strip(x.toFixed(5 - exp));
}

/** Packet loss in percent as ping prints it: a float through %g ("0", "33.3333", "100"). */
export function formatLoss(transmitted: number, received: number): string {
  return formatG(Math.fround(((transmitted - received) * 100) / transmitted));
}

/** Round-trip statistics in whole µs. */
export interface RttStats {
  min: number;
  avg: number;
  max: number;
  mdev: number;
}

/** Integer square root as ping computes it (llsqrt: Newton's method). */
function llsqrt(a: bigint): bigint {
  let x = a;
  if (x > 0n) {
    let prev = -1n;
    while (prev < 0n || x < prev) {
      prev = x;
      x = (x + a / x) / 2n;
    }
  }
  return x;
}

/**
 * min/avg/max/mdev from the round trips in µs (duplicates included), with
 * ping's arithmetic (finish()): avg = ⌊Σt/n⌋; mdev = llsqrt of the variance
 * (Σt² − ⌊(Σt)²/n⌋)/n truncated to an integer.
 */
export function rttStats(timesUs: readonly number[]): RttStats | undefined {
  const n = timesUs.length;
  if (n === 0) return undefined;
  let tsum = 0n;
  let tsum2 = 0; // a double in ping
  let min = Infinity;
  let max = -Infinity;
  for (const t of timesUs) {
    tsum += BigInt(t);
    tsum2 += t * t;
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  const total = BigInt(n);
  const avg = tsum / total;
  const tmvar = tsum < 2147483647n
    ? Math.trunc((tsum2 - Number((tsum * tsum) / total)) / n)
    : Math.trunc(tsum2 / n - Number(avg * avg));
  return { min, avg: Number(avg), max, mdev: Number(llsqrt(BigInt(tmvar))) };
}

const ms3 = (us: number) => `${Math.trunc(us / 1000)}.${pad(Math.abs(us % 1000), 3)}`;

/** rtt min/avg/max/mdev = 0.035/0.048/0.074/0.017 ms */
export function formatRtt(s: RttStats): string {
  return `rtt min/avg/max/mdev = ${ms3(s.min)}/${ms3(s.avg)}/${ms3(s.max)}/${ms3(s.mdev)} ms`;
}

export interface Summary {
  /** the destination as given */
  host: string;
  transmitted: number;
  received: number;
  duplicates: number;
  corrupted: number;
  errors: number;
  /** from the start to the last send, in ns (ping prints it rounded to ms) */
  elapsedNs: number;
  /** round trips in µs of the replies (duplicates included); empty when untimed */
  timesUs: readonly number[];
  /** the most requests ever outstanding when an answer came (ping's "pipe") */
  pipe: number;
  /** seconds between requests; 0 adds ping's ipg/ewma figures */
  interval: number;
  /** ping's smoothed rtt ×8 in µs (for ewma) */
  rttEwma8?: number;
}

/** The lines ping prints at the end, starting with the empty line before "---". */
export function formatSummary(s: Summary): string[] {
  let counts = `${s.transmitted} packets transmitted, ${s.received} received`;
  if (s.duplicates) counts += `, +${s.duplicates} duplicates`;
  if (s.corrupted) counts += `, +${s.corrupted} corrupted`;
  if (s.errors) counts += `, +${s.errors} errors`;
  if (s.transmitted) counts += `, ${formatLoss(s.transmitted, s.received)}% packet loss, time ${Math.floor((s.elapsedNs + 500_000) / 1_000_000)}ms`;
  const last: string[] = [];
  const stats = s.received ? rttStats(s.timesUs) : undefined;
  if (stats) last.push(formatRtt(stats));
  if (s.pipe > 1) last.push(`pipe ${s.pipe}`);
  if (s.received && s.interval === 0 && s.transmitted > 1) {
    const ipg = Math.trunc(Math.floor(s.elapsedNs / 1000) / (s.transmitted - 1));
    const ewma = Math.trunc((s.rttEwma8 ?? 0) / 8);
    last.push(`ipg/ewma ${ms3(ipg)}/${ms3(ewma)} ms`);
  }
  return ['', `--- ${s.host} ping statistics ---`, counts, last.join(', ')];
}
