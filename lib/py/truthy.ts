/** Python truthiness (`bool(x)`, `if x:`) of a value in the Python data model. */
import { PyFloat } from './float';

/**
 * False for `None`, `False`, `0`, `0.0` (`PyFloat` or number, `-0` too), `0n`, `''`, and empty lists, dicts (`Map`s and
 * plain objects) and bytes; true for everything else (`nan` included).
 */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === 0n || v === '') return false;
  if (typeof v !== 'object') return true;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null ? Object.keys(v).length > 0 : true;
}
