/**
 * Writes a run's row: its descriptive columns plus counts and totals summed from its item rows by SQL (one
 * pass over the run's item groups), so the run list never reads a folder.
 */
import type Database from 'better-sqlite3';
import type { RunMeta } from './run-meta';
import { runNoOf } from './run-rows';

interface Sums {
  n: number;
  pending: number;
  running: number;
  passed: number;
  failed: number;
  errored: number;
  answered: number;
  scored: number;
  tokens: number;
  rounds: number;
  tool_calls: number;
  duration_ms: number;
  first_finished_at: string | null;
  last_finished_at: string | null;
}

const EMPTY: Sums = {
  n: 0, pending: 0, running: 0, passed: 0, failed: 0, errored: 0, answered: 0, scored: 0, tokens: 0, rounds: 0,
  tool_calls: 0, duration_ms: 0, first_finished_at: null, last_finished_at: null,
};

const SUMS_SQL = `
SELECT coalesce(sum(n), 0) AS n, coalesce(sum(pending), 0) AS pending, coalesce(sum(running), 0) AS running,
  coalesce(sum(passed), 0) AS passed, coalesce(sum(failed), 0) AS failed, coalesce(sum(errored), 0) AS errored,
  coalesce(sum(answered), 0) AS answered, coalesce(sum(passed + failed + errored), 0) AS scored,
  coalesce(sum(tokens), 0) AS tokens, coalesce(sum(rounds), 0) AS rounds, coalesce(sum(tool_calls), 0) AS tool_calls,
  coalesce(sum(duration_ms), 0) AS duration_ms, min(first_finished_at) AS first_finished_at,
  max(last_finished_at) AS last_finished_at
FROM item_groups WHERE run_no = ?`;

/** The model the responses name, when the manifest names none (reference folders): the first answered item's. */
const MODEL_SQL = 'SELECT model_info FROM runs WHERE run_no = ?';

const UPSERT_SQL = `
INSERT INTO runs (run_id, origin, label, suite, definitions_file, definitions_sha256, agent, model, seed, experiment_id,
  experiment_folder, manifest_status, status, pid, error, created_at, updated_at, total_items, pending, running, passed, failed, errored,
  answered, scored, correct, accuracy, tokens, rounds, tool_calls, duration_ms, first_finished_at, last_finished_at)
VALUES (@run_id, @origin, @label, @suite, @definitions_file, @definitions_sha256, @agent, @model, @seed, @experiment_id,
  @experiment_folder, @manifest_status, @status, @pid, @error, @created_at, @updated_at, @total_items, @pending, @running, @passed, @failed,
  @errored, @answered, @scored, @correct, @accuracy, @tokens, @rounds, @tool_calls, @duration_ms, @first_finished_at,
  @last_finished_at)
ON CONFLICT(run_id) DO UPDATE SET origin = excluded.origin, label = excluded.label, suite = excluded.suite,
  definitions_file = excluded.definitions_file, definitions_sha256 = excluded.definitions_sha256, agent = excluded.agent,
  model = excluded.model, seed = excluded.seed, experiment_id = excluded.experiment_id,
  experiment_folder = excluded.experiment_folder,
  manifest_status = excluded.manifest_status, status = excluded.status, pid = excluded.pid, error = excluded.error,
  created_at = excluded.created_at, updated_at = excluded.updated_at, total_items = excluded.total_items,
  pending = excluded.pending, running = excluded.running, passed = excluded.passed, failed = excluded.failed,
  errored = excluded.errored, answered = excluded.answered, scored = excluded.scored, correct = excluded.correct,
  accuracy = excluded.accuracy, tokens = excluded.tokens, rounds = excluded.rounds, tool_calls = excluded.tool_calls,
  duration_ms = excluded.duration_ms, first_finished_at = excluded.first_finished_at,
  last_finished_at = excluded.last_finished_at`;

/**
 * Upserts the run row from `meta` and the run's item groups (a few rows per question, never its items). Call
 * inside the transaction that changed the items.
 */
export function writeRunSummary(db: Database.Database, meta: RunMeta): void {
  const runNo = runNoOf(db, meta.run_id);
  const s = runNo === undefined ? EMPTY : (db.prepare(SUMS_SQL).get(runNo) as Sums);
  const model = meta.model ?? (runNo === undefined ? null : ((db.prepare(MODEL_SQL).pluck().get(runNo) as string | null | undefined) ?? null));
  const total = Math.max(meta.total_items ?? s.n, s.n);
  db.prepare(UPSERT_SQL).run({
    ...meta,
    model,
    total_items: total,
    // Items the manifest announces but the precheck does not list yet are pending too.
    pending: s.pending + (total - s.n),
    running: s.running,
    passed: s.passed,
    failed: s.failed,
    errored: s.errored,
    answered: s.answered,
    scored: s.scored,
    correct: s.passed,
    accuracy: s.scored > 0 ? s.passed / s.scored : null,
    tokens: s.tokens,
    rounds: s.rounds,
    tool_calls: s.tool_calls,
    duration_ms: s.duration_ms,
    first_finished_at: s.first_finished_at,
    last_finished_at: s.last_finished_at,
  });
}

/** Updates only the status columns (a `running` manifest whose process has gone). */
export function writeRunStatus(db: Database.Database, meta: RunMeta): void {
  db.prepare('UPDATE runs SET status = ?, manifest_status = ? WHERE run_id = ?').run(meta.status, meta.manifest_status, meta.run_id);
}
