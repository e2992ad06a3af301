/**
 * `scoreRun`: scores a result folder offline, streaming. Responses are indexed by item (the last line per item
 * wins, as in the reference), kept parsed up to a budget and re-read by offset beyond it; detailed results are
 * spooled to disk beyond a cap. Memory therefore holds the aggregates and the per-item bookkeeping only. A large
 * run is scored on two threads, each over one half of `precheck.jsonl` (score-part.ts), merged in file order.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { JsonlLineWindow, lineStartFrom } from '../results/jsonl-reader';
import { loadRunManifest, recordedSandboxRoot } from '../results/read-run';
import { runFiles } from '../results/run-files';
import type { ScoreLine } from '../results/types';
import { pyStamp, systemClock, type Clock } from '../util/clock';
import type { VerdictKind } from './registry';
import { startPart, workerAvailable, type PartOutput } from './score-part';
import { emptyTotals, indexProgress, indexResponses, KEEP_PARSED_BYTES, scoreRange, type RangeTotals, type ResponseIndex, type UnreadableLine } from './score-range';
import { pyPercent, ScoresWriter, type ScoresMetadata, type ScoreTally } from './scores-file';
import type { ScoreContext } from './types';

export { instanceContext, itemMatchKey, type UnreadableLine } from './score-range';

export interface ScoreRunOptions {
  /**
   * Bytes of response lines kept parsed between indexing and scoring (tests: 0 reads every line again). Default:
   * 32 MiB, or 0 with `fromProgress`.
   */
  keepParsedBytes?: number;
  /**
   * Threads to score on (1 or 2). Default: 1 (see `defaultThreads`). One thread whatever is asked
   * when `onItem` or `fromProgress` is given, or a clock another thread cannot keep (one that moves in steps).
   */
  threads?: number;
  /** Where the sandbox is now (`--artifacts`). Default: the recorded root, else `<run>/sandbox`. */
  artifactsDir?: string;
  /**
   * The sandbox root the folder records (`test_summary.json` → `sandbox_status.path`), when the caller knows it: the
   * runner has just written it. Spares reading that file back (9 MB at 100,000 items, for its file list).
   */
  recordedArtifactsDir?: string;
  clock?: Clock;
  /** Write `<run>/scores.json` (default true). */
  write?: boolean;
  /** Called for every scored item, in precheck order. */
  onItem?: (line: ScoreLine, info: { kind: VerdictKind; errored: boolean }) => void;
  /**
   * Take each answered item's verdict from its last `scores.progress.jsonl` line (written by the live scorer, which
   * is this file's `scoreItemDetailed`) instead of scoring it again; an answered item without a readable line is
   * scored here. The end of a run uses this: the file is byte for byte what scoring the folder again would write
   * (same clock), without re-reading every sandbox. `picard score` always scores afresh.
   */
  fromProgress?: boolean;
}

/** PICARD Live's extra section of `scores.json`: what the reference silently leaves out. */
export interface PicardLiveScoreInfo {
  format: 'picard-live-scores/1';
  artifacts_dir: string;
  recorded_artifacts_dir: string | null;
  total_items: number;
  scored: number;
  correct: number;
  wrong: number;
  unknown_scoring_type: number;
  scoring_errors: number;
  unanswered: number;
  unanswered_items: Array<{ question_id: unknown; sample_number: unknown }>;
  errored_responses: number;
  unreadable_lines: UnreadableLine[];
  unmatched_responses: number;
  duplicate_responses: number;
  accuracy_scored_percentage: number;
  accuracy_all_items_percentage: number;
}

export interface ScoreRunResult {
  scoresFile: string | null;
  /** Threads the items were scored on (1, or 2 for a large run). */
  threads: number;
  metadata: ScoresMetadata;
  byQuestion: ScoreTally['byQuestion'];
  byScoringType: ScoreTally['byType'];
  picardLive: PicardLiveScoreInfo;
}

/** Decides where the sandbox is now and where it was recorded. Throws a clear error if neither is known. */
export function resolveScoreContext(runDir: string, artifactsDir?: string, knownRecorded?: string): ScoreContext {
  const recorded = knownRecorded ?? recordedSandboxRoot(runDir);
  const own = path.join(runDir, runFiles.sandbox);
  let now = artifactsDir ? path.resolve(artifactsDir) : undefined;
  if (!now && recorded && existsSync(recorded)) now = recorded;
  if (!now && existsSync(own)) now = own;
  if (!now && recorded) now = recorded;
  if (!now) {
    throw new Error(`scoreRun: cannot tell where the sandbox of ${runDir} is (no test_summary.json/run.json sandbox path, no sandbox/); pass --artifacts DIR`);
  }
  return { artifactsDir: now, recordedArtifactsDir: recorded ?? now };
}

/**
 * Precheck files from this size on are scored on two threads (when a core is free): the second thread's start
 * (≈ 35 ms of CPU, its own JIT warm-up, its own index of the responses) is then a small part of what it takes over
 * (≈ 5,000 items and up).
 */
const TWO_THREADS_FROM_BYTES = 4 * 1024 * 1024;

/**
 * One thread unless asked (`threads: 2`, `PICARD_SCORE_THREADS=2`). Measured on 2 quiet cores, 20,000 items, five
 * alternated rounds: two threads 1.08 s median against 1.14 s for one (within the rounds' spread), for +15 % CPU and
 * +40 MB; on a loaded machine two threads are slower (3.7 s against 2.1 s at load ≈ 19). Not worth being the default.
 */
function defaultThreads(): number {
  return 1;
}

/** Where the second thread's share starts, or null to score on one thread. */
function splitPoint(precheckFile: string, opts: ScoreRunOptions, clock: Clock): number | null {
  const threads = opts.threads ?? defaultThreads();
  if (threads < 2 || opts.onItem || opts.fromProgress) return null;
  if (clock !== systemClock && clock.frozenAt === undefined) return null;
  const size = statSync(precheckFile).size;
  if (opts.threads === undefined && size < TWO_THREADS_FROM_BYTES) return null;
  if (!workerAvailable()) return null;
  const at = lineStartFrom(precheckFile, Math.floor(size / 2));
  return at > 0 && at < size ? at : null;
}

function liveInfo(ctx: ScoreContext, totals: RangeTotals, unreadable: UnreadableLine[], index: ResponseIndex): PicardLiveScoreInfo {
  const { tally } = totals;
  return {
    format: 'picard-live-scores/1',
    artifacts_dir: ctx.artifactsDir,
    recorded_artifacts_dir: ctx.recordedArtifactsDir ?? null,
    total_items: totals.items,
    scored: tally.total,
    correct: tally.correct,
    wrong: tally.total - tally.correct - totals.unknown - totals.errors,
    unknown_scoring_type: totals.unknown,
    scoring_errors: totals.errors,
    unanswered: totals.unanswered.length,
    unanswered_items: totals.unanswered,
    errored_responses: totals.errored,
    unreadable_lines: unreadable,
    unmatched_responses: [...index.where.keys()].filter((k) => !totals.matched.has(k)).length,
    duplicate_responses: index.duplicates,
    accuracy_scored_percentage: pyPercent(tally.correct, tally.total),
    accuracy_all_items_percentage: pyPercent(tally.correct, totals.items),
  };
}

/** Adds the second thread's share to the first's totals, after them (file order). */
function mergePart(totals: RangeTotals, part: PartOutput): void {
  totals.tally.merge(part);
  totals.items += part.items;
  totals.unknown += part.unknown;
  totals.errors += part.errors;
  totals.errored += part.errored;
  for (const k of part.matched) totals.matched.add(k);
  // One at a time: a spread of a few hundred thousand unanswered items would overflow the call's arguments.
  for (const u of part.unanswered) totals.unanswered.push(u);
  for (const u of part.unreadable) totals.unreadable.push(u);
}

/** Scores `runDir` (reference or PICARD Live folder) and, by default, writes `scores.json`. */
export async function scoreRun(runDir: string, opts: ScoreRunOptions = {}): Promise<ScoreRunResult> {
  const precheckFile = path.join(runDir, runFiles.precheck);
  const responsesFile = path.join(runDir, runFiles.responses);
  if (!existsSync(precheckFile) || !existsSync(responsesFile)) {
    throw new Error(`Invalid test directory: ${runDir}. Missing required files.`);
  }
  const ctx = resolveScoreContext(runDir, opts.artifactsDir, opts.recordedArtifactsDir);
  // PICARD Live runs give each instance its own area (`{{artifacts}}` = <sandbox>/q{X}_s{Y}): relative paths
  // resolve there, exactly as the live scorer and the generators resolved them.
  const perItem = loadRunManifest(runDir) !== null;
  const clock = opts.clock ?? systemClock;
  // From the live verdicts, responses are read again only for the items without one: none is kept parsed.
  const keepParsedBytes = opts.keepParsedBytes ?? (opts.fromProgress ? 0 : KEEP_PARSED_BYTES);
  const scoresFile = opts.write === false ? null : path.join(runDir, runFiles.scores);
  const split = splitPoint(precheckFile, opts, clock);
  const part = split === null ? null : startPart({ precheckFile, responsesFile, from: split, ctx, perItem, frozenAt: clock.frozenAt ?? null, scoresFile, keepParsedBytes });
  const unreadable: UnreadableLine[] = [];
  const writer = scoresFile === null ? null : new ScoresWriter(scoresFile);
  const totals = emptyTotals();
  let index: ResponseIndex;
  try {
    index = indexResponses(responsesFile, unreadable, keepParsedBytes);
    const responses = new JsonlLineWindow(responsesFile);
    const progressFile = path.join(runDir, runFiles.scoresProgress);
    const progress = opts.fromProgress && existsSync(progressFile) ? { where: indexProgress(progressFile), lines: new JsonlLineWindow(progressFile) } : null;
    try {
      scoreRange({ precheckFile, from: { offset: 0, line: 0 }, until: split ?? Infinity, index, responses, progress, ctx, perItem, clock, writer, onItem: opts.onItem }, totals);
    } finally {
      responses.close();
      progress?.lines.close();
    }
    if (part) {
      const out = await part.result;
      mergePart(totals, out);
      if (out.detached) writer?.appendDetached(out.detached);
    }
  } catch (err) {
    await part?.cancel();
    writer?.abort();
    throw err;
  }
  for (const u of totals.unreadable) unreadable.push(u);
  const metadata = totals.tally.metadata(path.basename(path.resolve(runDir)), pyStamp(clock.now()));
  const picardLive = liveInfo(ctx, totals, unreadable, index);
  writer?.finish(totals.tally, metadata, picardLive as unknown as Record<string, unknown>);
  return { scoresFile: writer ? writer.file : null, threads: part ? 2 : 1, metadata, byQuestion: totals.tally.byQuestion, byScoringType: totals.tally.byType, picardLive };
}
