/**
 * Python `json.dumps`, the hottest serializer of the project: every precheck line, response line, conversation file
 * and `scores.json` item goes through it, and so do the sandbox's JSON files. Written as plain loops with string
 * concatenation (no `Object.entries`/`map`/`join` garbage), and strings that need no escaping beyond what
 * `JSON.stringify` does go through the engine's own `JSON.stringify`, whose output is then Python's.
 */
import { PyFloat, pyFloatStr } from './float';

/** `json.dumps` keyword arguments. */
export interface PyJsonDumpsOptions {
  /** `indent=`: newlines and this many spaces a level; without it, everything on one line. */
  indent?: number;
  /** `separators=(item, key)`; Python's default is `(', ', ': ')`, or `(',', ': ')` with an indent. */
  separators?: readonly [string, string];
  /** `ensure_ascii=` (default true): everything above `~` as `\uXXXX`. */
  ensureAscii?: boolean;
  /**
   * Not Python's: the text as it reads nested `level` deep inside a document with the same indent (every line after
   * the first carries `indent * level` more spaces), without re-indenting it afterwards.
   */
  level?: number;
}

interface Style {
  indent: number | undefined;
  item: string;
  key: string;
  ascii: boolean;
}

const DEFAULT: Style = { indent: undefined, item: ', ', key: ': ', ascii: true };

/**
 * Python `json.dumps(value, indent=…, separators=…, ensure_ascii=…)`. Values: `null`/`undefined` → `null`, booleans,
 * integral numbers and bigints as ints, other numbers and `PyFloat`s as Python floats (`1e-05`, `75.0`, `NaN`,
 * `Infinity`), strings, arrays, `Map`s and other objects as dicts in insertion order. `undefined` object values are
 * left out (as `JSON.stringify` does); `undefined` elsewhere is `null`.
 */
export function pyJsonDumps(value: unknown, opts?: PyJsonDumpsOptions): string {
  if (opts === undefined) return dump(value, DEFAULT, 0);
  const indent = opts.indent;
  const style: Style = {
    indent,
    item: opts.separators?.[0] ?? (indent === undefined ? ', ' : ','),
    key: opts.separators?.[1] ?? ': ',
    ascii: opts.ensureAscii ?? true,
  };
  const level = opts.level ?? 0;
  if (level === 0 && style.ascii && style.item === ',' && style.key === ': ' && indent !== undefined && indent >= 1 && indent <= 10 && isPlain(value)) {
    // The engine's JSON.stringify writes a plain tree exactly as Python does with these options, unless a string
    // needs Python's \uXXXX escapes (checked once on the output: its only characters above `~` come from strings).
    const text = JSON.stringify(value, null, indent);
    if (!NON_ASCII.test(text)) return text;
  }
  return dump(value, style, level);
}

/**
 * True when `JSON.stringify` writes `v` as `dump` does: plain objects and arrays of strings, booleans, null,
 * undefined (left out of objects, `null` in arrays, as in `dump`), integral numbers and floats whose JavaScript text
 * is Python's (1e-4 <= |x| < 1e16: neither writes an exponent there). No `PyFloat`, `Map`, bigint, class instance
 * (a `Date`'s `toJSON`) or non-finite number.
 */
function isPlain(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number': {
      if (Number.isInteger(v)) return Math.abs(v) < 1e21;
      const a = Math.abs(v);
      return a >= 1e-4 && a < 1e16;
    }
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (v[i] !== undefined && !isPlain(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      const o = v as Record<string, unknown>;
      for (const k in o) if (o[k] !== undefined && !isPlain(o[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/** `\n` plus `indent * level` spaces, cached: the same few prefixes are needed millions of times. */
const newlines: string[][] = [];
function newline(indent: number, level: number): string {
  const row = (newlines[indent] ??= []);
  return (row[level] ??= `\n${' '.repeat(indent * level)}`);
}

function floatJson(x: number): string {
  if (Number.isFinite(x)) return pyFloatStr(x);
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

function dump(v: unknown, style: Style, level: number): string {
  switch (typeof v) {
    case 'string':
      return jsonString(v, style.ascii);
    case 'number':
      return Number.isInteger(v) ? String(v) : floatJson(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'object':
      if (v === null) return 'null';
      if (v instanceof PyFloat) return floatJson(v.value);
      if (Array.isArray(v)) return dumpArray(v, style, level);
      if (v instanceof Map) return dumpEntries(v, style, level);
      return dumpObject(v as Record<string, unknown>, style, level);
    default:
      return 'null';
  }
}

function dumpArray(v: unknown[], style: Style, level: number): string {
  if (v.length === 0) return '[]';
  const { indent } = style;
  const nl = indent === undefined ? '' : newline(indent, level + 1);
  const sep = style.item + nl;
  let out = `[${nl}`;
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += sep;
    out += dump(v[i], style, level + 1);
  }
  return `${out}${indent === undefined ? '' : newline(indent, level)}]`;
}

function dumpObject(v: Record<string, unknown>, style: Style, level: number): string {
  const { indent } = style;
  const nl = indent === undefined ? '' : newline(indent, level + 1);
  const sep = style.item + nl;
  let out = '';
  let first = true;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    out += `${first ? '' : sep}${jsonString(k, style.ascii)}${style.key}${dump(x, style, level + 1)}`;
    first = false;
  }
  if (first) return '{}';
  return `{${nl}${out}${indent === undefined ? '' : newline(indent, level)}}`;
}

/** A `Map` (a parsed JSON object) as a dict; keys are written as Python writes `str`, int, float, bool and `None` keys. */
function dumpEntries(v: Map<unknown, unknown>, style: Style, level: number): string {
  if (v.size === 0) return '{}';
  const { indent } = style;
  const nl = indent === undefined ? '' : newline(indent, level + 1);
  const sep = style.item + nl;
  let out = '';
  let first = true;
  for (const [k, x] of v) {
    out += `${first ? '' : sep}${jsonString(keyText(k), style.ascii)}${style.key}${dump(x, style, level + 1)}`;
    first = false;
  }
  return `{${nl}${out}${indent === undefined ? '' : newline(indent, level)}}`;
}

function keyText(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'number' && !Number.isInteger(k)) return floatJson(k);
  if (k instanceof PyFloat) return floatJson(k.value);
  return String(k);
}

/** Characters Python escapes that `JSON.stringify` would not: with `ensure_ascii`, DEL and everything above. */
const NON_ASCII = /[\u007f-\uffff]/;
/** Without `ensure_ascii`, only lone surrogates differ (`JSON.stringify` escapes them; Python writes them as they are). */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * A JSON string literal as Python writes it. For `\x00`-`\x7e` `JSON.stringify` is identical to Python
 * (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as lower-case `\u00XX`); with `ascii`, beyond that every
 * UTF-16 unit is escaped as `\uXXXX`, which also gives Python's surrogate pairs for astral characters.
 */
export function jsonString(s: string, ascii = true): string {
  if (!(ascii ? NON_ASCII : SURROGATE).test(s)) return JSON.stringify(s);
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c >= 0x20 && (c < 0x7f || !ascii)) continue;
    else if (c === 0x0a) esc = '\\n';
    else if (c === 0x0d) esc = '\\r';
    else if (c === 0x09) esc = '\\t';
    else if (c === 0x08) esc = '\\b';
    else if (c === 0x0c) esc = '\\f';
    else esc = `\\u${c.toString(16).padStart(4, '0')}`;
    out += s.slice(from, i) + esc;
    from = i + 1;
  }
  return `${out}${s.slice(from)}"`;
}
