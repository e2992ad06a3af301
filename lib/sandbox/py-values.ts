import { PyFloat, pyRound, pyStr } from '../util/py-format';

/**
 * Values produced by the schema language and written by the JSON / YAML / XML serialisers. They mirror
 * the Python objects of the reference: `number` is an int when integral, `PyFloat` is a float that must
 * print like Python (`5.0`), records keep insertion order.
 */
export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | { [key: string]: PyValue };

/** True for a plain `{…}` record (not an array, not a `PyFloat`, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

/** Python `str(x)` / `repr(x)`: one implementation for the whole project, in lib/util/py-format.ts. */
export { pyRepr, pyStr } from '../util/py-format';

const PY_INT_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/**
 * Python `int(value)` as the reference applies it to counts that arrive as strings after variable
 * substitution (`rows: "{{number1:5:9}}"` → `"7"`). Floats truncate, booleans are 0/1.
 * Anything else throws `Invalid {label} value: {value}. Must be an integer.`.
 */
export function toPyInt(value: unknown, label: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return Math.trunc(value.value);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && PY_INT_TEXT.test(value)) {
    const n = Number(value.trim().replace(/_/g, ''));
    if (Number.isSafeInteger(n)) return n;
  }
  throw new Error(`Invalid ${label} value: ${pyStr(value)}. Must be an integer.`);
}

/** Reads an optional key with a default, like Python's `dict.get(key, default)`. */
export function getOr<T>(obj: Record<string, unknown>, key: string, fallback: T): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : fallback;
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
