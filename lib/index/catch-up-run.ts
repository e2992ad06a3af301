/**
 * Brings one run folder into the index from its files, reading only what is new: each JSONL file from the byte
 * offset where the last read stopped (its last complete line), whole small files only when their stamp changed.
 * Works the same for a live run (the runner's hook calls it), a folder written by another process, a crashed
 * run and a reference folder (no run.json, maybe no scores.progress.jsonl: then scores.json's verdicts).
 *
 * Every batch of lines is written in one short transaction together with the new offsets, so a crash or a
 * concurrent writer can never leave rows and offsets out of step; a batch whose starting offset was moved by
 * another process meanwhile is dropped and the catch-up starts over from the stored state. A run read from the
 * start is loaded in bulk (`bulkLoad`: each item inserted once, the group triggers idle until the end).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type Database from 'better-sqlite3';
import { itemKey, type PrecheckEntry } from '../generation/precheck-entry';
import { iterJsonlLines, readJsonFile, type JsonlLine } from '../results/read-run';
import { conversationFile, runFiles } from '../results/run-files';
import type { ConversationStatistics, ResponseLine } from '../results/types';
import type { ScoreProgressLine } from '../scoring/types';
import { sleep } from '../util/sleep';
import { isStale, JSONL_FILES, loadFileStates, MISSING, stampsOf, type FileState, type Stamp, type TrackedFile } from './file-stamps';
import { liveStatsFields, precheckFields, questionIdValue, responseFields, scoreFields, type StatsFields } from './item-fields';
import type { ResultsIndex } from './open';
import { runMeta, type IsRunning, type RunMeta } from './run-meta';
import { deleteRunRows, ensureRunRow, recomputeGroups } from './run-rows';
import { writeRunStatus, writeRunSummary } from './run-summary';
import { ORPHAN_RESPONSE_SEQ, ORPHAN_SCORE_SEQ, RUN_SPAN } from './schema';

export interface CatchUpOptions {
  /**
   * Read `conversations/*.json` statistics (rounds, tool calls, tokens, duration) of newly answered items (default
   * true). Never needed for a folder whose `scores.progress.jsonl` lines carry `picard_live`: they have them.
   */
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
    if (opts.summary !== false) {
      // Lines read by catch-ups that skipped the re-sum (the runner's hook between its throttled updates) count now.
      const meta = runMeta(dir, opts.isRunning);
      db.transaction(() => writeRunSummary(db, meta)).immediate();
    } else if (known.manifest_status === 'running') writeRunStatus(db, runMeta(dir, opts.isRunning)); // the writer may have died
    return result;
  }
  const meta = runMeta(dir, opts.isRunning);
  if (opts.rebuild || (states.size > 0 && rewritten(dir, states, stamps))) {
    result.reread = true;
    db.transaction(() => deleteRunRows(db, runId)).immediate();
    states = new Map();
  }
  // Read from the start (a new run, a rebuild): the group triggers wait, the groups are summed once at the end.
  const fromStart = JSONL_FILES.every((f) => (states.get(f)?.offset ?? 0) === 0);
  const runNo = db.transaction(() => {
    const no = ensureRunRow(db, meta);
    if (fromStart) db.prepare('INSERT OR IGNORE INTO bulk_runs (run_no) VALUES (?)').run(no);
    return no;
  }).immediate();
  const ctx: Ctx = { db, runId, runNo, dir, states, stamps, result, batch: opts.batchLines ?? 5000, stmts: statements(db) };

  // A folder whose score lines carry the statistics: its responses leave them alone (no conversation is read),
  // so each item's statistics are written once, by its score line.
  const live = meta.origin === 'picard-live' && writesLiveStats(dir);
  const readConversations = (opts.conversations ?? true) && !live;
  const statsOf = (rows: Pending[]) => statsFor(dir, rows.map((r) => r.value as ResponseLine), opts.stats, readConversations);
  const progress = stamps[runFiles.scoresProgress];

  if (fromStart) {
    await bulkLoad(ctx, { live, statsOf, scores: progress.size > 0 });
  } else {
    await readJsonl(ctx, runFiles.precheck, async (rows) => () => applyPrecheck(ctx, rows));
  }
  await readJsonl(ctx, runFiles.responses, async (rows) => {
    const stats = await statsOf(rows);
    return () => applyResponses(ctx, rows, stats, live);
  });
  if (progress.size > 0) await readJsonl(ctx, runFiles.scoresProgress, async (rows) => () => applyScores(ctx, rows));
  else if (!sameAsStored(ctx, runFiles.scores)) applyScoresJson(ctx, (rows) => applyScores(ctx, rows));

  db.transaction(() => {
    for (const f of [runFiles.manifest, runFiles.summary, runFiles.scores, ...(progress.size > 0 ? [] : [runFiles.scoresProgress])] as TrackedFile[]) {
      saveState(ctx, f, { ...stamps[f], offset: Math.max(0, stamps[f].size), line: 0, tail: null });
    }
    // A bulk load (this one, or one that stopped half-way) ends here, with the groups summed from the item rows.
    if (db.prepare('DELETE FROM bulk_runs WHERE run_no = ?').run(runNo).changes > 0) recomputeGroups(db, runNo);
    if (opts.summary !== false || !known) writeRunSummary(db, meta);
  }).immediate();
  return result;
}

/** The statistics columns in statement order. */
function statsArgs(f: StatsFields | null): Array<number | string | null> {
  if (!f) return [null, null, null, null, null, null, null];
  return [f.attempts, f.rounds, f.tool_calls, f.tokens, f.duration_ms, f.started_at, f.finished_at];
}

/**
 * True when the folder's first `scores.progress.jsonl` line carries `picard_live` (its writer records the
 * statistics there), or when it has no complete line yet (nothing scored: today's runner writes them).
 */
function writesLiveStats(dir: string): boolean {
  const file = join(dir, runFiles.scoresProgress);
  if (!existsSync(file)) return true;
  const head = bytesAt(file, 0, 64 * 1024).toString('utf8');
  const nl = head.indexOf('\n');
  if (nl < 0) return head.length < 64 * 1024;
  try {
    const first = JSON.parse(head.slice(0, nl)) as { picard_live?: unknown };
    return typeof first.picard_live === 'object' && first.picard_live !== null;
  } catch {
    return false;
  }
}

function applyPrecheck(ctx: Ctx, rows: Pending[]): void {
  for (const r of rows) {
    const p = r.value as PrecheckEntry;
    const f = precheckFields(p);
    const id = ctx.runNo * RUN_SPAN + r.line;
    ctx.stmts.precheck.run(id, ctx.runNo, itemKey(p.question_id, p.sample_number), f.question_id, f.sample_number, f.scoring_type);
    ctx.stmts.precheckText.run(id, f.question);
  }
  ctx.result.lines.precheck += rows.length;
}

function applyResponses(ctx: Ctx, rows: Pending[], stats: Array<ConversationStatistics | undefined>, live: boolean): void {
  let model: string | null = null;
  rows.forEach((r, i) => {
    const line = r.value as ResponseLine;
    const f = responseFields(line, stats[i]);
    const ref = itemRef(ctx, line, ORPHAN_RESPONSE_SEQ + r.line);
    const id = (live ? ctx.stmts.responseBare.get(...ref, f.exec_ok, f.error_class) : ctx.stmts.response.get(...ref, f.exec_ok, f.error_class, ...statsArgs(f))) as number;
    setText(ctx.stmts.responseText, ctx.stmts.clearError, id, f.error_message);
    model ??= f.model_info;
  });
  if (model !== null) ctx.stmts.model.run(model, ctx.runNo);
  ctx.result.lines.responses += rows.length;
}

function applyScores(ctx: Ctx, rows: Pending[]): void {
  for (const r of rows) {
    const s = r.value as ScoreProgressLine;
    const f = scoreFields(s);
    const live = liveStatsFields(s);
    const id = ctx.stmts.score.get(...itemRef(ctx, s, ORPHAN_SCORE_SEQ + r.line), f.scoring_type, f.correct, f.scored_at,
      live ? 1 : 0, ...statsArgs(live)) as number;
    setText(ctx.stmts.scoreText, ctx.stmts.clearVerdict, id, f.verdict_message);
  }
  ctx.result.lines.scores += rows.length;
}

/** Response and score lines read ahead of the precheck, held until their item's precheck line comes. */
const LOOKAHEAD = 2_000;

/**
 * A run read from the start: each precheck batch is written together with the response and score lines of its
 * items, read ahead from their files (they come in nearly precheck order), so an item row is inserted once,
 * complete, instead of inserted and then updated twice. Memory holds at most the look-ahead window. Lines the
 * window did not match (out of order, or no precheck line) are applied by the usual upserts at the end, with the
 * offsets up to which both files were read; `readJsonl` then goes on from there.
 */
async function bulkLoad(ctx: Ctx, o: { live: boolean; statsOf: (rows: Pending[]) => Promise<Array<ConversationStatistics | undefined>>; scores: boolean }): Promise<void> {
  const res = new Lookahead(join(ctx.dir, runFiles.responses));
  const sco = o.scores ? new Lookahead(join(ctx.dir, runFiles.scoresProgress)) : null;
  const stats = new Map<Pending, ConversationStatistics | undefined>();
  let model: string | null = null;
  await readJsonl(ctx, runFiles.precheck, async (rows) => {
    const fresh = res.fill(rows.length + LOOKAHEAD);
    const got = await o.statsOf(fresh);
    fresh.forEach((r, i) => got[i] !== undefined && stats.set(r, got[i]));
    sco?.fill(rows.length + LOOKAHEAD);
    return () => {
      for (const row of rows) {
        const p = row.value as PrecheckEntry;
        const key = itemKey(p.question_id, p.sample_number);
        const r = res.take(key);
        const s = sco?.take(key);
        if (writeMerged(ctx, row, key, r, r && stats.get(r), s, o.live)) {
          ctx.result.lines.precheck++;
        } else {
          applyPrecheck(ctx, [row]);
          if (r) applyResponses(ctx, [r], [stats.get(r)], o.live);
          if (s) applyScores(ctx, [s]);
        }
        if (r) {
          stats.delete(r);
          model ??= (r.value as ResponseLine).model_info ?? null;
        }
      }
      if (model !== null) ctx.stmts.model.run(model, ctx.runNo);
    };
  });
  // What the window holds still, then where each file was read up to (checked against a concurrent reader).
  const left = res.rest();
  const leftStats = left.map((r) => stats.get(r));
  ctx.db.transaction(() => {
    for (const [f, la] of [[runFiles.responses, res], [runFiles.scoresProgress, sco]] as const) {
      if (!la) continue;
      if (((ctx.stmts.getState.get(ctx.runId, f) as number | undefined) ?? 0) !== 0) throw new ConcurrentUpdate();
      for (const p of la.problems) ctx.stmts.problem.run(ctx.runId, f, p.line, p.message);
    }
    applyResponses(ctx, left, leftStats, o.live);
    if (sco) applyScores(ctx, sco.rest());
    for (const [f, la] of [[runFiles.responses, res], [runFiles.scoresProgress, sco]] as const) {
      if (!la || la.pos.offset === 0) continue;
      saveState(ctx, f, { size: -2, mtimeMs: 0, ...la.pos });
      ctx.result.bytesRead += la.pos.offset;
      ctx.result.problems.push(...la.problems.map((p) => `${f} line ${p.line}: ${p.message}`));
    }
  }).immediate();
  res.close();
  sco?.close();
}

/** Inserts an item complete (precheck, response, score); false when its key is already there (a repeated precheck key). */
function writeMerged(ctx: Ctx, row: Pending, key: string, r: Pending | undefined, conv: ConversationStatistics | undefined, s: Pending | undefined, live: boolean): boolean {
  const p = precheckFields(row.value as PrecheckEntry);
  const rf = r ? responseFields(r.value as ResponseLine, conv) : null;
  const sf = s ? scoreFields(s.value as ScoreProgressLine) : null;
  const ls = s ? liveStatsFields(s.value as ScoreProgressLine) : null;
  const id = ctx.runNo * RUN_SPAN + row.line;
  try {
    ctx.stmts.merged.run(id, ctx.runNo, key, p.question_id, p.sample_number, p.scoring_type !== '' || !sf ? p.scoring_type : sf.scoring_type,
      rf ? 1 : 0, rf?.exec_ok ?? null, rf?.error_class ?? null, sf?.correct ?? null, sf?.scored_at ?? null, ls ? 1 : 0,
      ...statsArgs(ls ?? (rf && !live ? rf : null)));
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
    throw err;
  }
  ctx.stmts.mergedText.run(id, p.question, sf?.verdict_message ?? null, rf?.error_message ?? null);
  if (r) ctx.result.lines.responses++;
  if (s) ctx.result.lines.scores++;
  return true;
}

/** Reads a JSONL file ahead, by item key (the last line of a key wins), up to its last complete line. */
class Lookahead {
  readonly problems: Array<{ line: number; message: string }> = [];
  pos: { offset: number; line: number; tail: Buffer | null } = { offset: 0, line: 0, tail: null };
  private readonly held = new Map<string, Pending>();
  private readonly lines: Generator<JsonlLine>;
  private done = false;
  private lastText: string | null = null;

  constructor(file: string) {
    this.lines = iterJsonlLines(file);
  }

  /** Reads until `want` lines are held (or the file ends); returns the rows read now. */
  fill(want: number): Pending[] {
    const fresh: Pending[] = [];
    while (!this.done && this.held.size < want) {
      const n = this.lines.next();
      if (n.done || !n.value.terminated) {
        this.done = true; // a torn last line is left to readJsonl
        break;
      }
      const l = n.value;
      try {
        const value = JSON.parse(l.text) as { question_id?: number | string; sample_number?: number };
        if (!isObject(value)) throw new Error('not a JSON object');
        const row = { value, line: l.line };
        this.held.set(itemKey(value.question_id as number | string, value.sample_number as number), row);
        fresh.push(row);
      } catch (err) {
        this.problems.push({ line: l.line, message: (err as Error).message });
      }
      this.pos = { offset: l.offset + l.length + 1, line: l.line, tail: null };
      this.lastText = l.text;
    }
    if (this.lastText !== null) this.pos.tail = tailOf(this.lastText);
    this.lastText = null;
    return fresh;
  }

  take(key: string): Pending | undefined {
    const r = this.held.get(key);
    if (r) this.held.delete(key);
    return r;
  }

  /** The rows still held, in file order. */
  rest(): Pending[] {
    const out = [...this.held.values()].sort((a, b) => a.line - b.line);
    this.held.clear();
    return out;
  }

  close(): void {
    this.lines.return(undefined);
  }
}

interface Ctx {
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

const STATS_COLS = ['attempts', 'rounds', 'tool_calls', 'tokens', 'duration_ms', 'started_at', 'finished_at'];

function statements(db: Database.Database) {
  const stats = STATS_COLS.join(', ');
  const marks = STATS_COLS.map(() => '?').join(', ');
  return {
    precheck: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(run_no, key) DO UPDATE SET id = excluded.id, question_id = excluded.question_id,
        sample_number = excluded.sample_number, scoring_type = excluded.scoring_type`),
    merged: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type, responded, exec_ok, error_class,
        correct, scored_at, live_stats, ${stats}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${marks})`),
    mergedText: db.prepare('INSERT INTO item_text (id, question, verdict_message, error_message) VALUES (?, ?, ?, ?)'),
    precheckText: db.prepare('INSERT INTO item_text (id, question) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET question = excluded.question'),
    // Statistics from a conversation never replace those of the item's score line.
    response: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, responded, exec_ok, error_class, ${stats})
      VALUES (?, ?, ?, ?, ?, 1, ?, ?, ${marks})
      ON CONFLICT(run_no, key) DO UPDATE SET responded = 1, exec_ok = excluded.exec_ok, error_class = excluded.error_class,
        ${STATS_COLS.map((c) => `${c} = iif(live_stats, ${c}, excluded.${c})`).join(', ')}
      RETURNING id`).pluck(),
    responseBare: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, responded, exec_ok, error_class)
      VALUES (?, ?, ?, ?, ?, 1, ?, ?)
      ON CONFLICT(run_no, key) DO UPDATE SET responded = 1, exec_ok = excluded.exec_ok, error_class = excluded.error_class
      RETURNING id`).pluck(),
    responseText: db.prepare('INSERT INTO item_text (id, error_message) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET error_message = excluded.error_message'),
    clearError: db.prepare('UPDATE item_text SET error_message = NULL WHERE id = ? AND error_message IS NOT NULL'),
    model: db.prepare('UPDATE runs SET model_info = ? WHERE run_no = ? AND model_info IS NULL'),
    score: db.prepare(`INSERT INTO items (id, run_no, key, question_id, sample_number, scoring_type, correct, scored_at, live_stats, ${stats})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${marks})
      ON CONFLICT(run_no, key) DO UPDATE SET correct = excluded.correct, scored_at = excluded.scored_at,
        scoring_type = CASE WHEN items.scoring_type = '' THEN excluded.scoring_type ELSE items.scoring_type END,
        live_stats = max(live_stats, excluded.live_stats),
        ${STATS_COLS.map((c) => `${c} = iif(excluded.live_stats, excluded.${c}, ${c})`).join(', ')}
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
function setText(put: Database.Statement, clear: Database.Statement, id: number, text: string | null): void {
  if (text === null) clear.run(id);
  else put.run(id, text);
}

/** `id, run_no, key, question_id, sample_number` of an item met first in responses or scores (at `seq`). */
function itemRef(ctx: Ctx, r: { question_id: number | string; sample_number: number }, seq: number): [number, number, string, number | string, number] {
  return [ctx.runNo * RUN_SPAN + seq, ctx.runNo, itemKey(r.question_id, r.sample_number), questionIdValue(r.question_id), r.sample_number];
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
  let lastText: string | null = null;
  const flush = async (final: boolean) => {
    if (lastText !== null) pos.tail = tailOf(lastText);
    lastText = null;
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
    pos = { offset: end, line: l.line, tail: null };
    lastText = l.text;
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
        const text = await readFile(conversationFile(dir, itemKey(lines[i].question_id, lines[i].sample_number)), 'utf8');
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
