/**
 * Scoring benchmark: builds a synthetic 20,000-item result folder (every scoring type with a fixture below;
 * the file-based ones with real files in a real sandbox) in a temp dir and times `scoreRun` over it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scoreRun } from '../scoring/score-run';
import { scoringTypes, type ScoringType } from '../definitions/scoring-types';
import { fixedClock } from '../util/clock';

export interface ScoringBenchResult {
  items: number;
  seconds: number;
  itemsPerSecond: number;
  /** The floor: reading precheck.jsonl and responses.jsonl and JSON-parsing every line, in the same process. */
  parseSeconds: number;
  peakRssMB: number;
}

type Base = Record<string, unknown>;
type Fixture = (i: number, wrong: boolean, base: Base, sandbox: string) => { entry: Record<string, unknown>; text: string };

/** One synthetic item per benchmarked scoring type; a scorer without a fixture here is simply not benchmarked. */
const fixtures: Partial<Record<ScoringType, Fixture>> = {
  stringmatch: (i, wrong, base) => ({ entry: { ...base, expected_response: `answer ${i}` }, text: `<think>working…</think>\n answer ${wrong ? i + 1 : i} ` }),
  jsonmatch: (i, wrong, base) => ({ entry: { ...base, expected_response: `{"n": ${i}, "avg": 41.92, "tags": ["a", "b"]}` }, text: `{"tags": ["a", "b"], "avg": ${wrong ? 41 : 41.92}, "n": ${i}}` }),
  files_exist: (i, wrong, base, sandbox) => {
    const f = path.join(sandbox, `f${i}.txt`);
    if (!wrong) writeFileSync(f, 'x');
    return { entry: { ...base, files_to_check: [f] }, text: 'done' };
  },
  directory_structure: (i, wrong, base, sandbox) => {
    mkdirSync(path.join(sandbox, `d${i}`, 'logs'), { recursive: true });
    if (!wrong) writeFileSync(path.join(sandbox, `d${i}`, 'logs', 'a.log'), 'x');
    return { entry: { ...base, expected_paths: [`${sandbox}/d${i}/`, `${sandbox}/d${i}/logs/`, `${sandbox}/d${i}/logs/a.log`] }, text: 'done' };
  },
  readfile_stringmatch: (i, wrong, base, sandbox) => {
    writeFileSync(path.join(sandbox, `r${i}.txt`), `${wrong ? i + 1 : i}\r\n`);
    return { entry: { ...base, file_to_read: `r${i}.txt`, expected_content: String(i) }, text: 'done' };
  },
  readfile_jsonmatch: (i, wrong, base, sandbox) => {
    writeFileSync(path.join(sandbox, `j${i}.json`), JSON.stringify({ total_customers: i, average_age: wrong ? 41 : 41.92 }, null, 2));
    return { entry: { ...base, file_to_read: `${sandbox}/j${i}.json`, expected_content: `{"total_customers": ${i}, "average_age": 41.92}` }, text: 'done' };
  },
};
const benchedTypes = scoringTypes.filter((t) => fixtures[t]);

/** Reads the run's two JSONL files and parses every line (the least any scorer does); returns the seconds taken. */
function timeParse(dir: string): number {
  const t0 = performance.now();
  for (const name of ['precheck.jsonl', 'responses.jsonl']) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) if (line.trim() !== '') JSON.parse(line);
  }
  return (performance.now() - t0) / 1000;
}

/** One precheck entry + response text for item `i`, creating its sandbox files. Every 5th answer is wrong. */
function makeItem(i: number, sandbox: string): { entry: Record<string, unknown>; text: string } {
  const type = benchedTypes[i % benchedTypes.length];
  const base = { scoring_type: type, question_id: 100 + (i % 50), sample_number: i, template: 't', substituted_question: `Question ${i}` };
  return fixtures[type]!(i, i % 5 === 0, base, sandbox);
}

/** Writes the synthetic run folder; returns its path. */
export function buildSyntheticRun(dir: string, items: number): string {
  const sandbox = path.join(dir, 'sandbox');
  mkdirSync(sandbox, { recursive: true });
  const pre: string[] = [];
  const res: string[] = [];
  for (let i = 1; i <= items; i++) {
    const { entry, text } = makeItem(i, sandbox);
    pre.push(JSON.stringify(entry));
    res.push(JSON.stringify({ question_id: entry.question_id, sample_number: i, timestamp: '2025-01-01T00:00:00', response_text: text, execution_successful: true, error_message: null, model_info: 'bench' }));
  }
  writeFileSync(path.join(dir, 'precheck.jsonl'), `${pre.join('\n')}\n`);
  writeFileSync(path.join(dir, 'responses.jsonl'), `${res.join('\n')}\n`);
  writeFileSync(path.join(dir, 'test_summary.json'), JSON.stringify({ test_id: 'bench', sandbox_status: { exists: true, path: sandbox } }));
  return dir;
}

/** Times `scoreRun` (including writing scores.json) over a synthetic run of `items` items (default 20,000), and the parse floor. */
export async function benchScoring(items = 20_000): Promise<ScoringBenchResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'picard-bench-scoring-'));
  try {
    const dir = buildSyntheticRun(path.join(tmp, 'bench_20250101_000000'), items);
    const parseSeconds = timeParse(dir);
    const t0 = performance.now();
    const r = await scoreRun(dir, { clock: fixedClock('2025-01-01T00:00:00') });
    const seconds = (performance.now() - t0) / 1000;
    if (r.metadata.total_questions !== items) throw new Error(`benchScoring: scored ${r.metadata.total_questions} of ${items} items`);
    return { items, seconds, itemsPerSecond: items / seconds, parseSeconds, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
