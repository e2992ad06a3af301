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
  if (opts === undefined) return (typeof value === 'object' && value !== null && nativeDumpLine(value, true)) || dump(value, DEFAULT, 0);
  const indent = opts.indent;
  const style: Style = {
    indent,
    item: opts.separators?.[0] ?? (indent === undefined ? ', ' : ','),
    key: opts.separators?.[1] ?? ': ',
    ascii: opts.ensureAscii ?? true,
  };
  const level = opts.level ?? 0;
  if (indent === undefined && style.item === ', ' && style.key === ': ' && typeof value === 'object' && value !== null) {
    const fast = nativeDumpLine(value, style.ascii);
    if (fast !== null) return fast;
  }
  if (indent !== undefined && indent >= 1 && indent <= 10 && style.item === ',' && style.key === ': ' && typeof value === 'object' && value !== null) {
    const fast = nativeDump(value, indent, level, style.ascii);
    if (fast !== null) return fast;
  }
  return dump(value, style, level);
}

/**
 * The engine's `JSON.stringify(value, null, indent)` when its text is the one `dump` would write, else null: for
 * a tree of plain objects, arrays, booleans, `null`s, strings that need no escape beyond `JSON.stringify`'s
 * (see `jsonString`), integers and floats that both languages write in fixed notation with the same shortest
 * digits (`1e-4 <= |x| < 1e16`). With an indent and Python's default separators (`,` then a newline, `: `) the
 * layouts are the same; `level` re-indents the newlines (strings hold none: they are escaped). Several times
 * faster than `dump`, with a fraction of its garbage (scores.json items, conversation files).
 */
function nativeDump(value: object, indent: number, level: number, ascii: boolean): string | null {
  const text = engineText(value, ascii, indent);
  if (text === null) return null;
  return level === 0 ? text : text.replaceAll('\n', newline(indent, level));
}

/**
 * `JSON.stringify(value, null, indent)` as Python writes it, or null when the tree holds what the engine writes
 * differently. With `ensure_ascii` the strings (keys included) are not tested one by one: the engine's text is,
 * once, and what it left above `~` (only ever inside strings) is escaped as Python does, one UTF-16 unit at a time
 * (lone surrogates the engine has already escaped, as Python does). Without it, lone surrogates differ: tested.
 */
function engineText(value: object, ascii: boolean, indent?: number): string | null {
  if (!ascii) return stringifiable(value, SURROGATE) ? JSON.stringify(value, null, indent) : null;
  if (!plainTree(value)) return null;
  const text = JSON.stringify(value, null, indent);
  return NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, asciiEscape) : text;
}

/**
 * `nativeDump` on one line with Python's default separators (`, ` and `: `): the engine's compact text with a
 * space put after every `,` and `:` outside strings (precheck, response and score lines).
 */
function nativeDumpLine(value: object, ascii: boolean): string | null {
  const text = engineText(value, ascii);
  if (text === null) return null;
  let out = '';
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Past the string: its closing quote is the next one not escaped (preceded by an even run of backslashes).
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      i = j;
    } else if (c === 0x2c || c === 0x3a) {
      out += `${text.slice(from, i + 1)} `;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

function stringifiable(v: unknown, escapes: RegExp): boolean {
  switch (typeof v) {
    case 'string':
      return !escapes.test(v);
    case 'number':
      return Number.isInteger(v) || sameFloatText(v);
    case 'boolean':
    case 'undefined':
      return true;
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!stringifiable(v[i], escapes)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      // A Python float the engine writes as Python does (`41.92`; not `2.0`, whose `toJSON` gives `2`).
      if (proto === PyFloat.prototype) return !Number.isInteger((v as PyFloat).value) && sameFloatText((v as PyFloat).value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k of Object.keys(v)) {
        if (escapes.test(k) || !stringifiable((v as Record<string, unknown>)[k], escapes)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Whether a non-integral number reads the same in both languages: finite, in fixed notation (`1e-4 <= |x| < 1e16`). */
function sameFloatText(x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e16;
}

/** Values per `JSON.stringify` call in `pyJsonDumpsList`: large enough to pay for the call, small enough to stay cheap. */
const LIST_RUN = 256;

/**
 * The elements of a list nested `level` (≥ 1) deep in a document dumped with `indent`, as `pyJsonDumps` writes them
 * there, each `pyJsonDumps(v, { indent, level })`, joined by `,` and a newline: the body of `"detailed_results": [`.
 * Runs of values the engine writes as Python does go through one `JSON.stringify` each (wrapped in `level` arrays,
 * so the engine indents them in place), not one call and one re-indent per value. `ensure_ascii` only.
 */
export function pyJsonDumpsList(values: readonly unknown[], indent: number, level: number): string {
  if (!(indent >= 1 && indent <= 10 && level >= 1)) throw new Error(`pyJsonDumpsList: indent ${indent}, level ${level}`);
  const sep = `,${newline(indent, level)}`;
  let out = '';
  let run: unknown[] = [];
  const flush = () => {
    if (run.length === 0) return;
    out += (out === '' ? '' : sep) + stringifyRun(run, indent, level);
    run = [];
  };
  for (const v of values) {
    if (typeof v === 'object' && v !== null && plainTree(v)) {
      run.push(v);
      if (run.length >= LIST_RUN) flush();
    } else {
      flush();
      out += (out === '' ? '' : sep) + dump(v, ASCII_INDENT[indent], level);
    }
  }
  flush();
  return out;
}

/** `dump`'s style for `indent` with the defaults (`,` and `: `, ensure_ascii). */
const ASCII_INDENT: Style[] = Array.from({ length: 11 }, (_, indent) => ({ indent, item: ',', key: ': ', ascii: true }));

/** `JSON.stringify` of a run of `plainTree` values, its wrapping cut off, with Python's `ensure_ascii` escapes. */
function stringifyRun(run: unknown[], indent: number, level: number): string {
  let wrapped: unknown = run;
  let open = '';
  let close = '';
  for (let k = 1; k < level; k++) wrapped = [wrapped];
  for (let k = 1; k <= level; k++) {
    open += `[${newline(indent, k)}`;
    close = `${newline(indent, k - 1)}]${close}`;
  }
  let text = JSON.stringify(wrapped, null, indent);
  // What `JSON.stringify` leaves as it is above `~` (DEL, non-ASCII, astral pairs: only ever inside strings),
  // Python escapes one UTF-16 unit at a time.
  if (NON_ASCII.test(text)) text = text.replace(NON_ASCII_ALL, asciiEscape);
  return text.slice(open.length, text.length - close.length);
}

const NON_ASCII_ALL = /[\u007f-\uffff]/g;
const asciiEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `stringifiable` for ensure_ascii without testing each string: the caller tests the engine's text once instead
 * (lone surrogates, which `JSON.stringify` escapes, it escapes as Python does).
 */
function plainTree(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isInteger(v) || sameFloatText(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!plainTree(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto === PyFloat.prototype) return !Number.isInteger((v as PyFloat).value) && sameFloatText((v as PyFloat).value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) if (!plainTree((v as Record<string, unknown>)[k])) return false;
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
    out += `${first ? '' : sep}${keyJson(k, style.ascii)}${style.key}${dump(x, style, level + 1)}`;
    first = false;
  }
  if (first) return '{}';
  return `{${nl}${out}${indent === undefined ? '' : newline(indent, level)}}`;
}

/** Object keys as JSON literals, by `ensure_ascii`: the same few keys (`question_id`, `details`, …) recur millions of times. */
const keyLiterals = [new Map<string, string>(), new Map<string, string>()];
/** Keys remembered per table; keys beyond (paths used as keys, each seen once) are escaped every time. */
const KEY_CACHE_SIZE = 2048;

function keyJson(k: string, ascii: boolean): string {
  const cache = keyLiterals[ascii ? 1 : 0];
  let lit = cache.get(k);
  if (lit === undefined) {
    lit = jsonString(k, ascii);
    if (cache.size < KEY_CACHE_SIZE && k.length <= 64) cache.set(k, lit);
  }
  return lit;
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
