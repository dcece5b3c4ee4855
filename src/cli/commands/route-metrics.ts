// The metrics of `ip route add ... mtu [lock] N advmss N rtt T ...`
// (ip/iproute.c iproute_modify): each keyword, the RTAX_* it sets, how its
// value is read, and ip's message when the value is bad. RTA_METRICS is
// sent when any was given, with RTAX_LOCK for the ones locked.

import { RTAX, RTAX_FEATURE_ECN } from '../../netlink/rtnl/route.js';
import type { Attrs } from '../../netlink/schema.js';
import { invarg, matches, type Args } from '../args.js';
import { getTimeRtt, getUnsigned } from './ip-parse.js';

type Reader = 'uint' | 'hoplimit' | 'rtt' | 'bool' | 'name';

/** [keyword, exact (strcmp) or prefix (matches), RTAX_ name, reader, lockable, name in ip's message, scale of a time with a unit] */
type Row = readonly [string, boolean, keyof typeof RTAX, Reader, boolean, string, number];

const ROWS: readonly Row[] = [
  ['mtu', true, 'RTAX_MTU', 'uint', true, 'mtu', 1],
  ['hoplimit', true, 'RTAX_HOPLIMIT', 'hoplimit', true, 'hoplimit', 1],
  ['advmss', true, 'RTAX_ADVMSS', 'uint', true, 'mss', 1],
  ['reordering', false, 'RTAX_REORDERING', 'uint', true, 'reordering', 1],
  ['rtt', true, 'RTAX_RTT', 'rtt', true, 'rtt', 8],
  ['rto_min', true, 'RTAX_RTO_MIN', 'rtt', false, 'rto_min', 1],
  ['window', false, 'RTAX_WINDOW', 'uint', true, 'window', 1],
  ['cwnd', false, 'RTAX_CWND', 'uint', true, 'cwnd', 1],
  ['initcwnd', false, 'RTAX_INITCWND', 'uint', true, 'initcwnd', 1],
  ['initrwnd', false, 'RTAX_INITRWND', 'uint', true, 'initrwnd', 1],
  ['quickack', false, 'RTAX_QUICKACK', 'bool', false, 'quickack', 1],
  ['congctl', false, 'RTAX_CC_ALGO', 'name', true, 'congctl', 1],
  ['rttvar', false, 'RTAX_RTTVAR', 'rtt', true, 'rttvar', 4],
  ['ssthresh', false, 'RTAX_SSTHRESH', 'uint', true, 'ssthresh', 1],
  ['fastopen_no_cookie', false, 'RTAX_FASTOPEN_NO_COOKIE', 'bool', false, 'fastopen_no_cookie', 1],
];

/** Metrics as they are read; `lock` the RTAX_LOCK bits. */
export class Metrics {
  readonly attrs: Attrs = {};
  private lock = 0;

  /**
   * Read the metric `a` names (its value from `args`); false when `a` is
   * no metric keyword. Keywords are tried in ip's order, so prefixes
   * resolve as in ip ("r" is reordering, "c" is cwnd).
   */
  read(a: string, args: Args): boolean {
    if (matches(a, 'features')) return this.features(args);
    const row = ROWS.find(([kw, exact]) => (exact ? a === kw : matches(a, kw)));
    if (!row) return false;
    const [, , attr, reader, lockable, label, scale] = row;
    let v = args.value();
    const id = RTAX[attr];
    if (attr === 'RTAX_RTO_MIN') this.lock |= 1 << id;
    else if (lockable && v === 'lock') {
      this.lock |= 1 << id;
      v = args.value();
    }
    this.attrs[attr] = this.value(reader, v, label, scale);
    return true;
  }

  private value(reader: Reader, v: string, label: string, scale: number): number | string {
    if (reader === 'name') return v;
    if (reader === 'rtt') {
      const t = getTimeRtt(v);
      if (!t) throw invarg(`"${label}" value is invalid\n`, v);
      return (t.raw || scale === 1 ? t.value : t.value * scale) >>> 0;
    }
    const n = getUnsigned(v);
    if (n === undefined || (reader === 'hoplimit' && n > 255)) throw invarg(`"${label}" value is invalid\n`, v);
    if (reader === 'bool' && n !== 0 && n !== 1) throw invarg(`"${label}" value should be 0 or 1\n`, v);
    return n;
  }

  /** "features ecn": the feature words that follow. */
  private features(args: Args): boolean {
    let features = 0;
    while (args.peek() === 'ecn') {
      args.take();
      features |= RTAX_FEATURE_ECN;
    }
    if (!features) throw invarg('"features" value not valid\n', args.peek() ?? 'features');
    this.attrs.RTAX_FEATURES = features;
    return true;
  }

  /** RTA_METRICS, or undefined when no metric was given. */
  toAttrs(): Attrs | undefined {
    if (Object.keys(this.attrs).length === 0) return undefined;
    return this.lock ? { ...this.attrs, RTAX_LOCK: this.lock >>> 0 } : this.attrs;
  }
}
