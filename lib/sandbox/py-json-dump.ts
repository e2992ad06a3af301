import { PyFloat, pyFloatStr } from '../util/py-format';
import { isRecord } from './py-values';

/**
 * Python `json.dump(value, f, indent=2, ensure_ascii=False)`: `,` + newline between items, `": "` after
 * keys, `[]`/`{}` for empty containers, floats as Python's repr (`5.0`, `1e-05`), non-ASCII kept as is,
 * no final newline. `ensureAscii` gives the default `\uXXXX` escaping (used by the reference's clutter).
 */
export function pyJsonDumpIndented(value: unknown, indent = 2, ensureAscii = false): string {
  return dump(value, indent, 0, ensureAscii);
}

function dump(v: unknown, indent: number, level: number, ascii: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof PyFloat) return floatJson(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatJson(v);
  if (typeof v === 'string') return jsonString(v, ascii);
  const inner = `\n${' '.repeat(indent * (level + 1))}`;
  const outer = `\n${' '.repeat(indent * level)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${inner}${v.map((x) => dump(x, indent, level + 1, ascii)).join(`,${inner}`)}${outer}]`;
  }
  if (isRecord(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, x]) => `${jsonString(k, ascii)}: ${dump(x, indent, level + 1, ascii)}`);
    return `{${inner}${items.join(`,${inner}`)}${outer}}`;
  }
  return jsonString(String(v), ascii);
}

function floatJson(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return pyFloatStr(x);
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Python's JSON string encoder: control characters as `\u00XX`; with `ascii`, non-ASCII too. */
function jsonString(s: string, ascii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (c < 0x20 || (ascii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
