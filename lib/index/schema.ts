/**
 * The results index's tables. The index is derived from the result folders (the files stay the source of truth)
 * and can always be rebuilt, so a schema change is not migrated: a different `SCHEMA_VERSION` drops every table
 * and the next catch-up refills them from the files.
 */

import { LINE_OFFSET_DDL, STATS_DDL } from './item-columns';

/** Stored in `PRAGMA user_version`. Bump on any change below. */
export const SCHEMA_VERSION = 5;

/** Item ids are `run_no · 2^32 + seq`: a run's items are one contiguous rowid range, stored in run order. */
export const RUN_SPAN = 2 ** 32;
/** Items answered or scored that the precheck does not list sort after the listed ones (responses, then scores). */
export const ORPHAN_RESPONSE_SEQ = 1_000_000_000;
export const ORPHAN_SCORE_SEQ = 2_000_000_000;

/** The rowid range of a run's items. */
export function itemIdRange(runNo: number): { lo: number; hi: number } {
  return { lo: runNo * RUN_SPAN, hi: runNo * RUN_SPAN + (RUN_SPAN - 1) };
}

/** Item columns with a `(run_no, column)` index: a sort by one of them reads the index, not the run's rows. */
export const SORT_INDEXES: ReadonlySet<string> = new Set(['tokens', 'duration_ms', 'rounds']);

/** Columns summed per group, by the triggers below and by the aggregates (name → expression over `new`/`old`). */
const GROUP_SUMS: Record<string, (r: string) => string> = {
  n: () => '1',
  pending: (r) => `(${r}.status = 'pending')`,
  running: (r) => `(${r}.status = 'running')`,
  passed: (r) => `(${r}.status = 'passed')`,
  failed: (r) => `(${r}.status = 'failed')`,
  errored: (r) => `(${r}.status = 'errored')`,
  answered: (r) => `${r}.responded`,
  tokens: (r) => `coalesce(${r}.tokens, 0)`,
  rounds: (r) => `coalesce(${r}.rounds, 0)`,
  tool_calls: (r) => `coalesce(${r}.tool_calls, 0)`,
  duration_ms: (r) => `coalesce(${r}.duration_ms, 0)`,
};
export const GROUP_COLUMNS = Object.keys(GROUP_SUMS);
const cols = GROUP_COLUMNS;

/** Adds `new` to its group: one upsert; the first/last finish times only ever widen. */
const ADD_NEW = `
  INSERT INTO item_groups (run_no, question_id, scoring_type, ${cols.join(', ')}, first_finished_at, last_finished_at)
  VALUES (new.run_no, new.question_id, new.scoring_type, ${cols.map((c) => GROUP_SUMS[c]('new')).join(', ')}, new.finished_at, new.finished_at)
  ON CONFLICT (run_no, question_id, scoring_type) DO UPDATE SET
    ${cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
    first_finished_at = CASE WHEN first_finished_at IS NULL OR excluded.first_finished_at < first_finished_at THEN coalesce(excluded.first_finished_at, first_finished_at) ELSE first_finished_at END,
    last_finished_at = CASE WHEN last_finished_at IS NULL OR excluded.last_finished_at > last_finished_at THEN coalesce(excluded.last_finished_at, last_finished_at) ELSE last_finished_at END;`;

const SUB_OLD = `
  UPDATE item_groups SET ${cols.map((c) => `${c} = ${c} - ${GROUP_SUMS[c]('old')}`).join(', ')}
  WHERE run_no = old.run_no AND question_id = old.question_id AND scoring_type = old.scoring_type;
  DELETE FROM item_groups WHERE run_no = old.run_no AND question_id = old.question_id AND scoring_type = old.scoring_type AND n = 0;`;

/** Same group before and after: one update by the difference. */
const ADD_DIFF = `
  UPDATE item_groups SET ${cols.filter((c) => c !== 'n').map((c) => `${c} = ${c} + ${GROUP_SUMS[c]('new')} - ${GROUP_SUMS[c]('old')}`).join(', ')},
    first_finished_at = CASE WHEN first_finished_at IS NULL OR new.finished_at < first_finished_at THEN coalesce(new.finished_at, first_finished_at) ELSE first_finished_at END,
    last_finished_at = CASE WHEN last_finished_at IS NULL OR new.finished_at > last_finished_at THEN coalesce(new.finished_at, last_finished_at) ELSE last_finished_at END
  WHERE run_no = new.run_no AND question_id = new.question_id AND scoring_type = new.scoring_type;`;

/** Not while the run is being bulk-loaded: its groups are summed once at the end instead (`recomputeGroups`). */
const NOT_BULK = (r: string) => `NOT EXISTS (SELECT 1 FROM bulk_runs WHERE run_no = ${r}.run_no)`;
const SAME_GROUP = 'new.question_id = old.question_id AND new.scoring_type = old.scoring_type';

/** Sums a run's item rows into its groups from scratch (the end of a bulk load). */
export const RECOMPUTE_GROUPS_SQL = `
  INSERT INTO item_groups (run_no, question_id, scoring_type, ${cols.join(', ')}, first_finished_at, last_finished_at)
  SELECT @run_no, question_id, scoring_type, ${cols.map((c) => `sum(${GROUP_SUMS[c]('items')})`).join(', ')}, min(finished_at), max(finished_at)
  FROM items WHERE id BETWEEN @lo AND @hi GROUP BY question_id, scoring_type`;

/**
 * `runs`: one row per result folder; `run_id` is the folder name (paths are not stored, so a results folder can be
 * moved with its index), `run_no` the small integer the item rows use.
 * `items`: one narrow row per instance of a run, keyed by run and item key (`q{X}_s{Y}`, the same key in every run
 * of the same definitions and seed, which is what cross-run pairing joins on); `id` orders it by run then precheck
 * line, so a run's table in run order is a rowid range. Scans, sorts and sums read only these narrow rows.
 * `item_text`: the item's long texts (same `id`), read for a page's rows and for a text search.
 * `item_groups`: counts and sums per (run, question, scoring type), kept by triggers as item rows are inserted or
 * updated, so a run's overall, per-type and per-question aggregates and its run row never scan its items. Item
 * rows are only ever deleted a whole run at a time, together with the run's groups.
 * `file_state`: how far each JSONL file of a run has been read (byte offset, line count, the bytes just before
 * the offset to notice a rewritten file) and the size/mtime seen, to tell whether a run is stale.
 * `problems`: unreadable lines met while reading (file, line, message), kept until the run is re-read.
 * `experiments`: one row per experiment folder (`picard sweep`, the sweep form), from its `experiment.json`
 * (`experiment_id` is the folder name); its configurations' runs are the `runs` rows whose `experiment_folder` it
 * is, so the experiment list's progress and best configuration are sums over those rows (query-experiments.ts).
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS runs (
  run_no INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL UNIQUE,
  origin TEXT NOT NULL,
  label TEXT NOT NULL,
  suite TEXT,
  definitions_file TEXT,
  definitions_sha256 TEXT,
  agent TEXT,
  model TEXT,
  seed INTEGER,
  experiment_id TEXT,
  -- the experiment folder the run folder is inside (<results>/<experiment_folder>/<run_id>/), null at the top level
  experiment_folder TEXT,
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
  last_finished_at TEXT,
  -- the first model_info the responses name: the run's model when the manifest names none (reference folders)
  model_info TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_created ON runs(created_at);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs(experiment_folder);

CREATE TABLE IF NOT EXISTS experiments (
  experiment_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  suite TEXT,
  definitions_file TEXT,
  seed INTEGER,
  samples INTEGER,
  manifest_status TEXT,
  status TEXT NOT NULL,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT,
  configurations INTEGER NOT NULL DEFAULT 0,
  -- the configurations' labels in file order (JSON array)
  labels TEXT NOT NULL DEFAULT '[]',
  manifest_size INTEGER,
  manifest_mtime_ms REAL
);
CREATE INDEX IF NOT EXISTS experiments_by_created ON experiments(created_at);

CREATE TABLE IF NOT EXISTS items (
  id INTEGER PRIMARY KEY,
  run_no INTEGER NOT NULL,
  key TEXT NOT NULL,
  question_id, -- no declared type: keeps numbers numbers and strings strings, like question_id in the files
  sample_number INTEGER NOT NULL,
  scoring_type TEXT NOT NULL DEFAULT '',
  responded INTEGER NOT NULL DEFAULT 0,
  exec_ok INTEGER,
  correct INTEGER,
  status TEXT GENERATED ALWAYS AS (
    CASE WHEN correct IS NULL THEN (CASE WHEN responded = 1 THEN 'running' ELSE 'pending' END)
         WHEN exec_ok = 0 THEN 'errored'
         WHEN correct = 1 THEN 'passed'
         ELSE 'failed' END) STORED,
  error_class TEXT,
  ${STATS_DDL}
  ${LINE_OFFSET_DDL}
  scored_at TEXT,
  -- 1 once the statistics came from the item's scores.progress.jsonl line (they then win over a conversation's)
  live_stats INTEGER NOT NULL DEFAULT 0
);
-- Each index costs every insert and update: only the lookup by key, the status filter and the numeric sorts a
-- researcher pages through (tokens, duration, rounds: \`SORT_INDEXES\`) have one. Other sorts scan the run's narrow
-- rows (a rowid range); sums come from item_groups.
CREATE UNIQUE INDEX IF NOT EXISTS items_by_key ON items(run_no, key);
CREATE INDEX IF NOT EXISTS items_by_status ON items(run_no, status);
-- (partial: an item gets its value once, when it lands, and never pays for an entry before)
CREATE INDEX IF NOT EXISTS items_by_tokens ON items(run_no, tokens) WHERE tokens IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_by_duration ON items(run_no, duration_ms) WHERE duration_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_by_rounds ON items(run_no, rounds) WHERE rounds IS NOT NULL;

CREATE TABLE IF NOT EXISTS item_text (
  id INTEGER PRIMARY KEY,
  question TEXT NOT NULL DEFAULT '',
  verdict_message TEXT,
  error_message TEXT
);

CREATE TABLE IF NOT EXISTS item_groups (
  run_no INTEGER NOT NULL,
  question_id,
  scoring_type TEXT NOT NULL,
  ${cols.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ')},
  first_finished_at TEXT,
  last_finished_at TEXT,
  PRIMARY KEY (run_no, question_id, scoring_type)
) WITHOUT ROWID;

-- Runs being loaded in bulk (a catch-up from the start): the group triggers skip their rows.
CREATE TABLE IF NOT EXISTS bulk_runs (run_no INTEGER PRIMARY KEY);

CREATE TRIGGER IF NOT EXISTS items_group_insert AFTER INSERT ON items WHEN ${NOT_BULK('new')} BEGIN ${ADD_NEW}
END;
CREATE TRIGGER IF NOT EXISTS items_group_update AFTER UPDATE ON items WHEN ${SAME_GROUP} AND ${NOT_BULK('new')} BEGIN ${ADD_DIFF}
END;
CREATE TRIGGER IF NOT EXISTS items_group_move AFTER UPDATE ON items WHEN NOT (${SAME_GROUP}) AND ${NOT_BULK('new')} BEGIN ${SUB_OLD} ${ADD_NEW}
END;

-- An item first seen in responses or scores moves to its precheck line's id once that is read: its text follows.
CREATE TRIGGER IF NOT EXISTS items_move_text AFTER UPDATE OF id ON items WHEN new.id <> old.id BEGIN
  UPDATE item_text SET id = new.id WHERE id = old.id;
END;

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
DROP TABLE IF EXISTS item_groups;
DROP TABLE IF EXISTS bulk_runs;
DROP TABLE IF EXISTS item_text;
DROP TABLE IF EXISTS items;
DROP TABLE IF EXISTS runs;
DROP TABLE IF EXISTS experiments;
`;
