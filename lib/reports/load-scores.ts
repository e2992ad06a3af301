/** Loading `scores.json` files for reports, keeping Python's int/float distinction of every number. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PyFloat, pyJsonLoads, type PyJson } from '../py';
import { itemMatchKey } from '../scoring/score-run';
import { iterJsonlLines } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';

/** A `scores.json` as a plain tree (objects are Maps, floats `PyFloat`). */
export type ScoresDoc = Map<string, PyJson>;

export function getMap(v: PyJson | undefined): Map<string, PyJson> {
  return v instanceof Map ? v : new Map();
}

/** A number from the doc as JS number (floats unwrapped); `dflt` when absent or not numeric. */
export function num(v: PyJson | undefined, dflt = 0): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return dflt;
}

/** Reads and parses `<dir>/scores.json`; `error` says why it could not be used. */
export function loadScoresDoc(dir: string): { doc: ScoresDoc | null; error?: string } {
  const file = path.join(dir, runFiles.scores);
  if (!existsSync(file)) return { doc: null, error: `scores.json not found in ${dir}` };
  try {
    const v = pyJsonLoads(readFileSync(file, 'utf8'));
    if (!(v instanceof Map)) return { doc: null, error: `${file}: top level is not an object` };
    return { doc: v };
  } catch (err) {
    return { doc: null, error: `Error parsing scores.json in ${dir}: ${(err as Error).message}` };
  }
}

/** Immediate subdirectories of a results root (except `consolidated_results`), sorted by name. */
export function listRunDirs(root: string): string[] {
  return readdirSync(root)
    .filter((n) => n !== 'consolidated_results' && statSync(path.join(root, n)).isDirectory())
    .sort();
}

/** Match keys of items whose (last) response line says `execution_successful: false`. */
export function erroredItemKeys(dir: string): Set<string> {
  const last = new Map<string, boolean>();
  for (const l of iterJsonlLines(path.join(dir, runFiles.responses))) {
    try {
      const r = JSON.parse(l.text) as { question_id?: unknown; sample_number?: unknown; execution_successful?: unknown };
      last.set(itemMatchKey(r.question_id, r.sample_number), r.execution_successful === false);
    } catch {
      // unreadable lines are reported by `picard score`
    }
  }
  return new Set([...last].filter(([, e]) => e).map(([k]) => k));
}
