/**
 * Brings one run folder into the index from its files, reading only what is new: each JSONL file from the byte
 * offset where the last read stopped (its last complete line), whole small files only when their stamp changed.
 * Works the same for a live run (the runner's hook calls it), a folder written by another process, a crashed
 * run and a reference folder (no run.json, maybe no scores.progress.jsonl: then scores.json's verdicts).
 *
 * Every batch of lines is written in one short transaction together with the new offsets, so a crash or a
 * concurrent writer can never leave rows and offsets out of step; a batch whose starting offset was moved by
 * another process meanwhile is dropped and the catch-up starts over from the stored state.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type Database from 'better-sqlite3';
import { itemKey, type PrecheckEntry } from '../generation/precheck-entry';
import { iterJsonlLines, readJsonFile } from '../results/read-run';
import { runFiles } from '../results/run-files';
import type { ConversationStatistics, ResponseLine } from '../results/types';
import type { ScoreLine } from '../scoring/types';
import { sleep } from '../util/sleep';
import { isStale, loadFileStates, MISSING, stampsOf, type FileState, type Stamp, type TrackedFile } from './file-stamps';
import { precheckFields, questionIdValue, responseFields, scoreFields } from './item-fields';
import type { ResultsIndex } from './open';
import { runMeta, type IsRunning, type RunMeta } from './run-meta';
import { writeRunStatus, writeRunSummary } from './run-summary';

export interface CatchUpOptions {
  /** Read `conversations/*.json` statistics (rounds, tool calls, tokens, duration) of newly answered items (default true). */
  conversations?: boolean;
  /** Statistics already known (the runner's hook has them in memory): used instead of reading the files. */
  stats?: ReadonlyMap<string, ConversationStatistics>;
  /** Forget what the index has for this run and read it all again. */
  rebuild?: boolean;
  /** Lines per transaction (default 5,000). */
  batchLines?: number;
  /** Re-sum the run row (default true; the hook skips it between throttled updates). */
  summary?: boolean;
  isRunning?: IsRunning;
}

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

/** Items answered or scored that the precheck does not list sort after the listed ones. */
const ORPHAN_SEQ = 1_000_000_000;
/** Bytes kept from just before an offset, to notice a file rewritten under it. */
const TAIL_BYTES = 32;
const PARALLEL_READS = 32;

class ConcurrentUpdate extends Error {}

export async function catchUpRun(index: ResultsIndex, dir: string, opts: CatchUpOptions = {}): Promise<CatchUpResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await catchUpOnce(index, dir, opts);
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || attempt >= 20) throw err;
      // Another process read the same lines first: start again from what it stored.
      await sleep(10 * (attempt + 1));
    }
  }
}

interface Pending {
  value: unknown;
  line: number;
}

async function catchUpOnce(index: ResultsIndex, dir: string, opts: CatchUpOptions): Promise<CatchUpResult> {
  const { db } = index;
  const runId = basename(dir);
  const result: CatchUpResult = { runId, upToDate: false, reread: false, bytesRead: 0, lines: { precheck: 0, responses: 0, scores: 0 }, problems: [] };
  const stamps = stampsOf(dir);
  let states = loadFileStates(db, runId);
  const known = db.prepare('SELECT manifest_status FROM runs WHERE run_id = ?').get(runId) as { manifest_status: string | null } | undefined;
  if (!opts.rebuild && known && !isStale(states, stamps)) {
    result.upToDate = true;
    if (known.manifest_status === 'running') writeRunStatus(db, runMeta(dir, opts.isRunning)); // the writer may have died
    return result;
  }
  const meta = runMeta(dir, opts.isRunning);
  if (opts.rebuild || (states.size > 0 && rewritten(dir, states, stamps))) {
    result.reread = true;
    db.transaction(() => {
      for (const t of ['items', 'file_state', 'problems']) db.prepare(`DELETE FROM ${t} WHERE run_id = ?`).run(runId);
    }).immediate();
    states = new Map();
  }
  const ctx: Ctx = { db, runId, dir, states, stamps, result, batch: opts.batchLines ?? 5000, stmts: statements(db) };

  await readJsonl(ctx, runFiles.precheck, async (rows) => () => {
    for (const r of rows) {
      const p = r.value as PrecheckEntry;
      ctx.stmts.precheck.run({ run_id: runId, key: itemKey(p.question_id, p.sample_number), seq: r.line, ...precheckFields(p) });
    }
    result.lines.precheck += rows.length;
  });

  const readConversations = opts.conversations ?? true;
  await readJsonl(ctx, runFiles.responses, async (rows) => {
    const stats = await statsFor(dir, rows.map((r) => r.value as ResponseLine), opts.stats, readConversations);
    return () => {
      rows.forEach((r, i) => {
        const line = r.value as ResponseLine;
        ctx.stmts.response.run({ ...itemRef(runId, line, r.line), ...responseFields(line, stats[i]) });
      });
      result.lines.responses += rows.length;
    };
  });

  const progress = stamps[runFiles.scoresProgress];
  const applyScores = (rows: Pending[]) => {
    for (const r of rows) {
      const s = r.value as ScoreLine;
      ctx.stmts.score.run({ ...itemRef(runId, s, r.line), ...scoreFields(s) });
    }
    result.lines.scores += rows.length;
  };
  if (progress.size > 0) await readJsonl(ctx, runFiles.scoresProgress, async (rows) => () => applyScores(rows));
  else if (!sameAsStored(ctx, runFiles.scores)) applyScoresJson(ctx, applyScores);

  db.transaction(() => {
    for (const f of [runFiles.manifest, runFiles.summary, runFiles.scores, ...(progress.size > 0 ? [] : [runFiles.scoresProgress])] as TrackedFile[]) {
      saveState(ctx, f, { ...stamps[f], offset: Math.max(0, stamps[f].size), line: 0, tail: null });
    }
    if (opts.summary !== false || !known) writeRunSummary(db, meta);
  }).immediate();
  return result;
}

interface Ctx {
  db: Database.Database;
  runId: string;
  dir: string;
  states: Map<string, FileState>;
  stamps: Record<TrackedFile, Stamp>;
  result: CatchUpResult;
  batch: number;
  stmts: ReturnType<typeof statements>;
}

function statements(db: Database.Database) {
  return {
    precheck: db.prepare(`INSERT INTO items (run_id, key, seq, question_id, sample_number, scoring_type, question)
      VALUES (@run_id, @key, @seq, @question_id, @sample_number, @scoring_type, @question)
      ON CONFLICT(run_id, key) DO UPDATE SET seq = excluded.seq, question_id = excluded.question_id,
        sample_number = excluded.sample_number, scoring_type = excluded.scoring_type, question = excluded.question`),
    response: db.prepare(`INSERT INTO items (run_id, key, seq, question_id, sample_number, responded, exec_ok, error_message,
        error_class, model_info, attempts, rounds, tool_calls, tokens, duration_ms, started_at, finished_at)
      VALUES (@run_id, @key, @seq, @question_id, @sample_number, 1, @exec_ok, @error_message, @error_class, @model_info,
        @attempts, @rounds, @tool_calls, @tokens, @duration_ms, @started_at, @finished_at)
      ON CONFLICT(run_id, key) DO UPDATE SET responded = 1, exec_ok = excluded.exec_ok, error_message = excluded.error_message,
        error_class = excluded.error_class, model_info = excluded.model_info, attempts = excluded.attempts,
        rounds = excluded.rounds, tool_calls = excluded.tool_calls, tokens = excluded.tokens,
        duration_ms = excluded.duration_ms, started_at = excluded.started_at, finished_at = excluded.finished_at`),
    score: db.prepare(`INSERT INTO items (run_id, key, seq, question_id, sample_number, scoring_type, correct, verdict_message, scored_at)
      VALUES (@run_id, @key, @seq, @question_id, @sample_number, @scoring_type, @correct, @verdict_message, @scored_at)
      ON CONFLICT(run_id, key) DO UPDATE SET correct = excluded.correct, verdict_message = excluded.verdict_message,
        scored_at = excluded.scored_at,
        scoring_type = CASE WHEN items.scoring_type = '' THEN excluded.scoring_type ELSE items.scoring_type END`),
    getState: db.prepare('SELECT offset FROM file_state WHERE run_id = ? AND file = ?').pluck(),
    putState: db.prepare(`INSERT INTO file_state (run_id, file, size, mtime_ms, offset, line, tail)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, file) DO UPDATE SET size = excluded.size,
        mtime_ms = excluded.mtime_ms, offset = excluded.offset, line = excluded.line, tail = excluded.tail`),
    problem: db.prepare('INSERT OR REPLACE INTO problems (run_id, file, line, message) VALUES (?, ?, ?, ?)'),
  };
}

function itemRef(runId: string, r: { question_id: number | string; sample_number: number }, line: number) {
  return { run_id: runId, key: itemKey(r.question_id, r.sample_number), seq: ORPHAN_SEQ + line, question_id: questionIdValue(r.question_id), sample_number: r.sample_number };
}

/** A JSONL file was rewritten (shorter than what was read, or different bytes before the offset): re-read the run. */
function rewritten(dir: string, states: ReadonlyMap<string, FileState>, stamps: Record<TrackedFile, Stamp>): boolean {
  for (const f of [runFiles.precheck, runFiles.responses, runFiles.scoresProgress] as const) {
    const st = states.get(f);
    if (!st || st.offset === 0) continue;
    if (stamps[f].size < st.offset) return true;
    if (st.tail && !bytesAt(join(dir, f), st.offset - st.tail.length, st.tail.length).equals(st.tail)) return true;
  }
  return false;
}

function bytesAt(file: string, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function sameAsStored(ctx: Ctx, f: TrackedFile): boolean {
  const st = ctx.states.get(f) ?? MISSING;
  return st.size === ctx.stamps[f].size && st.mtimeMs === ctx.stamps[f].mtimeMs;
}

function saveState(ctx: Ctx, f: string, s: FileState): void {
  ctx.stmts.putState.run(ctx.runId, f, s.size, s.mtimeMs, s.offset, s.line, s.tail);
  ctx.states.set(f, s);
}

/**
 * Reads the complete lines after the stored offset in batches: `prepare` does any slow reading for a batch (off
 * the write lock) and returns the writes, run in one transaction with the new offset. A last line without its
 * newline is applied if it parses but not consumed (it is read again next time); one that does not parse is a
 * torn write and waits. Unreadable complete lines are recorded as problems and skipped.
 */
async function readJsonl(ctx: Ctx, f: TrackedFile, prepare: (rows: Pending[]) => Promise<() => void>): Promise<void> {
  const stamp = ctx.stamps[f];
  const from = ctx.states.get(f) ?? { ...MISSING, offset: 0, line: 0, tail: null };
  if (stamp.size < 0 || (sameAsStored(ctx, f) && ctx.states.has(f))) return;
  const file = join(ctx.dir, f);
  let start = { offset: from.offset, line: from.line };
  let pos = { ...start, tail: from.tail };
  let rows: Pending[] = [];
  let problems: Array<{ line: number; message: string }> = [];
  const flush = async (final: boolean) => {
    const write = await prepare(rows);
    const expected = start.offset;
    ctx.db.transaction(() => {
      const stored = (ctx.stmts.getState.get(ctx.runId, f) as number | undefined) ?? 0;
      if (stored !== expected) throw new ConcurrentUpdate();
      write();
      for (const p of problems) ctx.stmts.problem.run(ctx.runId, f, p.line, p.message);
      // The stamp is saved with the last batch only: until then the file still reads as stale.
      const stampNow = final ? stamp : { size: -2, mtimeMs: 0 };
      saveState(ctx, f, { ...stampNow, offset: pos.offset, line: pos.line, tail: pos.tail });
    }).immediate();
    ctx.result.bytesRead += pos.offset - start.offset;
    ctx.result.problems.push(...problems.map((p) => `${f} line ${p.line}: ${p.message}`));
    start = { offset: pos.offset, line: pos.line };
    rows = [];
    problems = [];
  };
  for (const l of iterJsonlLines(file, start)) {
    let value: unknown;
    let parseError: string | null = null;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      parseError = (err as Error).message;
    }
    if (!l.terminated) {
      if (parseError === null) rows.push({ value, line: l.line });
      break;
    }
    if (parseError === null && isObject(value)) rows.push({ value, line: l.line });
    else problems.push({ line: l.line, message: parseError ?? 'not a JSON object' });
    const end = l.offset + l.length + 1;
    pos = { offset: end, line: l.line, tail: tailOf(l.text) };
    if (rows.length >= ctx.batch) await flush(false);
  }
  await flush(true);
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tailOf(text: string): Buffer {
  const b = Buffer.from(`${text}\n`, 'utf8');
  return Buffer.from(b.subarray(Math.max(0, b.length - TAIL_BYTES)));
}

/** Statistics per response: from `known`, else (when allowed) the conversation file, read in parallel. */
async function statsFor(
  dir: string,
  lines: ResponseLine[],
  known: ReadonlyMap<string, ConversationStatistics> | undefined,
  readFiles: boolean,
): Promise<Array<ConversationStatistics | undefined>> {
  const out: Array<ConversationStatistics | undefined> = lines.map((l) => known?.get(itemKey(l.question_id, l.sample_number)));
  if (!readFiles) return out;
  const todo = out.flatMap((s, i) => (s === undefined ? [i] : []));
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = todo[next++];
      try {
        const text = await readFile(join(dir, runFiles.conversations, `${itemKey(lines[i].question_id, lines[i].sample_number)}.json`), 'utf8');
        out[i] = (JSON.parse(text) as { statistics?: ConversationStatistics }).statistics;
      } catch {
        // missing or being replaced: the item has no statistics until it is read again
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, todo.length) }, worker));
  return out;
}

/** A reference folder's verdicts: `scores.json` → `detailed_results`, when there is no `scores.progress.jsonl`. */
function applyScoresJson(ctx: Ctx, apply: (rows: Pending[]) => void): void {
  const { value, error } = readJsonFile<{ detailed_results?: unknown }>(join(ctx.dir, runFiles.scores));
  if (error) {
    ctx.result.problems.push(error);
    ctx.db.prepare('INSERT OR REPLACE INTO problems (run_id, file, line, message) VALUES (?, ?, 0, ?)').run(ctx.runId, runFiles.scores, error);
    return;
  }
  const list = Array.isArray(value?.detailed_results) ? value.detailed_results : [];
  const rows = list.filter(isObject).map((v, i) => ({ value: v, line: i + 1 }));
  for (let i = 0; i < rows.length; i += ctx.batch) {
    ctx.db.transaction(() => apply(rows.slice(i, i + ctx.batch))).immediate();
  }
}

export type { RunMeta };
