/**
 * `picard report <results-root>`: the reference's `process_results.py` CSVs (spec §9.1) in
 * `consolidated_results/`, plus `performance_by_question.csv`. Every accuracy also gets a Wilson 95%
 * interval and the number of errored items (`execution_successful: false`), in columns appended after the
 * reference's. LLM columns/rows are sorted by folder name (the reference uses `os.listdir` order).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PyFloat, type PyJson, pyRound } from '../py';
import { itemMatchKey } from '../scoring/score-run';
import { csvFloat, toCsv, type CsvCell } from './csv';
import { erroredItemKeys, getMap, listRunDirs, loadScoresDoc, num, type ScoresDoc } from './load-scores';
import { roundsRows } from './rounds';
import { wilson } from '../stats';

export interface LlmScores {
  name: string;
  dir: string;
  doc: ScoresDoc;
  errored: Set<string>;
}

export interface ReportResult {
  outDir: string;
  files: string[];
  llms: string[];
  warnings: string[];
}

const EXTRA = ['Wilson95_Low_Percentage', 'Wilson95_High_Percentage', 'Errored_Items'];

/** Python `round(c/t*100, 2)` as a float; 0.0 when t is 0. */
function pct(c: number, t: number): PyFloat {
  return csvFloat(t > 0 ? pyRound((c / t) * 100, 2) : 0);
}

function wilsonCells(c: number, t: number): CsvCell[] {
  const w = wilson(c, t);
  return w ? [csvFloat(pyRound(w.low * 100, 2)), csvFloat(pyRound(w.high * 100, 2))] : ['', ''];
}

/** Keys of detailed results grouped by a field (`scoring_type` or `question_id`), counting errored items. */
function erroredBy(l: LlmScores, field: 'scoring_type' | 'question_id'): Map<string, number> {
  const out = new Map<string, number>();
  const items = getMap(l.doc).get('detailed_results');
  for (const it of Array.isArray(items) ? items : []) {
    const m = getMap(it);
    if (!l.errored.has(itemMatchKey(plainKey(m.get('question_id')), plainKey(m.get('sample_number'))))) continue;
    const k = String(plainKey(m.get(field)));
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function plainKey(v: PyJson | undefined): unknown {
  return v instanceof PyFloat ? v.value : typeof v === 'bigint' ? Number(v) : v;
}

/** Python `str()` of a metadata value for the CSV (floats keep `.0`). */
function cell(v: PyJson | undefined, dflt: CsvCell): CsvCell {
  if (v === undefined) return dflt;
  if (v instanceof Map || Array.isArray(v)) return String(v);
  return v as CsvCell;
}

function overallRows(llms: LlmScores[]): CsvCell[][] {
  const rows: CsvCell[][] = [['LLM_Name', 'Test_ID', 'Timestamp', 'Total_Questions', 'Correct_Answers', 'Accuracy_Percentage', ...EXTRA]];
  for (const l of llms) {
    const md = getMap(l.doc.get('metadata'));
    const t = num(md.get('total_questions'));
    const c = num(md.get('correct_answers'));
    const errored = [...erroredBy(l, 'scoring_type').values()].reduce((a, b) => a + b, 0);
    rows.push([l.name, cell(md.get('test_id'), 'N/A'), cell(md.get('timestamp'), 'N/A'), cell(md.get('total_questions'), 0), cell(md.get('correct_answers'), 0), cell(md.get('accuracy_percentage'), csvFloat(0)), ...wilsonCells(c, t), errored]);
  }
  return rows;
}

function byTypeRows(llms: LlmScores[]): CsvCell[][] {
  const rows: CsvCell[][] = [['LLM_Name', 'Scoring_Type', 'Correct', 'Total', 'Accuracy_Percentage', ...EXTRA]];
  for (const l of llms) {
    const errored = erroredBy(l, 'scoring_type');
    for (const [type, stats] of getMap(l.doc.get('by_scoring_type'))) {
      const s = getMap(stats);
      const c = num(s.get('correct'));
      const t = num(s.get('total'));
      rows.push([l.name, type, cell(s.get('correct'), 0), cell(s.get('total'), 0), pct(c, t), ...wilsonCells(c, t), errored.get(type) ?? 0]);
    }
  }
  return rows;
}

function byQuestionRows(llms: LlmScores[]): CsvCell[][] {
  const rows: CsvCell[][] = [['LLM_Name', 'Question_ID', 'Scoring_Type', 'Correct', 'Total', 'Accuracy_Percentage', ...EXTRA]];
  for (const l of llms) {
    const errored = erroredBy(l, 'question_id');
    for (const [q, stats] of getMap(l.doc.get('by_question'))) {
      const s = getMap(stats);
      const c = num(s.get('correct'));
      const t = num(s.get('total'));
      rows.push([l.name, q, cell(s.get('scoring_type'), ''), cell(s.get('correct'), 0), cell(s.get('total'), 0), pct(c, t), ...wilsonCells(c, t), errored.get(q) ?? 0]);
    }
  }
  return rows;
}

/** Loads every run under `root` that has a readable `scores.json` (others are skipped with a warning). */
export function loadLlms(root: string, warnings: string[]): LlmScores[] {
  const out: LlmScores[] = [];
  for (const name of listRunDirs(root)) {
    const dir = path.join(root, name);
    const { doc, error } = loadScoresDoc(dir);
    if (!doc) {
      warnings.push(`Warning: ${error}; skipping ${name}`);
      continue;
    }
    out.push({ name, dir, doc, errored: erroredItemKeys(dir) });
  }
  return out;
}

/** Writes the four CSVs under `<root>/consolidated_results/`. Throws when no run has a readable scores.json. */
export function writeReport(root: string): ReportResult {
  const warnings: string[] = [];
  const llms = loadLlms(root, warnings);
  if (!llms.length) throw new Error(`No valid LLM data found in ${root} (no sub-folder has a readable scores.json). Run \`picard score\` first.`);
  const outDir = path.join(root, 'consolidated_results');
  mkdirSync(outDir, { recursive: true });
  const outputs: Array<[string, CsvCell[][]]> = [
    ['overall_performance.csv', overallRows(llms)],
    ['performance_by_scoring_type.csv', byTypeRows(llms)],
    ['performance_by_question.csv', byQuestionRows(llms)],
    ['rounds.csv', roundsRows(llms, (m) => warnings.push(m))],
  ];
  for (const [name, rows] of outputs) writeFileSync(path.join(outDir, name), toCsv(rows));
  return { outDir, files: outputs.map(([n]) => path.join(outDir, n)), llms: llms.map((l) => l.name), warnings };
}
