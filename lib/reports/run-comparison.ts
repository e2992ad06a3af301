import { compareRuns, IncomparableRunsError } from './compare';
import type { CompareResult, PairedCounts } from './compare';
import { describeRun } from '../results/list-runs';

/** One run in a comparison, with its per-question tallies (over items scored in both it and the base run). */
export interface ComparedRun {
  runId: string;
  label: string;
  seed: number | null;
  accuracy: number;
  scored: number;
  byQuestion: Record<string, { correct: number; total: number }>;
}

/** The first run against each other run: paired counts, McNemar p, per-question deltas, differing items. */
export interface RunComparison {
  runs: ComparedRun[];
  pairs: Array<{ a: string; b: string; basis: CompareResult['basis']; overall: PairedCounts; byQuestion: CompareResult['byQuestion']; differing: CompareResult['differing']; unpaired: number }>;
  error: string | null;
}

/**
 * Compares two or more result folders of the same instances: the first is the base, each other run is
 * paired with it (lib/reports/compare). Runs of different instances give a readable `error`, not a throw.
 */
export async function compareRunDirs(dirs: Array<{ runId: string; dir: string }>): Promise<RunComparison> {
  const [base, ...others] = dirs;
  const runs: ComparedRun[] = [];
  const pairs: RunComparison['pairs'] = [];
  const info = (d: { runId: string; dir: string }) => describeRun(d.dir, d.runId);
  try {
    for (const other of others) {
      const r = await compareRuns(base.dir, other.dir);
      if (runs.length === 0) runs.push(compared(base.runId, info(base), r.a, r.byQuestion, 'A'));
      runs.push(compared(other.runId, info(other), r.b, r.byQuestion, 'B'));
      pairs.push({ a: base.runId, b: other.runId, basis: r.basis, overall: r.overall, byQuestion: r.byQuestion, differing: r.differing, unpaired: r.unpaired });
    }
  } catch (err) {
    if (err instanceof IncomparableRunsError) return { runs, pairs, error: err.message };
    throw err;
  }
  return { runs, pairs, error: null };
}

function compared(runId: string, listing: { label: string; seed: number | null }, side: { accuracy: number; scored: number }, byQ: CompareResult['byQuestion'], which: 'A' | 'B'): ComparedRun {
  const byQuestion: ComparedRun['byQuestion'] = {};
  for (const q of byQ) byQuestion[q.question_id] = { correct: which === 'A' ? q.correctA : q.correctB, total: q.paired };
  return { runId, label: listing.label, seed: listing.seed, accuracy: side.accuracy / 100, scored: side.scored, byQuestion };
}
