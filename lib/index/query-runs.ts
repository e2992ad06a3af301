/** The run list from the index: one page, sorted, searched — no folder is read. */
import { join } from 'node:path';
import type { ResultsIndex } from './open';

/** A run row as the run list shows it. */
export interface IndexedRun {
  runId: string;
  dir: string;
  origin: 'picard-live' | 'reference';
  label: string;
  suite: string | null;
  agent: string | null;
  model: string | null;
  seed: number | null;
  experimentId: string | null;
  /** The experiment folder the run's folder is inside (null at the top of the results folder). */
  experimentFolder: string | null;
  status: string;
  error: string | null;
  createdAt: string;
  updatedAt: string | null;
  total: number;
  counts: { pending: number; running: number; passed: number; failed: number; errored: number };
  answered: number;
  scored: number;
  correct: number;
  accuracy: number | null;
  tokens: number;
  rounds: number;
  toolCalls: number;
  durationMs: number;
}

export const RUN_SORTS = {
  created: 'created_at', label: 'label', model: 'model', suite: 'suite', status: 'status', total: 'total_items',
  accuracy: 'accuracy', tokens: 'tokens', agent: 'agent',
} as const;
export type RunSort = keyof typeof RUN_SORTS;

export interface RunsQuery {
  offset?: number;
  /** Default 50, at most 1,000. */
  limit?: number;
  /** Default `created`, newest first. */
  sort?: RunSort;
  dir?: 'asc' | 'desc';
  /** Case-insensitive substring of the label, model, suite, agent or run id. */
  search?: string;
  status?: string[];
  /** Only the runs inside this experiment folder. */
  experimentId?: string;
}

export interface Page<T> {
  /** Rows matching the filters (all pages). */
  total: number;
  rows: T[];
}

interface RunRow {
  run_id: string; origin: 'picard-live' | 'reference'; label: string; suite: string | null; agent: string | null;
  model: string | null; seed: number | null; experiment_id: string | null; experiment_folder: string | null; status: string; error: string | null;
  created_at: string; updated_at: string | null; total_items: number; pending: number; running: number; passed: number;
  failed: number; errored: number; answered: number; scored: number; correct: number; accuracy: number | null;
  tokens: number; rounds: number; tool_calls: number; duration_ms: number;
}

/** `%`, `_` and the escape itself are literal in a search. */
export function likePattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function queryRuns(index: ResultsIndex, q: RunsQuery = {}): Page<IndexedRun> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.search) {
    where.push(`(label LIKE @s ESCAPE '\\' OR model LIKE @s ESCAPE '\\' OR suite LIKE @s ESCAPE '\\' OR agent LIKE @s ESCAPE '\\' OR run_id LIKE @s ESCAPE '\\')`);
    params.s = likePattern(q.search);
  }
  if (q.status?.length) {
    where.push(`status IN (${q.status.map((_, i) => `@st${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`st${i}`] = s));
  }
  if (q.experimentId !== undefined) {
    where.push('experiment_folder = @exp');
    params.exp = q.experimentId;
  }
  const sql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const col = RUN_SORTS[q.sort ?? 'created'];
  if (!col) throw new Error(`Unknown run sort '${q.sort}' (one of ${Object.keys(RUN_SORTS).join(', ')})`);
  const dir = (q.dir ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(0, q.limit ?? 50), 1000);
  const total = index.db.prepare(`SELECT count(*) FROM runs ${sql}`).pluck().get(params) as number;
  const rows = index.db
    .prepare(`SELECT * FROM runs ${sql} ORDER BY ${col} IS NULL, ${col} ${dir}, run_id ${dir} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset: Math.max(0, q.offset ?? 0) }) as RunRow[];
  return { total, rows: rows.map((r) => toRun(index, r)) };
}

/** One run's row, or null when the index does not know it. */
export function getRun(index: ResultsIndex, runId: string): IndexedRun | null {
  const r = index.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
  return r ? toRun(index, r) : null;
}

function toRun(index: ResultsIndex, r: RunRow): IndexedRun {
  return {
    runId: r.run_id, dir: runDirOf(index.resultsDir, r), origin: r.origin, label: r.label, suite: r.suite, agent: r.agent,
    model: r.model, seed: r.seed, experimentId: r.experiment_id, experimentFolder: r.experiment_folder, status: r.status, error: r.error, createdAt: r.created_at,
    updatedAt: r.updated_at, total: r.total_items,
    counts: { pending: r.pending, running: r.running, passed: r.passed, failed: r.failed, errored: r.errored },
    answered: r.answered, scored: r.scored, correct: r.correct, accuracy: r.accuracy, tokens: r.tokens, rounds: r.rounds,
    toolCalls: r.tool_calls, durationMs: r.duration_ms,
  };
}

/** A run's folder: `<results>/<run id>`, or `<results>/<experiment folder>/<run id>` for a configuration of a sweep. */
export function runDirOf(resultsDir: string, r: { run_id: string; experiment_folder: string | null }): string {
  return r.experiment_folder ? join(resultsDir, r.experiment_folder, r.run_id) : join(resultsDir, r.run_id);
}
