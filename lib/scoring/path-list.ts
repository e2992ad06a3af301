/** Reading the path fields of a precheck entry with the reference's (Python) semantics. */
import { PyError, pyTypeName } from './py-text';

/** Python truthiness of a JSON value. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Iterates a list field as Python's `for p in value` would (a string iterates its characters). */
export function pathItems(v: unknown): string[] {
  let items: unknown[];
  if (typeof v === 'string') items = [...v];
  else if (Array.isArray(v)) items = v;
  else if (v && typeof v === 'object') items = Object.keys(v);
  else throw new PyError(`'${pyTypeName(v)}' object is not iterable`);
  return items.map((p) => {
    if (typeof p !== 'string') throw new PyError(`expected str, bytes or os.PathLike object, not ${pyTypeName(p)}`);
    return p;
  });
}
