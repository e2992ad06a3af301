/**
 * JSON parsing as Python's `json.loads`, keeping what JS `JSON.parse` loses: ints stay numbers (bigint
 * beyond 2^53), floats become `PyFloat` (so `1.0` prints `1.0`), objects become `Map`s in file order
 * (JS objects reorder integer-like keys), duplicate keys keep the last value, and `NaN`/`Infinity` parse.
 * Error texts follow Python's (`Expecting value: line 1 column 1 (char 0)`).
 */
import { PyFloat } from '../util/py-format';

/** A parsed JSON/YAML value in the Python data model. */
export type PyValue = null | boolean | number | bigint | string | PyFloat | PyValue[] | Map<unknown, PyValue> | object;

class JsonError extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string, at = this.i): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    const col = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsonError(`${msg}: line ${line} column ${col} (char ${at})`);
  }

  ws(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i])) this.i++;
  }

  value(): PyValue {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [lit, v] of LITERALS) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return v;
      }
    }
    NUMBER_RE.lastIndex = this.i;
    const m = NUMBER_RE.exec(this.s);
    if (!m) this.fail('Expecting value');
    this.i += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(Number(m[0]));
    const n = Number(m[0]);
    if (n === 0) return 0; // Python's int has no negative zero
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  }

  object(): Map<unknown, PyValue> {
    const out = new Map<unknown, PyValue>();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    while (true) {
      if (this.s[this.i] !== '"') this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("Expecting ':' delimiter");
      this.i++;
      this.ws();
      out.set(key, this.value());
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return out;
      if (c !== ',') this.fail("Expecting ',' delimiter", this.i - 1);
      this.ws();
    }
  }

  array(): PyValue[] {
    const out: PyValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    while (true) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return out;
      if (c !== ',') this.fail("Expecting ',' delimiter", this.i - 1);
      this.ws();
    }
  }

  string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    while (true) {
      if (this.i >= this.s.length) this.fail('Unterminated string starting at', start);
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      if (c < ' ') this.fail('Invalid control character at');
      out += c;
      this.i++;
    }
  }

  escape(): string {
    const c = this.s[this.i + 1];
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      this.i += 2;
      return simple;
    }
    if (c === 'u') {
      const hex = this.s.slice(this.i + 2, this.i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\uXXXX escape', this.i + 1);
      this.i += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return this.fail('Invalid \\escape', this.i);
  }
}

const LITERALS: Array<[string, PyValue]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', new PyFloat(NaN)],
  ['Infinity', new PyFloat(Infinity)],
  ['-Infinity', new PyFloat(-Infinity)],
];

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses JSON text like Python `json.loads`; throws an Error with Python's message on invalid input. */
export function parsePyJson(text: string): PyValue {
  if (text.startsWith('\ufeff')) throw new JsonError('Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)');
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail('Extra data');
  return v;
}
