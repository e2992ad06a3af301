/**
 * Python `json.dumps` (default settings, `ensure_ascii=True`), the hottest serializer of the project: every
 * precheck line, response line, conversation file and `scores.json` item goes through it. Written as plain
 * loops with string concatenation (no `Object.entries`/`map`/`join` garbage), and strings that hold no
 * character above `~` go through the engine's own `JSON.stringify`, whose output is then Python's.
 */
import { PyFloat, pyFloatStr } from './py-float';

/**
 * Python `json.dumps(value)` with default settings: `", "` and `": "` separators, `ensure_ascii=True`.
 * With `indent`, Python uses `","` as the item separator and newlines. Key order is insertion order;
 * `undefined` object values are left out, `undefined` elsewhere is `null`.
 */
export function pyJsonDumps(value: unknown, indent?: number): string {
  return dump(value, indent, 0);
}

/**
 * `pyJsonDumps(value, indent)` as it reads when nested `level` deep inside an indented document (every line after
 * the first carries `indent * level` more spaces), without re-indenting the text afterwards.
 */
export function pyJsonDumpsNested(value: unknown, indent: number, level: number): string {
  return dump(value, indent, level);
}

/** `\n` plus `indent * level` spaces, cached: the same few prefixes are needed millions of times. */
const newlines: string[][] = [];
function newline(indent: number, level: number): string {
  const row = (newlines[indent] ??= []);
  return (row[level] ??= `\n${' '.repeat(indent * level)}`);
}

function dump(v: unknown, indent: number | undefined, level: number): string {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      if (Number.isFinite(v)) return String(v);
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'object':
      if (v === null) return 'null';
      if (v instanceof PyFloat) return pyFloatStr(v.value);
      return Array.isArray(v) ? dumpArray(v, indent, level) : dumpObject(v as Record<string, unknown>, indent, level);
    default:
      return 'null';
  }
}

function dumpArray(v: unknown[], indent: number | undefined, level: number): string {
  if (v.length === 0) return '[]';
  const nl = indent === undefined ? '' : newline(indent, level + 1);
  const sep = indent === undefined ? ', ' : `,${nl}`;
  let out = `[${nl}`;
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += sep;
    out += dump(v[i], indent, level + 1);
  }
  return `${out}${indent === undefined ? '' : newline(indent, level)}]`;
}

function dumpObject(v: Record<string, unknown>, indent: number | undefined, level: number): string {
  const nl = indent === undefined ? '' : newline(indent, level + 1);
  const sep = indent === undefined ? ', ' : `,${nl}`;
  let out = '';
  let first = true;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    out += `${first ? '' : sep}${jsonString(k)}: ${dump(x, indent, level + 1)}`;
    first = false;
  }
  if (first) return '{}';
  return `{${nl}${out}${indent === undefined ? '' : newline(indent, level)}}`;
}

/** Any character Python's `ensure_ascii` escapes that `JSON.stringify` would not (DEL and everything above). */
const NON_ASCII = /[\u007f-\uffff]/;

/**
 * A JSON string literal as Python writes it. For `\x00`-`\x7e` `JSON.stringify` is identical to Python
 * (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as lower-case `\u00XX`); beyond that every UTF-16
 * unit is escaped as `\uXXXX`, which also gives Python's surrogate pairs for astral characters.
 */
export function jsonString(s: string): string {
  if (!NON_ASCII.test(s)) return JSON.stringify(s);
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c >= 0x20 && c < 0x7f) continue;
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
