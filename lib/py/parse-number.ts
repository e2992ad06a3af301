/** Python `float(s)` and `int(s)` for strings. */
import { pyStrip } from './strip';

const PY_FLOAT_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PY_FLOAT_SPECIAL_RE = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * Python `float(s)` for a string: surrounding whitespace, `1e3`, `nan`, `inf`, `infinity`, `1_000`.
 * Returns `null` where Python raises `ValueError`.
 */
export function pyParseFloat(s: string): number | null {
  const t = pyStrip(s);
  const special = PY_FLOAT_SPECIAL_RE.exec(t);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!PY_FLOAT_RE.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}

/** Python `int(s)` for a string (base 10, whitespace and `_` separators allowed); `null` where Python raises. */
export function pyParseInt(s: string): number | null {
  const t = pyStrip(s);
  if (!/^[+-]?\d(?:_?\d)*$/.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}

