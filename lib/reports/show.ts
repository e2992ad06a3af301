/**
 * `picard show <run-dir>`: prints a `scores.json` like the reference's `visualize_cli_score.py` (spec §9.2):
 * summary, per scoring type `{c}/{t} ({pct:.1f}%)` with Python half-even formatting (1/80 → `1.2%`),
 * then every item (or failures only) with Expected/Actual truncated to 200 characters.
 */
import { pyFixed, pyJsonDumps, pyJsonLoads, pyStr, type PyJson } from '../py';
import { getMap, num } from './load-scores';

const C = { green: '\x1b[92m', red: '\x1b[91m', yellow: '\x1b[93m', bold: '\x1b[1m', reset: '\x1b[0m' };

export interface ShowOptions {
  failuresOnly?: boolean;
  color?: boolean;
}

function paint(text: string, color: string, on: boolean): string {
  return on ? `${color}${text}${C.reset}` : text;
}

/** `json.dumps(v, separators=(',', ':'))`. */
const compact = (v: PyJson): string => pyJsonDumps(v, { separators: [',', ':'] });

/** What the report shows for a value: Python `str()` of a scalar, compact JSON of a list or dict. */
function shownText(v: PyJson | undefined): string {
  return Array.isArray(v) || v instanceof Map ? compact(v) : pyStr(v);
}

/** `truncate_with_ellipsis`: code points, 197 + `...` beyond 200. */
function truncate(text: string, max = 200): string {
  const cps = Array.from(text);
  return cps.length <= max ? text : `${cps.slice(0, max - 3).join('')}...`;
}

/** `format_json_content`: JSON is re-dumped compactly, anything else shown raw; both truncated. */
export function formatJsonContent(content: string): string {
  try {
    return truncate(compact(pyJsonLoads(content)));
  } catch {
    return truncate(content);
  }
}

function summary(doc: Map<string, PyJson>, on: boolean): string[] {
  const md = getMap(doc.get('metadata'));
  const acc = md.get('accuracy_percentage') ?? 0;
  const a = num(acc);
  const color = a >= 80 ? C.green : a >= 60 ? C.yellow : C.red;
  return [
    paint('=== Test Results Summary ===', C.bold, on),
    `Test ID: ${md.has('test_id') ? shownText(md.get('test_id')) : 'Unknown'}`,
    `Timestamp: ${md.has('timestamp') ? shownText(md.get('timestamp')) : 'Unknown'}`,
    `Total: ${shownText(md.get('total_questions') ?? 0)} questions | Correct: ${shownText(md.get('correct_answers') ?? 0)} | Accuracy: ${paint(`${shownText(acc)}%`, color, on)}`,
    '',
  ];
}

function byType(doc: Map<string, PyJson>, on: boolean): string[] {
  const types = getMap(doc.get('by_scoring_type'));
  if (!types.size) return [];
  const out = [paint('=== By Question Type ===', C.bold, on)];
  for (const [type, r] of types) {
    const m = getMap(r);
    const c = num(m.get('correct'));
    const t = num(m.get('total'));
    const p = t > 0 ? (c / t) * 100 : 0;
    const color = p === 100 ? C.green : p >= 50 ? C.yellow : C.red;
    out.push(`${type}: ${paint(`${shownText(m.get('correct') ?? 0)}/${shownText(m.get('total') ?? 0)} (${pyFixed(p, 1)}%)`, color, on)}`);
  }
  out.push('');
  return out;
}

function pick(d: Map<string, PyJson>, keys: string[]): PyJson | undefined {
  for (const k of keys) if (d.has(k)) return d.get(k);
  return undefined;
}

function detailed(doc: Map<string, PyJson>, failuresOnly: boolean, on: boolean): string[] {
  const items = doc.get('detailed_results');
  if (!Array.isArray(items) || !items.length) return [];
  const out = [paint('=== Detailed Results ===', C.bold, on)];
  for (const it of items) {
    const r = getMap(it);
    const ok = r.get('correct') === true;
    if (failuresOnly && ok) continue;
    const label = ['question_id', 'sample_number', 'scoring_type'].map((k) => (r.has(k) ? shownText(r.get(k)) : 'Unknown'));
    const status = ok ? paint('✅ CORRECT', C.green, on) : paint('❌ INCORRECT', C.red, on);
    out.push(`Q${label[0]}.${label[1]} (${label[2]}): ${status}`);
    const err = r.get('error_message');
    if (typeof err === 'string' && err !== '') out.push(`   Error: ${paint(err, C.red, on)}`);
    const details = getMap(r.get('details'));
    if (!ok && details.size) {
      const expected = pick(details, ['expected_content', 'expected_raw', 'expected']);
      const actual = pick(details, ['actual_content', 'actual_raw', 'actual', 'actual_cleaned']);
      if (expected !== undefined && expected !== null) out.push(`   Expected: ${formatJsonContent(shownText(expected))}`);
      if (actual !== undefined && actual !== null) out.push(`   Actual: ${formatJsonContent(shownText(actual))}`);
    }
    out.push('');
  }
  return out;
}

/** Renders a `scores.json` text; throws Python's JSON error text when it is not valid JSON. */
export function renderScores(text: string, opts: ShowOptions = {}): string {
  const doc = getMap(pyJsonLoads(text));
  const on = opts.color ?? false;
  return [...summary(doc, on), ...byType(doc, on), ...detailed(doc, opts.failuresOnly ?? false, on)].map((l) => `${l}\n`).join('');
}
