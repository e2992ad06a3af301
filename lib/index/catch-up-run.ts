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
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type Database from 'better-sqlite3';
import { itemKey } from '../generation/precheck-entry';
import { conversationFile, runFiles } from '../results/run-files';
import { bytesAt } from '../results/jsonl-reader';
import type { ConversationStatistics, ResponseLine } from '../results/types';
import { sleep } from '../util/sleep';
import { bulkLoad } from './bulk-load';
import { applyPrecheck, applyResponses, applyScores, applyScoresJson } from './catch-up-apply';
import { ConcurrentUpdate, statements, type CatchUpResult, type Ctx, type Pending } from './catch-up-context';
import { readNewLines, rewritten, sameAsStored, saveState } from './catch-up-read';
import { isStale, JSONL_FILES, loadFileStates, stampsOf, type TrackedFile } from './file-stamps';
import type { ResultsIndex } from './open';
import { runMeta, type IsRunning, type RunMeta } from './run-meta';
import { deleteRunRows, ensureRunRow, recomputeGroups } from './run-rows';
import { writeRunStatus, writeRunSummary } from './run-summary';

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

const PARALLEL_READS = 32;

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

async function catchUpOnce(index: ResultsIndex, dir: string, opts: CatchUpOptions): Promise<CatchUpResult> {
  const { db } = index;
  const runId = basename(dir);
  const result: CatchUpResult = { runId, upToDate: false, reread: false, bytesRead: 0, lines: { precheck: 0, responses: 0, scores: 0 }, problems: [] };
  const stamps = stampsOf(dir);
  let states = loadFileStates(db, runId);
  const known = db.prepare('SELECT manifest_status FROM runs WHERE run_id = ?').get(runId) as { manifest_status: string | null } | undefined;
  if (!opts.rebuild && known && !isStale(states, stamps)) {
    result.upToDate = true;
    refreshUnchanged(db, dir, opts, known.manifest_status);
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
    await readNewLines(ctx, runFiles.precheck, async (rows) => () => applyPrecheck(ctx, rows));
  }
  await readNewLines(ctx, runFiles.responses, async (rows) => {
    const stats = await statsOf(rows);
    return () => applyResponses(ctx, rows, stats, live);
  });
  if (progress.size > 0) await readNewLines(ctx, runFiles.scoresProgress, async (rows) => () => applyScores(ctx, rows));
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

/** A run whose files did not change: its row is re-summed, or (between throttled updates) its status checked. */
function refreshUnchanged(db: Database.Database, dir: string, opts: CatchUpOptions, status: string | null): void {
  if (opts.summary !== false) {
    // Lines read by catch-ups that skipped the re-sum (the runner's hook between its throttled updates) count now.
    const meta = runMeta(dir, opts.isRunning);
    db.transaction(() => writeRunSummary(db, meta)).immediate();
  } else if (status === 'running') writeRunStatus(db, runMeta(dir, opts.isRunning)); // the writer may have died
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

export type { RunMeta };
