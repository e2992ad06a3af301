/**
 * `rounds.csv` as `process_results.py` writes it (spec §9.1, C78): one row per `q*.json` conversation stem
 * (sorted as strings), value = `statistics.inference_rounds` (missing → 0), an empty row, then per question
 * (sorted as strings) `Average_q` (round 2), `Max_q`, `Min_q`, `Mode_q` (ties → smallest).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pyJsonLoads, pyRound } from '../py';
import { csvFloat, type CsvCell } from './csv';
import { getMap, num } from './load-scores';
import { conversationFile, runFiles } from '../results/run-files';

export interface RoundsSource {
  name: string;
  dir: string;
}

/** Conversation stems (`q101_s1`) of a run folder, as the reference selects them. */
function stems(dir: string): string[] {
  const conv = path.join(dir, runFiles.conversations);
  if (!existsSync(conv)) return [];
  return readdirSync(conv)
    .filter((f) => f.endsWith('.json') && f.startsWith('q'))
    .map((f) => f.replaceAll('.json', ''));
}

function readRounds(dir: string, stem: string, warn: (m: string) => void): number {
  const file = conversationFile(dir, stem);
  try {
    const doc = getMap(pyJsonLoads(readFileSync(file, 'utf8')));
    return num(getMap(doc.get('statistics')).get('inference_rounds'), 0);
  } catch (err) {
    warn(`Warning: Could not read ${file}: ${(err as Error).message}`);
    return 0;
  }
}

/** Python `Counter` mode with ties broken by the smallest value. */
export function pyMode(values: number[]): number {
  if (!values.length) return 0;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return Math.min(...[...counts].filter(([, c]) => c === top).map(([v]) => v));
}

/** The rows of `rounds.csv` for the given runs (columns in the given order). */
export function roundsRows(sources: RoundsSource[], warn: (m: string) => void = () => {}): CsvCell[][] {
  const all = [...new Set(sources.flatMap((s) => stems(s.dir)))].sort();
  const data = sources.map((s) => {
    const m = new Map<string, number>(all.map((qs) => [qs, 0]));
    for (const qs of stems(s.dir)) m.set(qs, readRounds(s.dir, qs, warn));
    return m;
  });
  const rows: CsvCell[][] = [['Question_Sample', ...sources.map((s) => s.name)]];
  for (const qs of all) rows.push([qs, ...data.map((m) => m.get(qs) ?? 0)]);
  rows.push([]);
  const groups = new Map<string, string[]>();
  for (const qs of all) {
    const q = qs.split('_')[0].slice(1);
    groups.set(q, [...(groups.get(q) ?? []), qs]);
  }
  for (const q of [...groups.keys()].sort()) {
    const per = data.map((m) => (groups.get(q) ?? []).map((qs) => m.get(qs) ?? 0));
    rows.push([`Average_q${q}`, ...per.map((v) => csvFloat(pyRound(v.reduce((a, b) => a + b, 0) / v.length, 2)))]);
    rows.push([`Max_q${q}`, ...per.map((v) => Math.max(...v))]);
    rows.push([`Min_q${q}`, ...per.map((v) => Math.min(...v))]);
    rows.push([`Mode_q${q}`, ...per.map(pyMode)]);
  }
  return rows;
}
