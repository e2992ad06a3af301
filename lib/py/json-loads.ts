/**
 * Python `json.loads`, keeping what JS `JSON.parse` loses: whether a number token was an int (`75`, a `number`, or a
 * `bigint` beyond 2^53) or a float (`75.0`, `1e2`: a `PyFloat`), objects as `Map`s in file order (JS objects reorder
 * integer-like keys), the last value of a duplicate key (at the first key's position), `NaN`/`Infinity`/`-Infinity`.
 * Fails with CPython's exact `JSONDecodeError` text (`Expecting value: line 1 column 1 (char 0)`), positions counted
 * in code points.
 */
import { PyError } from './error';
import { PyFloat } from './float';
import { pyTypeName } from './type-name';

/** A parsed value: ints are `number` (integral) or `bigint` (beyond 2^53), floats are `PyFloat`, objects `Map`. */
export type PyJson = null | boolean | string | number | bigint | PyFloat | PyJson[] | Map<string, PyJson>;

/** `json.JSONDecodeError`: `message` is Python's `str(e)`. */
export class PyJsonDecodeError extends PyError {
  constructor(
    readonly msg: string,
    readonly doc: string,
    readonly pos: number,
  ) {
    super(formatDecodeError(msg, doc, pos));
    this.name = 'JSONDecodeError';
  }
}

/** Python `json.loads(s)` for `str` input. Non-strings raise Python's TypeError text. */
export function pyJsonLoads(s: unknown): PyJson {
  if (typeof s !== 'string') {
    throw new PyError(`the JSON object must be str, bytes or bytearray, not ${pyTypeName(s)}`);
  }
  if (s.startsWith('\ufeff')) throw new PyJsonDecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', s, 0);
  const p = new Parser(s);
  try {
    const start = p.skipWs(0);
    const [value, end] = p.scanValueOrStop(start);
    const after = p.skipWs(end);
    if (after !== s.length) throw new PyJsonDecodeError('Extra data', s, after);
    return value;
  } catch (err) {
    if (err instanceof RangeError) {
      throw new PyError('maximum recursion depth exceeded while decoding a JSON document from a unicode string');
    }
    throw err;
  }
}

/** Converts a parsed value into plain JSON-ready data for `details` (Map → object; big ints lose precision). */
export function toPlain(v: PyJson): unknown {
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? v : v.value;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    // `Object.fromEntries` without its arrays of pairs: own data properties, in the Map's order.
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) {
      if (k === '__proto__') Object.defineProperty(out, k, { value: toPlain(x), enumerable: true, writable: true, configurable: true });
      else out[k] = toPlain(x);
    }
    return out;
  }
  return v;
}

function codePointIndex(s: string, i: number): number {
  let n = 0;
  for (let k = 0; k < i; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < i) {
      const d = s.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) k++;
    }
    n++;
  }
  return n;
}

/** `%s: line %d column %d (char %d)` with positions counted in code points, as Python does. */
function formatDecodeError(msg: string, doc: string, pos: number): string {
  const lineno = doc.slice(0, pos).split('\n').length;
  const lastNl = doc.lastIndexOf('\n', pos - 1);
  const cpPos = codePointIndex(doc, pos);
  const colno = lastNl < 0 || pos === 0 ? cpPos + 1 : cpPos - codePointIndex(doc, lastNl);
  return `${msg}: line ${lineno} column ${colno} (char ${cpPos})`;
}

/** Thrown internally where CPython raises `StopIteration(idx)`: becomes "Expecting value" at `idx`. */
class StopScan {
  constructor(readonly idx: number) {}
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

class Parser {
  constructor(readonly s: string) {}

  skipWs(i: number): number {
    const s = this.s;
    while (i < s.length) {
      const c = s[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      i++;
    }
    return i;
  }

  /** `raw_decode`: a StopIteration at the top level becomes "Expecting value". */
  scanValueOrStop(i: number): [PyJson, number] {
    try {
      return this.scan(i);
    } catch (err) {
      if (err instanceof StopScan) throw new PyJsonDecodeError('Expecting value', this.s, err.idx);
      throw err;
    }
  }

  scan(i: number): [PyJson, number] {
    const s = this.s;
    if (i >= s.length) throw new StopScan(i);
    const c = s[i];
    if (c === '"') return this.scanString(i + 1);
    if (c === '{') return this.scanObject(i + 1);
    if (c === '[') return this.scanArray(i + 1);
    if (c === 'n' && s.startsWith('null', i)) return [null, i + 4];
    if (c === 't' && s.startsWith('true', i)) return [true, i + 4];
    if (c === 'f' && s.startsWith('false', i)) return [false, i + 5];
    if (c === 'N' && s.startsWith('NaN', i)) return [new PyFloat(NaN), i + 3];
    if (c === 'I' && s.startsWith('Infinity', i)) return [new PyFloat(Infinity), i + 8];
    if (c === '-' && s.startsWith('-Infinity', i)) return [new PyFloat(-Infinity), i + 9];
    return this.scanNumber(i);
  }

  scanNumber(i: number): [PyJson, number] {
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(this.s);
    if (!m) throw new StopScan(i);
    const tok = m[0];
    const end = i + tok.length;
    if (m[1] !== undefined || m[2] !== undefined) return [new PyFloat(Number(tok)), end];
    if (tok.length <= 15) return [Number(tok) || 0, end]; // Python's int has no negative zero
    const big = BigInt(tok);
    const safe = big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER);
    return [safe ? Number(big) : big, end];
  }

  /** CPython `scanstring`: `end` is just after the opening quote. */
  scanString(end: number): [string, number] {
    const s = this.s;
    const begin = end - 1;
    let out = '';
    let i = end;
    while (true) {
      let j = i;
      while (j < s.length) {
        const code = s.charCodeAt(j);
        if (code === 0x22 || code === 0x5c) break;
        if (code <= 0x1f) throw new PyJsonDecodeError('Invalid control character at', s, j);
        j++;
      }
      if (j >= s.length) throw new PyJsonDecodeError('Unterminated string starting at', s, begin);
      out += s.slice(i, j);
      if (s[j] === '"') return [out, j + 1];
      // Backslash escape.
      if (j + 1 >= s.length) throw new PyJsonDecodeError('Unterminated string starting at', s, begin);
      const e = s[j + 1];
      if (e !== 'u') {
        const rep = ESCAPES[e];
        if (rep === undefined) throw new PyJsonDecodeError('Invalid \\escape', s, j);
        out += rep;
        i = j + 2;
        continue;
      }
      const [text, next] = this.scanUnicodeEscape(j + 1);
      out += text;
      i = next;
    }
  }

  /** `uIdx` is the index of the `u`; joins a following low-surrogate escape like CPython. */
  scanUnicodeEscape(uIdx: number): [string, number] {
    const s = this.s;
    const c = this.hex4(uIdx);
    let next = uIdx + 5;
    if (c >= 0xd800 && c <= 0xdbff && next + 6 < s.length && s[next] === '\\' && s[next + 1] === 'u') {
      const c2 = this.hex4(next + 1);
      if (c2 >= 0xdc00 && c2 <= 0xdfff) {
        next += 6;
        return [String.fromCharCode(c, c2), next];
      }
    }
    return [String.fromCharCode(c), next];
  }

  hex4(uIdx: number): number {
    const s = this.s;
    // CPython requires a character after the 4 digits (`end >= len` is an error).
    if (uIdx + 5 >= s.length) throw new PyJsonDecodeError('Invalid \\uXXXX escape', s, uIdx);
    const h = s.slice(uIdx + 1, uIdx + 5);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new PyJsonDecodeError('Invalid \\uXXXX escape', s, uIdx);
    return parseInt(h, 16);
  }

  scanObject(i: number): [PyJson, number] {
    const s = this.s;
    const map = new Map<string, PyJson>();
    i = this.skipWs(i);
    if (i < s.length && s[i] === '}') return [map, i + 1];
    while (true) {
      if (i >= s.length || s[i] !== '"') {
        throw new PyJsonDecodeError('Expecting property name enclosed in double quotes', s, i);
      }
      const [key, afterKey] = this.scanString(i + 1);
      i = this.skipWs(afterKey);
      if (i >= s.length || s[i] !== ':') throw new PyJsonDecodeError("Expecting ':' delimiter", s, i);
      i = this.skipWs(i + 1);
      const [value, afterValue] = this.scan(i);
      map.set(key, value);
      i = this.skipWs(afterValue);
      if (i < s.length && s[i] === '}') return [map, i + 1];
      if (i >= s.length || s[i] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", s, i);
      i = this.skipWs(i + 1);
    }
  }

  scanArray(i: number): [PyJson, number] {
    const s = this.s;
    const list: PyJson[] = [];
    i = this.skipWs(i);
    if (i < s.length && s[i] === ']') return [list, i + 1];
    while (true) {
      const [value, afterValue] = this.scan(i);
      list.push(value);
      i = this.skipWs(afterValue);
      if (i < s.length && s[i] === ']') return [list, i + 1];
      if (i >= s.length || s[i] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", s, i);
      i = this.skipWs(i + 1);
    }
  }
}
