/**
 * Python `str()` and `repr()` of values in the Python data model: PICARD's answer keys and error texts are produced by
 * Python's `str()`, so values embedded in expected answers must be rendered the same way.
 */
import { PyFloat, pyFloatStr } from './float';

/** Python `str(int)`. */
export function pyIntStr(x: number | bigint): string {
  return typeof x === 'bigint' ? x.toString() : Math.trunc(x).toString();
}

/** Python `repr(str)` as used inside container reprs: single quotes unless the text contains one and no double quote. */
export function pyStrRepr(s: string): string {
  const useDouble = s.includes("'") && !s.includes('"');
  const q = useDouble ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return q + out + q;
}

/** A value with its own Python `str()`, `repr()` and, optionally, `type(x).__name__` (e.g. a YAML date). */
export interface PyObject {
  pyStr(): string;
  pyRepr(): string;
  readonly pyTypeName?: string;
}

export function isPyObject(v: unknown): v is PyObject {
  return typeof v === 'object' && v !== null && typeof (v as PyObject).pyRepr === 'function';
}

/**
 * Python `repr(value)` for parsed data: `None`, `True`/`False`, ints (integral JS numbers, bigints),
 * floats (`PyFloat`, non-integral numbers), strings, lists (arrays), dicts (`Map` or plain objects),
 * bytes (`Uint8Array`) and `PyObject`s.
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? pyIntStr(v) : pyFloatStr(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof PyFloat) return pyFloatStr(v.value);
  if (isPyObject(v)) return v.pyRepr();
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (typeof v === 'object') {
    return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/** Python `str(value)`: strings as-is, everything else as `pyRepr`. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isPyObject(v)) return v.pyStr();
  return pyRepr(v);
}

function pyBytesRepr(b: Uint8Array): string {
  const hasSingle = b.includes(0x27);
  const q = hasSingle && !b.includes(0x22) ? '"' : "'";
  let out = '';
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === q.charCodeAt(0)) out += `\\${q}`;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return `b${q}${out}${q}`;
}
