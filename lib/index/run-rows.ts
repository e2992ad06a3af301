/**
 * A run's rows across the index's tables: its `run_no` (the integer its item rows carry), creating the run row
 * before its first items land, and deleting everything the index holds for it.
 */
import type Database from 'better-sqlite3';
import type { RunMeta } from './run-meta';
import { itemIdRange, RECOMPUTE_GROUPS_SQL } from './schema';

/** The run's `run_no`, or undefined when the index does not know the run. */
export function runNoOf(db: Database.Database, runId: string): number | undefined {
  return db.prepare('SELECT run_no FROM runs WHERE run_id = ?').pluck().get(runId) as number | undefined;
}

/** The run's `run_no`, inserting its row (descriptive columns; the manifest's items, all pending) if it has none yet. */
export function ensureRunRow(db: Database.Database, meta: RunMeta): number {
  const known = runNoOf(db, meta.run_id);
  if (known !== undefined) return known;
  db.prepare(`INSERT INTO runs (run_id, origin, label, suite, definitions_file, definitions_sha256, agent, model, seed,
      experiment_id, experiment_folder, manifest_status, status, pid, error, created_at, updated_at, total_items, pending)
    VALUES (@run_id, @origin, @label, @suite, @definitions_file, @definitions_sha256, @agent, @model, @seed,
      @experiment_id, @experiment_folder, @manifest_status, @status, @pid, @error, @created_at, @updated_at, @total, @total)
    ON CONFLICT(run_id) DO NOTHING`).run({ ...meta, total: meta.total_items ?? 0 });
  return runNoOf(db, meta.run_id)!;
}

/** Deletes a run's items, texts, groups, file states and problems; with `run`, its run row too. Call in a transaction. */
export function deleteRunRows(db: Database.Database, runId: string, opts: { run?: boolean } = {}): void {
  const runNo = runNoOf(db, runId);
  if (runNo !== undefined) {
    const { lo, hi } = itemIdRange(runNo);
    db.prepare('DELETE FROM item_text WHERE id BETWEEN ? AND ?').run(lo, hi);
    db.prepare('DELETE FROM items WHERE id BETWEEN ? AND ?').run(lo, hi);
    db.prepare('DELETE FROM item_groups WHERE run_no = ?').run(runNo);
    db.prepare('DELETE FROM bulk_runs WHERE run_no = ?').run(runNo);
  }
  db.prepare('DELETE FROM file_state WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM problems WHERE run_id = ?').run(runId);
  if (opts.run) db.prepare('DELETE FROM runs WHERE run_id = ?').run(runId);
  else db.prepare('UPDATE runs SET model_info = NULL WHERE run_id = ?').run(runId);
}

/** Sums a run's groups afresh from its item rows (the end of a bulk load). Call in a transaction. */
export function recomputeGroups(db: Database.Database, runNo: number): void {
  db.prepare('DELETE FROM item_groups WHERE run_no = ?').run(runNo);
  db.prepare(RECOMPUTE_GROUPS_SQL).run({ run_no: runNo, ...itemIdRange(runNo) });
}
