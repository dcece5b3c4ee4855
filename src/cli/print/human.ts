// ip -h (and -iec): counters as "1.12k", "12.5M", "3.2Gi"; ip/ipaddress.c
// print_num(). The division is C's (double)count / powi, and the rounding
// C printf's "%.*f": the double's exact value, ties to even.

/** "%.*f" of `d` (a finite, non-negative double), rounded as glibc rounds. */
export function cFixed(d: number, precision: number): string {
  // d = mantissa * 2^exp exactly
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (rawExp === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = rawExp - 1075;
  }
  // scaled = d * 10^precision = num / den
  let num = mantissa * 10n ** BigInt(precision);
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(precision + 1, '0');
  return precision ? `${s.slice(0, -precision)}.${s.slice(-precision)}` : s;
}

/** print_num()'s human form of `count` (at least the base): the number and its unit. */
export function humanCount(count: bigint, iec: boolean): string {
  const base = iec ? 1024n : 1000n;
  const prefixes = 'kMGTPE';
  let p = 0;
  let powi = 1n;
  for (;;) {
    powi = BigInt.asUintN(64, powi * base);
    if (count / base < powi) break;
    if (p + 1 >= prefixes.length) break;
    p++;
  }
  let precision = 2;
  let powj = 1n;
  for (; precision > 0; precision--) {
    powj *= 10n;
    if (count / powi < powj) break;
  }
  return `${cFixed(Number(count) / Number(powi), precision)}${prefixes[p]}${iec ? 'i' : ''}`;
}
