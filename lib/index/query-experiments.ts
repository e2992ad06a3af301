/**
 * The experiment list from the index: one page of experiment rows, sorted and searched, each with its
 * configurations' progress and leading configuration summed over their run rows by SQL — no folder is read.
 */
import { join } from 'node:path';
import type { ResultsIndex } from './open';
import { likePattern, type Page } from './query-runs';

/** An experiment as `/experiments` lists it. */
export interface IndexedExperiment {
  id: string;
  dir: string;
  name: string;
  /** The definitions as written (a bundled suite id or a path). */
  suite: string | null;
  seed: number | null;
  samples: number | null;
  status: string;
  /** Why the experiment's `experiment.json` could not be read. */
  error: string | null;
  createdAt: string;
  updatedAt: string | null;
  /** Configurations in the experiment file. */
  configurations: number;
  /** Labels in file order. */
  labels: string[];
  /** Configurations whose run is in the index. */
  runs: number;
  /** Items with a verdict, summed over the configurations' runs. */
  done: number;
  /** Items of the configurations' runs (each configuration has the design's items). */
  total: number;
  tokens: number;
  /** The configuration with the best accuracy so far (ties: the most items scored, then the label). */
  best: { label: string; accuracy: number } | null;
}

export const EXPERIMENT_SORTS = {
  created: 'created_at', name: 'name', suite: 'suite', status: 'status', configurations: 'configurations',
  done: 'done', best: 'best_accuracy',
} as const;
export type ExperimentSort = keyof typeof EXPERIMENT_SORTS;

export interface ExperimentsQuery {
  offset?: number;
  /** Default 50, at most 1,000. */
  limit?: number;
  /** Default `created`, newest first. */
  sort?: ExperimentSort;
  dir?: 'asc' | 'desc';
  /** Case-insensitive substring of the name, suite, id or a configuration's label. */
  search?: string;
  status?: string[];
}

interface Row {
  experiment_id: string; name: string; suite: string | null; seed: number | null; samples: number | null; status: string;
  error: string | null; created_at: string; updated_at: string | null; configurations: number; labels: string;
  runs: number; done: number; total: number; tokens: number; best_label: string | null; best_accuracy: number | null;
}

/** Each experiment with its runs' sums and its best run (one pass over the runs of experiments, by their index). */
const LISTED = `
SELECT e.experiment_id, e.name, e.suite, e.seed, e.samples, e.status, e.error, e.created_at, e.updated_at,
  e.configurations, e.labels, coalesce(r.runs, 0) AS runs, coalesce(r.done, 0) AS done, coalesce(r.total, 0) AS total,
  coalesce(r.tokens, 0) AS tokens, b.label AS best_label, b.accuracy AS best_accuracy
FROM experiments e
LEFT JOIN (SELECT experiment_folder, count(*) AS runs, sum(passed + failed + errored) AS done, sum(total_items) AS total,
    sum(tokens) AS tokens FROM runs WHERE experiment_folder IS NOT NULL GROUP BY experiment_folder) r
  ON r.experiment_folder = e.experiment_id
LEFT JOIN (SELECT experiment_folder, label, accuracy, row_number() OVER (PARTITION BY experiment_folder
    ORDER BY accuracy DESC, scored DESC, label) AS rn FROM runs WHERE experiment_folder IS NOT NULL AND accuracy IS NOT NULL) b
  ON b.experiment_folder = e.experiment_id AND b.rn = 1`;

export function queryExperiments(index: ResultsIndex, q: ExperimentsQuery = {}): Page<IndexedExperiment> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.search) {
    where.push(`(name LIKE @s ESCAPE '\\' OR suite LIKE @s ESCAPE '\\' OR experiment_id LIKE @s ESCAPE '\\' OR labels LIKE @s ESCAPE '\\')`);
    params.s = likePattern(q.search);
  }
  if (q.status?.length) {
    where.push(`status IN (${q.status.map((_, i) => `@st${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`st${i}`] = s));
  }
  const sql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const col = EXPERIMENT_SORTS[q.sort ?? 'created'];
  if (!col) throw new Error(`Unknown experiment sort '${q.sort}' (one of ${Object.keys(EXPERIMENT_SORTS).join(', ')})`);
  const dir = (q.dir ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(0, q.limit ?? 50), 1000);
  const total = index.db.prepare(`SELECT count(*) FROM experiments ${sql}`).pluck().get(params) as number;
  const rows = index.db
    .prepare(`SELECT * FROM (${LISTED}) ${sql} ORDER BY ${col} IS NULL, ${col} ${dir}, experiment_id ${dir} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset: Math.max(0, q.offset ?? 0) }) as Row[];
  return { total, rows: rows.map((r) => toExperiment(index, r)) };
}

/** One experiment's row, or null when the index does not know it. */
export function getExperiment(index: ResultsIndex, id: string): IndexedExperiment | null {
  const r = index.db.prepare(`SELECT * FROM (${LISTED}) WHERE experiment_id = ?`).get(id) as Row | undefined;
  return r ? toExperiment(index, r) : null;
}

function toExperiment(index: ResultsIndex, r: Row): IndexedExperiment {
  return {
    id: r.experiment_id, dir: join(index.resultsDir, r.experiment_id), name: r.name, suite: r.suite, seed: r.seed, samples: r.samples,
    status: r.status, error: r.error, createdAt: r.created_at, updatedAt: r.updated_at, configurations: r.configurations,
    labels: JSON.parse(r.labels) as string[], runs: r.runs, done: r.done, total: r.total, tokens: r.tokens,
    best: r.best_label !== null && r.best_accuracy !== null ? { label: r.best_label, accuracy: r.best_accuracy } : null,
  };
}
