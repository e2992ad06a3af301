/**
 * What an experiment's page needs of its configurations' runs, by SQL over the index (issue 14): each run's
 * standings figures (from its run row, one pass over its narrow item rows, and its per-question groups), the
 * paired counts of two runs (a join on the item key), and pages of the items two runs disagree on. The view is
 * assembled from these by lib/experiments (experiment-view.ts), the same function that assembles it from run
 * states, so the two cannot drift. No item file is read.
 */
import type { ResultsIndex } from './open';
import { getItem, queryItems, type IndexedItem } from './query-items';
import type { Page } from './query-runs';
import { runNoOf } from './run-rows';
import { itemIdRange } from './schema';

/** Correct / scored / errored items of a group (the shape of lib/state's `Tally`). */
export interface FigureTally {
  correct: number;
  total: number;
  errored: number;
}

/** A configuration's run as its leaderboard row, heatmap column and progress need it. */
export interface RunFigures {
  status: string;
  error?: string;
  /** Items of the run. */
  total: number;
  /** Items with a verdict (passed + failed + errored). */
  scored: number;
  correct: number;
  errored: number;
  /** Items with a final status. */
  done: number;
  /** Items in flight (answered, not yet scored; `retrying` is not in the index). */
  active: number;
  tokens: number;
  /** Items whose conversation statistics are known, and the sums of their rounds and tool calls. */
  withRounds: number;
  rounds: number;
  toolCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** Some item recorded a prompt / completion split (a cost can be given). */
  split: boolean;
  startedAt: string | null;
  updatedAt: string | null;
  /** Every question id of the run's items, as strings. */
  questions: string[];
  /** Per question (`String(question_id)`), the questions with a verdict. */
  byQuestion: Record<string, FigureTally>;
}

/** Paired verdicts of two runs on the items both scored. */
export interface PairFigures {
  pairs: number;
  bothCorrect: number;
  aOnly: number;
  bOnly: number;
  bothWrong: number;
}

interface RunRow {
  run_no: number; experiment_folder: string | null; status: string; error: string | null; total_items: number; scored: number; correct: number; errored: number;
  running: number; tokens: number; created_at: string; updated_at: string | null; last_finished_at: string | null;
}

/**
 * The figures of run `runId`, or null when the index does not hold it (or holds a run of that name from another
 * experiment folder than `experimentFolder`).
 */
export function runFigures(index: ResultsIndex, runId: string, opts: { experimentFolder?: string } = {}): RunFigures | null {
  const r = index.db.prepare(`SELECT run_no, experiment_folder, status, error, total_items, scored, correct, errored, running, tokens, created_at, updated_at,
    last_finished_at FROM runs WHERE run_id = ?`).get(runId) as RunRow | undefined;
  if (!r || (opts.experimentFolder !== undefined && r.experiment_folder !== opts.experimentFolder)) return null;
  const { lo, hi } = itemIdRange(r.run_no);
  const s = index.db.prepare(`SELECT count(rounds) AS n, coalesce(sum(rounds), 0) AS rounds, coalesce(sum(tool_calls), 0) AS tool_calls,
      coalesce(sum(prompt_tokens), 0) AS prompt, coalesce(sum(completion_tokens), 0) AS completion,
      count(prompt_tokens) + count(completion_tokens) AS split
    FROM items WHERE id BETWEEN ? AND ?`).get(lo, hi) as { n: number; rounds: number; tool_calls: number; prompt: number; completion: number; split: number };
  const groups = index.db.prepare(`SELECT question_id, sum(passed) AS c, sum(passed + failed + errored) AS t, sum(errored) AS e
    FROM item_groups WHERE run_no = ? GROUP BY question_id`).raw().all(r.run_no) as Array<[number | string, number, number, number]>;
  const byQuestion: Record<string, FigureTally> = {};
  for (const [q, c, t, e] of groups) if (t > 0) byQuestion[String(q)] = { correct: c, total: t, errored: e };
  return {
    status: r.status, ...(r.error ? { error: r.error } : {}), total: r.total_items, scored: r.scored, correct: r.correct, errored: r.errored,
    done: r.scored, active: r.running, tokens: r.tokens, withRounds: s.n, rounds: s.rounds, toolCalls: s.tool_calls,
    promptTokens: s.prompt, completionTokens: s.completion, split: s.split > 0, startedAt: r.created_at, updatedAt: r.last_finished_at ?? r.updated_at,
    questions: groups.map(([q]) => String(q)), byQuestion,
  };
}

/** The run numbers of two runs, or null when either is not in the index. */
function runNos(index: ResultsIndex, a: string, b: string): { a: number; b: number } | null {
  const na = runNoOf(index.db, a);
  const nb = runNoOf(index.db, b);
  return na === undefined || nb === undefined ? null : { a: na, b: nb };
}

/** Items of run `a` (its rowid range) joined to the same key in run `b`, both scored. */
const JOINED = `FROM items a JOIN items b ON b.run_no = @b AND b.key = a.key
  WHERE a.id BETWEEN @lo AND @hi AND a.correct IS NOT NULL AND b.correct IS NOT NULL`;

/** Paired counts of runs `a` and `b` on the items both scored (zero when either is not in the index). */
export function pairFigures(index: ResultsIndex, runA: string, runB: string): PairFigures {
  const nos = runNos(index, runA, runB);
  if (!nos) return { pairs: 0, bothCorrect: 0, aOnly: 0, bOnly: 0, bothWrong: 0 };
  const { lo, hi } = itemIdRange(nos.a);
  const r = index.db.prepare(`SELECT count(*) AS pairs, coalesce(sum(a.correct = 1 AND b.correct = 1), 0) AS bothCorrect,
      coalesce(sum(a.correct = 1 AND b.correct = 0), 0) AS aOnly, coalesce(sum(a.correct = 0 AND b.correct = 1), 0) AS bOnly,
      coalesce(sum(a.correct = 0 AND b.correct = 0), 0) AS bothWrong ${JOINED}`).get({ lo, hi, b: nos.b }) as PairFigures;
  return r;
}

/** One item both runs scored where exactly one is right: the item in each run. */
export interface IndexedDisagreement {
  key: string;
  question_id: number | string;
  sample_number: number;
  a: IndexedItem;
  b: IndexedItem;
}

/** One page of the items runs `a` and `b` disagree on, by question then sample. */
export function disagreementPage(index: ResultsIndex, runA: string, runB: string, p: { offset: number; limit: number }): Page<IndexedDisagreement> {
  const nos = runNos(index, runA, runB);
  if (!nos) return { total: 0, rows: [] };
  const { lo, hi } = itemIdRange(nos.a);
  const params = { lo, hi, b: nos.b };
  const total = index.db.prepare(`SELECT count(*) ${JOINED} AND a.correct <> b.correct`).pluck().get(params) as number;
  const keys = index.db.prepare(`SELECT a.key ${JOINED} AND a.correct <> b.correct ORDER BY a.question_id, a.sample_number, a.id LIMIT @limit OFFSET @offset`)
    .pluck().all({ ...params, limit: p.limit, offset: p.offset }) as string[];
  const rows = keys.flatMap((key) => {
    const a = getItem(index, runA, key);
    const b = getItem(index, runB, key);
    return a && b ? [{ key, question_id: a.question_id, sample_number: a.sample_number, a, b }] : [];
  });
  return { total, rows };
}

/** One page of a run's items of one question (a heatmap cell), in sample order. */
export function questionItemPage(index: ResultsIndex, runId: string, question: string, p: { offset: number; limit: number }): Page<IndexedItem> {
  // Question ids keep their kind in the index: a numeric id is stored as a number.
  const ids: Array<number | string> = [question];
  if (question.trim() !== '' && Number.isFinite(Number(question))) ids.push(Number(question));
  return queryItems(index, runId, { questionId: ids, sort: 'sample_number', offset: p.offset, limit: p.limit });
}
