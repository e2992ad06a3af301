/**
 * The reference's deep JSON comparison (`_deep_json_compare`) and difference list (`_find_json_differences`):
 * type-strict (int ≠ float, bool ≠ int), dict key sets must match, lists are order-sensitive, no tolerance.
 */
import { PyFloat, pyStr, pyStrRepr, pyTypeName, type PyJson } from '../py';

function scalarEquals(a: PyJson, b: PyJson): boolean {
  // NaN != NaN as in Python; bigint/number ints compare by value.
  if (a instanceof PyFloat && b instanceof PyFloat) return a.value === b.value;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);
  }
  return a === b;
}

/** `_deep_json_compare(expected, actual)`. */
export function deepJsonEqual(expected: PyJson, actual: PyJson): boolean {
  if (pyTypeName(expected) !== pyTypeName(actual)) return false;
  if (Array.isArray(expected)) {
    const a = actual as PyJson[];
    if (expected.length !== a.length) return false;
    return expected.every((x, i) => deepJsonEqual(x, a[i]));
  }
  if (expected instanceof Map) {
    const a = actual as Map<string, PyJson>;
    if (expected.size !== a.size) return false;
    for (const k of expected.keys()) if (!a.has(k)) return false;
    for (const [k, v] of expected) if (!deepJsonEqual(v, a.get(k) as PyJson)) return false;
    return true;
  }
  return scalarEquals(expected, actual);
}

function keyList(keys: string[]): string {
  return `[${keys.map(pyStrRepr).join(', ')}]`;
}

/**
 * `_find_json_differences(expected, actual)`. The reference iterates Python sets, so its key order is not
 * deterministic; here missing and common keys follow the expected object's order, extra keys the actual's.
 */
export function jsonDifferences(expected: PyJson, actual: PyJson, path = 'root'): string[] {
  const te = pyTypeName(expected);
  const ta = pyTypeName(actual);
  if (te !== ta) return [`${path}: Expected ${te}, got ${ta}`];
  if (Array.isArray(expected)) {
    const a = actual as PyJson[];
    const out: string[] = [];
    if (expected.length !== a.length) out.push(`${path}: Expected array length ${expected.length}, got ${a.length}`);
    const n = Math.min(expected.length, a.length);
    for (let i = 0; i < n; i++) out.push(...jsonDifferences(expected[i], a[i], `${path}[${i}]`));
    return out;
  }
  if (expected instanceof Map) {
    const a = actual as Map<string, PyJson>;
    const out: string[] = [];
    const missing = [...expected.keys()].filter((k) => !a.has(k));
    const extra = [...a.keys()].filter((k) => !expected.has(k));
    if (missing.length) out.push(`${path}: Missing keys: ${keyList(missing)}`);
    if (extra.length) out.push(`${path}: Extra keys: ${keyList(extra)}`);
    for (const [k, v] of expected) {
      if (a.has(k)) out.push(...jsonDifferences(v, a.get(k) as PyJson, `${path}.${k}`));
    }
    return out;
  }
  if (!scalarEquals(expected, actual)) return [`${path}: Expected ${pyStr(expected)}, got ${pyStr(actual)}`];
  return [];
}
