/** What one catch-up of a run folder works with: the run, its files' stamps and read state, and its prepared statements. */
import type Database from 'better-sqlite3';
import { itemKey } from '../generation/precheck-entry';
import type { FileState, Stamp, TrackedFile } from './file-stamps';
import { STATS_COLUMN_NAMES } from './item-columns';
import { questionIdValue } from './item-fields';
import { RUN_SPAN } from './schema';

/** Another process read the same lines first: the catch-up starts again from what it stored. */
export class ConcurrentUpdate extends Error {}

/** One parsed line of a JSONL file (or one entry of `scores.json`), with its line number and byte offset. */
export interface Pending {
  value: unknown;
  line: number;
  /** Where the line starts in its file (absent for a `scores.json` entry). */
  offset?: number;
}

/** What one catch-up of a run folder did. */
export interface CatchUpResult {
  runId: string;
  /** Nothing had changed since the last read. */
  upToDate: boolean;
  /** The run was read again from the start (asked for, or a file had been rewritten rather than appended to). */
  reread: boolean;
  bytesRead: number;
  lines: { precheck: number; responses: number; scores: number };
  /** Unreadable lines met this time: `file line N: message`. */
  problems: string[];
}

export interface Ctx {
  db: Database.Database;
  runId: string;
  runNo: number;
  dir: string;
  states: Map<string, FileState>;
  stamps: Record<TrackedFile, Stamp>;
  result: CatchUpResult;
  batch: number;
  stmts: ReturnType<typeof statements>;
}

/** Each database's statements, prepared once (a live run catches up every 50 ms: preparing them each time cost more than the inserts). */
const prepared = new WeakMap<Database.Database, ReturnType<typeof prepareStatements>>();

export function statements(db: Database.Database): ReturnType<typeof prepareStatements> {
  let s = prepared.get(db);
  if (s === undefined) prepared.set(db, (s = prepareStatements(db)));
  return s;
}

function prepareStatements(db: Database.Database) {
  const stats = STATS_COLUMN_NAMES.join(', ');
  const marks = STATS_COLUMN_NAMES.map(() => '?').join(', ');
  return {
    precheck: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type, precheck_offset) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(run_no, key) DO UPDATE SET id = excluded.id, question_id = excluded.question_id,
        sample_number = excluded.sample_number, scoring_type = excluded.scoring_type, precheck_offset = excluded.precheck_offset`),
    merged: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type, responded, exec_ok, error_class,
        correct, scored_at, live_stats, precheck_offset, response_offset, score_offset, ${stats})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${marks})`),
    mergedText: db.prepare('INSERT INTO item_text (id, question, verdict_message, error_message) VALUES (?, ?, ?, ?)'),
    precheckText: db.prepare('INSERT INTO item_text (id, question) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET question = excluded.question'),
    // Statistics from a conversation never replace those of the item's score line.
    response: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, responded, exec_ok, error_class, response_offset, ${stats})
      VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ${marks})
      ON CONFLICT(run_no, key) DO UPDATE SET responded = 1, exec_ok = excluded.exec_ok, error_class = excluded.error_class,
        response_offset = excluded.response_offset,
        ${STATS_COLUMN_NAMES.map((c) => `${c} = iif(live_stats, ${c}, excluded.${c})`).join(', ')}
      RETURNING id`).pluck(),
    responseBare: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, responded, exec_ok, error_class, response_offset)
      VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
      ON CONFLICT(run_no, key) DO UPDATE SET responded = 1, exec_ok = excluded.exec_ok, error_class = excluded.error_class,
        response_offset = excluded.response_offset
      RETURNING id`).pluck(),
    responseText: db.prepare('INSERT INTO item_text (id, error_message) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET error_message = excluded.error_message'),
    clearError: db.prepare('UPDATE item_text SET error_message = NULL WHERE id = ? AND error_message IS NOT NULL'),
    model: db.prepare('UPDATE runs SET model_info = ? WHERE run_no = ? AND model_info IS NULL'),
    score: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type, correct, scored_at, live_stats, score_offset, ${stats})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${marks})
      ON CONFLICT(run_no, key) DO UPDATE SET correct = excluded.correct, scored_at = excluded.scored_at, score_offset = excluded.score_offset,
        scoring_type = CASE WHEN items.scoring_type = '' THEN excluded.scoring_type ELSE items.scoring_type END,
        live_stats = max(live_stats, excluded.live_stats),
        ${STATS_COLUMN_NAMES.map((c) => `${c} = iif(excluded.live_stats, excluded.${c}, ${c})`).join(', ')}
      RETURNING id`).pluck(),
    scoreText: db.prepare('INSERT INTO item_text (id, verdict_message) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET verdict_message = excluded.verdict_message'),
    clearVerdict: db.prepare('UPDATE item_text SET verdict_message = NULL WHERE id = ? AND verdict_message IS NOT NULL'),
    getState: db.prepare('SELECT offset FROM file_state WHERE run_id = ? AND file = ?').pluck(),
    putState: db.prepare(`INSERT INTO file_state (run_id, file, size, mtime_ms, offset, line, tail)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, file) DO UPDATE SET size = excluded.size,
        mtime_ms = excluded.mtime_ms, offset = excluded.offset, line = excluded.line, tail = excluded.tail`),
    problem: db.prepare('INSERT OR REPLACE INTO problems (run_id, file, line, message) VALUES (?, ?, ?, ?)'),
  };
}

/** Writes one text column of an item, or clears it (without writing anything when it is already empty). */
export function setText(put: Database.Statement, clear: Database.Statement, id: number, text: string | null): void {
  if (text === null) clear.run(id);
  else put.run(id, text);
}

/** `id, run_no, key, question_id, sample_number` of an item met first in responses or scores (at `seq`). */
export function itemRef(ctx: Ctx, r: { question_id: number | string; sample_number: number }, seq: number): [number, number, string, number | string, number] {
  return [ctx.runNo * RUN_SPAN + seq, ctx.runNo, itemKey(r.question_id, r.sample_number), questionIdValue(r.question_id), r.sample_number];
}
