/** Python `round()` and `f"{x:.{n}f}"`: half-even on the exact binary value of a double. */
import { pyFloatStr } from './float';

/**
 * Python `round(x, ndigits)` for floats: round-half-to-even on the exact binary value.
 * Implemented with exact decimal expansion so that `round(87.25, 1) === 87.2` and `round(2.675, 2) === 2.67`.
 */
export function pyRound(x: number, ndigits = 0): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits < 0) {
    const m = 10 ** -ndigits;
    return roundHalfEvenInt(x / m) * m;
  }
  const exact = exactDecimal(x);
  const rounded = roundDecimalString(exact, ndigits);
  return Number(rounded);
}

/** Python `f"{x:.{n}f}"`: half-even on the exact binary value. */
export function pyFixed(x: number, n: number): string {
  if (!Number.isFinite(x)) return pyFloatStr(x);
  return roundDecimalString(exactDecimal(x), n);
}

function roundHalfEvenInt(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Exact decimal expansion of a double (every double is a finite binary fraction). */
function exactDecimal(x: number): string {
  const neg = x < 0 || Object.is(x, -0);
  let v = Math.abs(x);
  // Scale by 2^k until integral, then the value is N / 2^k = N * 5^k / 10^k.
  let k = 0;
  while (!Number.isInteger(v) && k < 1100) {
    v *= 2;
    k++;
  }
  const n = BigInt(v) * 5n ** BigInt(k);
  let s = n.toString();
  if (k > 0) {
    s = s.padStart(k + 1, '0');
    s = `${s.slice(0, s.length - k)}.${s.slice(s.length - k)}`;
  }
  return (neg ? '-' : '') + s;
}

function roundDecimalString(dec: string, n: number): string {
  const neg = dec.startsWith('-');
  const body = neg ? dec.slice(1) : dec;
  const [intPart, frac = ''] = body.split('.');
  const keep = frac.slice(0, n).padEnd(n, '0');
  const rest = frac.slice(n);
  let digits = BigInt(intPart + keep);
  const first = rest[0] ?? '0';
  const tailNonZero = /[1-9]/.test(rest.slice(1));
  if (first > '5' || (first === '5' && tailNonZero) || (first === '5' && !tailNonZero && digits % 2n === 1n)) {
    digits += 1n;
  }
  let s = digits.toString().padStart(n + 1, '0');
  if (n > 0) s = `${s.slice(0, s.length - n)}.${s.slice(s.length - n)}`;
  const isZero = /^[0.]*$/.test(s);
  return (neg && !isZero ? '-' : neg ? '-' : '') + s;
}

/**
 * Python `round(x, 2)` (half-even on the exact binary value) with a fast path: away from a tie,
 * `toFixed(2)` is already the correctly rounded decimal; only near-ties take `pyRound`'s exact
 * (BigInt) expansion, which is ~50x slower and would dominate SQLite REAL column generation.
 */
export function pyRound2(x: number): number {
  const scaled = x * 100;
  const frac = scaled - Math.floor(scaled);
  if (Number.isFinite(x) && Math.abs(frac - 0.5) > 1e-6) return Number(x.toFixed(2));
  return pyRound(x, 2);
}
