/**
 * The results index's tables. The index is derived from the result folders (the files stay the source of truth)
 * and can always be rebuilt, so a schema change is not migrated: a different `SCHEMA_VERSION` drops every table
 * and the next catch-up refills them from the files.
 */

/** Stored in `PRAGMA user_version`. Bump on any change below. */
export const SCHEMA_VERSION = 1;

/**
 * `runs`: one row per result folder (`run_id` is the folder name: paths are not stored, so a results folder can
 * be moved with its index). `items`: one row per instance of a run, keyed by run and item key (`q{X}_s{Y}`, the
 * same key in every run of the same definitions and seed, which is what cross-run pairing joins on).
 * `file_state`: how far each JSONL file of a run has been read (byte offset, line count, the bytes just before
 * the offset to notice a rewritten file) and the size/mtime seen, to tell whether a run is stale.
 * `problems`: unreadable lines met while reading (file, line, message), kept until the run is re-read.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  label TEXT NOT NULL,
  suite TEXT,
  definitions_file TEXT,
  definitions_sha256 TEXT,
  agent TEXT,
  model TEXT,
  seed INTEGER,
  experiment_id TEXT,
  manifest_status TEXT,
  status TEXT NOT NULL,
  pid INTEGER,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT,
  total_items INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  running INTEGER NOT NULL DEFAULT 0,
  passed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  errored INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  scored INTEGER NOT NULL DEFAULT 0,
  correct INTEGER NOT NULL DEFAULT 0,
  accuracy REAL,
  tokens INTEGER NOT NULL DEFAULT 0,
  rounds INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  first_finished_at TEXT,
  last_finished_at TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_created ON runs(created_at);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs(experiment_id);

CREATE TABLE IF NOT EXISTS items (
  run_id TEXT NOT NULL,
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  question_id, -- no declared type: keeps numbers numbers and strings strings, like question_id in the files
  sample_number INTEGER NOT NULL,
  scoring_type TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL DEFAULT '',
  responded INTEGER NOT NULL DEFAULT 0,
  exec_ok INTEGER,
  correct INTEGER,
  status TEXT GENERATED ALWAYS AS (
    CASE WHEN correct IS NULL THEN (CASE WHEN responded = 1 THEN 'running' ELSE 'pending' END)
         WHEN exec_ok = 0 THEN 'errored'
         WHEN correct = 1 THEN 'passed'
         ELSE 'failed' END) STORED,
  verdict_message TEXT,
  error_message TEXT,
  error_class TEXT,
  model_info TEXT,
  attempts INTEGER,
  rounds INTEGER,
  tool_calls INTEGER,
  tokens INTEGER,
  duration_ms INTEGER,
  started_at TEXT,
  finished_at TEXT,
  scored_at TEXT,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
-- Each index costs every insert and update: only the table's default order, the status filter and the tokens
-- sort have one; other sorts and the per-type / per-question sums scan the run's rows (its primary-key range).
CREATE INDEX IF NOT EXISTS items_by_seq ON items(run_id, seq);
CREATE INDEX IF NOT EXISTS items_by_status ON items(run_id, status, seq);
CREATE INDEX IF NOT EXISTS items_by_tokens ON items(run_id, tokens);

CREATE TABLE IF NOT EXISTS file_state (
  run_id TEXT NOT NULL,
  file TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  tail BLOB,
  PRIMARY KEY (run_id, file)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS problems (
  run_id TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, file, line)
) WITHOUT ROWID;
`;

export const DROP_SQL = `
DROP TABLE IF EXISTS problems;
DROP TABLE IF EXISTS file_state;
DROP TABLE IF EXISTS items;
DROP TABLE IF EXISTS runs;
`;
