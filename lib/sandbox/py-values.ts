import { PyFloat, pyParseInt, pyStr } from '../py';

/**
 * Values produced by the schema language and written by the JSON / YAML / XML serialisers. They mirror
 * the Python objects of the reference: `number` is an int when integral, `PyFloat` is a float that must
 * print like Python (`5.0`), records keep insertion order.
 */
export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | { [key: string]: PyValue };

/**
 * Python `int(value)` as the reference applies it to counts that arrive as strings after variable
 * substitution (`rows: "{{number1:5:9}}"` → `"7"`). Floats truncate, booleans are 0/1.
 * Anything else throws `Invalid {label} value: {value}. Must be an integer.`.
 */
export function toPyInt(value: unknown, label: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return Math.trunc(value.value);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string') {
    const n = pyParseInt(value);
    if (n !== null && Number.isSafeInteger(n)) return n;
  }
  throw new Error(`Invalid ${label} value: ${pyStr(value)}. Must be an integer.`);
}

/** Reads an optional key with a default, like Python's `dict.get(key, default)`. */
export function getOr<T>(obj: Record<string, unknown>, key: string, fallback: T): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : fallback;
}
