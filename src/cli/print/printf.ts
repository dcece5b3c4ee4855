// C's printf(3) formatting, as much of it as iproute2's format strings use:
// "%d: ", "%-16s ", "%#llx", "%4i.%.2i", "%*s", "%02x", "%%".
//
// The printers are ports of iproute2's C code; keeping its format strings
// verbatim keeps the port checkable line by line against the original, and
// this one function is what makes them mean the same thing here.
//
//   conversion  d i u x X o s c %
//   flags       - 0 # + space
//   width       N or *          precision  .N or .*
//   length      hh h l ll z j t (u and x wrap to that width; default int)
//
// Numbers may be number or bigint; %u and %x of a negative value wrap as C
// does (-1 with %u is 4294967295, with %llu 18446744073709551615).

const SPEC = /%([-0#+ ]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|z|j|t|L)?([diuxXosc%])/g;

function bitsOf(len: string | undefined): bigint {
  switch (len) {
    case 'hh': return 8n;
    case 'h': return 16n;
    case 'l': case 'll': case 'z': case 'j': case 't': return 64n;
    default: return 32n;
  }
}

function toBig(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  const n = Number(v);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

/** Signed value of `v` at `bits` width, as C would see it after conversion. */
function signedAt(v: bigint, bits: bigint): bigint {
  return BigInt.asIntN(Number(bits), v);
}

function unsignedAt(v: bigint, bits: bigint): bigint {
  return BigInt.asUintN(Number(bits), v);
}

function pad(body: string, width: number, left: boolean, zero: boolean, sign = ''): string {
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (left) return sign + body + ' '.repeat(width - len);
  if (zero) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

/** Format like C's sprintf(fmt, ...args). */
export function sprintf(fmt: string, ...args: unknown[]): string {
  let i = 0;
  const next = (): unknown => args[i++];
  return fmt.replace(SPEC, (_m, flags: string, w: string | undefined, p: string | undefined, len: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let width = w === '*' ? Number(next()) : w ? Number(w) : 0;
    let left = flags.includes('-');
    if (width < 0) { left = true; width = -width; }
    let prec: number | undefined = p === undefined ? undefined : p === '*' ? Number(next()) : Number(p || 0);
    if (prec !== undefined && prec < 0) prec = undefined;
    const zero = flags.includes('0') && !left && (prec === undefined || conv === 's' || conv === 'c');
    const v = next();
    switch (conv) {
      case 's': {
        let s = v === null || v === undefined ? '(null)' : String(v);
        if (prec !== undefined) s = s.slice(0, prec);
        return pad(s, width, left, false);
      }
      case 'c': return pad(typeof v === 'string' ? v.charAt(0) : String.fromCharCode(Number(v)), width, left, false);
      case 'd': case 'i': {
        const n = signedAt(toBig(v), bitsOf(len));
        let digits = (n < 0n ? -n : n).toString();
        if (prec !== undefined) digits = prec === 0 && n === 0n ? '' : digits.padStart(prec, '0');
        const sign = n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        return pad(digits, width, left, zero, sign);
      }
      default: { // u x X o
        const n = unsignedAt(toBig(v), bitsOf(len));
        const radix = conv === 'u' ? 10 : conv === 'o' ? 8 : 16;
        let digits = n.toString(radix);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec !== undefined) digits = prec === 0 && n === 0n ? '' : digits.padStart(prec, '0');
        // C's '#': 0x / 0X before a non-zero hex value, a leading 0 for octal
        let prefix = '';
        if (flags.includes('#') && n !== 0n) prefix = conv === 'x' ? '0x' : conv === 'X' ? '0X' : conv === 'o' && !digits.startsWith('0') ? '0' : '';
        return pad(digits, width, left, zero, prefix);
      }
    }
  });
}
