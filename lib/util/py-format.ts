/**
 * Python-compatible string forms. PICARD's answer keys and reports are produced by Python's `str()`,
 * `round()` and `json.dumps`, so values embedded in expected answers must be rendered the same way.
 */

import { PyFloat, pyFloatStr } from './py-float';

export { PyFloat, pyFloatStr } from './py-float';
export { pyJsonDumps } from './py-json-dumps';

/** Python `str(int)`. */
export function pyIntStr(x: number | bigint): string {
  return typeof x === 'bigint' ? x.toString() : Math.trunc(x).toString();
}

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

/**
 * Characters Python's `str.strip()` / `str.split()` treat as whitespace (`Py_UNICODE_ISSPACE`).
 * Differs from JS `trim()`: includes `\x1c`-`\x1f` and `\x85`, excludes `\ufeff`.
 */
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const PY_SPLIT_RE = new RegExp(`[${PY_WS}]+`);

/** Python `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP_RE, '');
}

/** Python `s.split()` with no argument: whitespace runs collapse, no empty items. */
export function pySplitWhitespace(s: string): string[] {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(PY_SPLIT_RE);
}

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

/** A value with its own Python `str()` and `repr()` (e.g. a YAML date). */
export interface PyObject {
  pyStr(): string;
  pyRepr(): string;
}

function isPyObject(v: unknown): v is PyObject {
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
