/**
 * The reference's JSON/YAML path language (spec §4.2): strict navigation (`a.b[0]`), lenient wildcard
 * expansion (`a[*].b`, no filters) and `[?field OP value]` filters. Works on the Python data model of
 * lib/py/json-loads.ts and yaml-load.ts (dicts are `Map`s, lists are arrays).
 */
import { PyFloat, pyClassStr, pyParseFloat, pyParseInt, pyStr } from '../py';
import { TemplateFunctionFailure } from './target-file';

/** Splits a path on `.` outside brackets, dropping empty parts. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      if (cur) parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}

const fail = (msg: string): never => {
  throw new TemplateFunctionFailure(msg);
};

/** Python `int(s)` for an index, or `null`. */
function toIndex(s: string): number | null {
  return pyParseInt(s);
}

function bracketPart(current: unknown, part: string): unknown {
  const open = part.indexOf('[');
  const key = part.slice(0, open);
  const indexText = part.slice(open + 1, Math.max(open + 1, part.lastIndexOf(']')));
  let cur = current;
  if (key) {
    if (!(cur instanceof Map) || !cur.has(key)) fail(`Key '${key}' not found in JSON object`);
    cur = (cur as Map<unknown, unknown>).get(key);
  }
  const index = toIndex(indexText);
  if (index === null) return fail(`Invalid array index: ${indexText}`);
  if (!Array.isArray(cur)) return fail(`Cannot index non-array value: ${pyClassStr(cur)}`);
  if (index < 0 || index >= cur.length) fail(`Array index ${index} out of range (length: ${cur.length})`);
  return cur[index];
}

/** The reference's `_navigate_json_keys`: strict dotted navigation with non-negative indices. */
export function navigateKeys(data: unknown, keyPath: string): unknown {
  let current = data;
  for (const part of splitPath(keyPath)) {
    if (part.includes('[') && part.includes(']')) {
      current = bracketPart(current, part);
      continue;
    }
    if (!(current instanceof Map)) fail(`Cannot access key '${part}' on non-object value: ${pyClassStr(current)}`);
    const map = current as Map<unknown, unknown>;
    if (!map.has(part)) fail(`Key '${part}' not found in JSON object`);
    current = map.get(part);
  }
  return current;
}

/** The reference's `_evaluate_json_path`: strips `$` and one leading `.`; `$`, `` and `$.` mean the root. */
export function evaluatePath(data: unknown, pathExpr: string): unknown {
  let p = pathExpr.startsWith('$') ? pathExpr.slice(1) : pathExpr;
  if (p === '' || p === '.') return data;
  if (p.startsWith('.')) p = p.slice(1);
  return navigateKeys(data, p);
}

function stripRoot(pathExpr: string): string {
  let p = pathExpr.startsWith('$') ? pathExpr.slice(1) : pathExpr;
  if (p.startsWith('.')) p = p.slice(1);
  return p;
}

function expandPart(value: unknown, part: string, out: unknown[]): void {
  if (part.includes('[*]')) {
    const key = part === '[*]' ? '' : part.split('[*]').join('');
    let arr = value;
    if (key) {
      if (!(value instanceof Map) || !value.has(key)) return;
      arr = value.get(key);
    }
    if (Array.isArray(arr)) out.push(...arr);
    else out.push(arr);
  } else if (part.includes('[') && part.includes(']')) {
    const open = part.indexOf('[');
    const key = part.slice(0, open);
    let arr = value;
    if (key) {
      if (!(value instanceof Map) || !value.has(key)) return;
      arr = value.get(key);
    }
    if (!Array.isArray(arr)) return;
    const index = toIndex(part.slice(open + 1, Math.max(open + 1, part.lastIndexOf(']'))));
    if (index !== null && index >= 0 && index < arr.length) out.push(arr[index]);
  } else if (value instanceof Map && value.has(part)) {
    out.push(value.get(part));
  }
}

/** The reference's `_expand_wildcard_path`: every value the path reaches; missing parts are skipped. */
export function expandWildcards(data: unknown, pathExpr: string): unknown[] {
  const p = stripRoot(pathExpr);
  if (!p) return [data];
  let values: unknown[] = [data];
  for (const part of splitPath(p)) {
    const next: unknown[] = [];
    for (const v of values) expandPart(v, part, next);
    values = next;
  }
  return values;
}

/** `float(str(v))` when it succeeds (booleans print `True` and are not numeric), else `null`. */
export function numericValue(v: unknown): number | null {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'string') return pyParseFloat(v);
  return pyParseFloat(pyStr(v));
}

const FILTER_OPS = ['>=', '<=', '!=', '==', '>', '<', 'contains', 'startswith', 'endswith'] as const;

/** The reference's `_parse_filter_expression`: `[?field OP value]` → item predicate. */
export function parseFilter(expr: string): (item: unknown) => boolean {
  let e = expr.trim();
  if (e.startsWith('[?') && e.endsWith(']')) e = e.slice(2, -1);
  else if (e.startsWith('?')) e = e.slice(1);
  const op = FILTER_OPS.find((o) => e.includes(o));
  if (!op) return fail(`Invalid filter expression: ${e}`);
  const at = e.indexOf(op);
  const field = e.slice(0, at).trim();
  let target = e.slice(at + op.length).trim();
  if ((target.startsWith('"') && target.endsWith('"')) || (target.startsWith("'") && target.endsWith("'"))) {
    target = target.slice(1, -1);
  }
  return (item) => {
    if (!(item instanceof Map) || !item.has(field)) return false;
    const value = item.get(field);
    if (op === '>' || op === '<' || op === '>=' || op === '<=') {
      const a = numericValue(value);
      const b = pyParseFloat(target);
      if (a === null || b === null) return false;
      return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
    }
    const s = pyStr(value);
    if (op === '==') return s === target;
    if (op === '!=') return s !== target;
    if (op === 'contains') return s.includes(target);
    return op === 'startswith' ? s.startsWith(target) : s.endsWith(target);
  };
}

/** Splits `base[?filter]rest` as the reference's count_where/filter: the filter ends at the first `]`. */
export function splitFilterPath(pathExpr: string, fnName: string): { base: string; filter: string; rest: string } {
  const start = pathExpr.indexOf('[?');
  if (start < 0) fail(`${fnName} requires a filter expression with [?...]`);
  const close = pathExpr.indexOf(']', start);
  if (close < 0) fail('substring not found');
  let base = pathExpr.slice(0, start);
  if (base.startsWith('$.')) base = base.slice(2);
  else if (base.startsWith('$')) base = base.slice(1);
  let rest = pathExpr.slice(close + 1);
  if (rest.startsWith('.')) rest = rest.slice(1);
  return { base, filter: pathExpr.slice(start, close + 1), rest };
}
