import { PyError } from './error';
import { pyTypeName } from './type-name';

/**
 * Python's whitespace (`str.isspace()`, `Py_UNICODE_ISSPACE`): what `str.strip()` removes and `str.split()` splits on.
 * Differs from JS `trim()`: includes `\x1c`-`\x1f` and `\x85`, excludes `\ufeff`.
 */
const PY_SPACE =
  '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const spaceSet = new Set(PY_SPACE);
const PY_SPLIT_RE = new RegExp(`[${[...PY_SPACE].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]+`);

/** Python `s.strip()` with no argument (a scan from both ends: no regex backtracking over inner whitespace runs). */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && spaceSet.has(s[start])) start++;
  while (end > start && spaceSet.has(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python's whitespace below U+0080, for text without any character above (the usual generated file). */
// eslint-disable-next-line no-control-regex -- \x1c-\x1f are whitespace to Python's str.split()
const ASCII_SPLIT_RE = /[\t\n\v\f\r\x1c-\x1f ]+/;
const NON_ASCII = /[\u0080-\uffff]/;

/** Python `s.split()` with no argument: whitespace runs collapse, no empty items. */
export function pySplitWhitespace(s: string): string[] {
  const t = pyStrip(s);
  if (t === '') return [];
  // The same split: without characters above U+007F, only Python's ASCII whitespace can occur.
  return t.split(NON_ASCII.test(t) ? PY_SPLIT_RE : ASCII_SPLIT_RE);
}

/** Python `obj.get(key, '').strip()`, raising what Python raises when the value is not a string. */
export function pyGetStripped(obj: Record<string, unknown>, key: string): string {
  const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : '';
  if (typeof v !== 'string') throw new PyError(`'${pyTypeName(v)}' object has no attribute 'strip'`);
  return pyStrip(v);
}
