/** Reading the path fields of a precheck entry with the reference's (Python) semantics. */
import { PyError, pyTypeName } from '../py';

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
