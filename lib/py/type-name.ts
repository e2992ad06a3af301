/** Python `type(x).__name__` of a value in the Python data model, as error messages print it. */
import { PyFloat } from './float';
import { isPyObject } from './str-repr';

/**
 * `type(v).__name__`: `NoneType`, `bool`, `int` (integral numbers, bigints), `float` (`PyFloat`, other numbers),
 * `str`, `list` (arrays), `dict` (`Map`s and plain objects), `bytes` (`Uint8Array`), a `PyObject`'s own name.
 */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Uint8Array) return 'bytes';
  if (isPyObject(v)) return v.pyTypeName ?? 'object';
  if (typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null ? 'dict' : 'object';
  }
  return 'object';
}

/** `type(v)` as `str()` prints it: `<class 'int'>`. */
export function pyClassStr(v: unknown): string {
  return `<class '${pyTypeName(v)}'>`;
}
