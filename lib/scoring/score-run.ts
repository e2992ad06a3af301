/**
 * `scoreRun`: scores a result folder offline, streaming. Responses are indexed by byte offset (the last
 * line per item wins, as in the reference) and re-read one at a time; detailed results are spooled to
 * disk. Memory therefore holds the aggregates and the per-item bookkeeping only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { iterJsonlLines, JsonlLineWindow } from '../results/jsonl-reader';
import { loadRunManifest, recordedSandboxRoot } from '../results/read-run';
import { runFiles } from '../results/run-files';
import type { ResponseLine, ScoreLine } from '../results/types';
import { pyStamp, systemClock, type Clock } from '../util/clock';
import { isScoringType, SCORING_ERROR_PREFIX, scoreItemDetailed, type VerdictKind } from './registry';
import { pyPercent, ScoresWriter, ScoreTally, type ScoresMetadata } from './scores-file';
import type { ScoreContext } from './types';
import { itemKey } from '../generation/precheck-entry';

export interface ScoreRunOptions {
  /** Bytes of response lines kept parsed between indexing and scoring (tests: 0 reads every line again). */
  keepParsedBytes?: number;
  /** Where the sandbox is now (`--artifacts`). Default: the recorded root, else `<run>/sandbox`. */
  artifactsDir?: string;
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

export interface UnreadableLine {
  file: string;
  line: number;
  error: string;
  torn: boolean;
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
  metadata: ScoresMetadata;
  byQuestion: ScoreTally['byQuestion'];
  byScoringType: ScoreTally['byType'];
  picardLive: PicardLiveScoreInfo;
}

/** Python tuple-key equality: `1 == 1.0 == True`, but `1 != "1"`. */
export function itemMatchKey(q: unknown, s: unknown): string {
  return `${matchKeyPart(q)}|${matchKeyPart(s)}`;
}

function matchKeyPart(v: unknown): string {
  return typeof v === 'boolean' ? `n:${Number(v)}` : typeof v === 'number' ? `n:${v}` : `${typeof v}:${String(v)}`;
}

/** Decides where the sandbox is now and where it was recorded. Throws a clear error if neither is known. */
export function resolveScoreContext(runDir: string, artifactsDir?: string): ScoreContext {
  const recorded = recordedSandboxRoot(runDir);
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

/** Where an item's last response line is; `value` is that line parsed, while the run's budget for keeping them lasts. */
interface ResponseAt {
  offset: number;
  length: number;
  errored: boolean;
  value: ResponseLine | undefined;
}

interface ResponseIndex {
  where: Map<string, ResponseAt>;
  duplicates: number;
}

/**
 * Bytes of response lines kept parsed by `indexResponses` (each line is then parsed once, not again when its item
 * is scored); lines beyond are read again by offset. A 20,000-item run's responses take a few MB.
 */
const KEEP_PARSED_BYTES = 32 * 1024 * 1024;

function indexResponses(file: string, unreadable: UnreadableLine[], keepBytes: number): ResponseIndex {
  const where = new Map<string, ResponseAt>();
  let duplicates = 0;
  let kept = 0;
  for (const l of iterJsonlLines(file)) {
    const parsed = parseLine<ResponseLine>(l.text);
    if ('error' in parsed || !hasItemKey(parsed.value)) {
      const error = 'error' in parsed ? parsed.error : 'missing question_id or sample_number';
      unreadable.push({ file: runFiles.responses, line: l.line, error, torn: !l.terminated });
      continue;
    }
    const key = itemMatchKey(parsed.value.question_id, parsed.value.sample_number);
    const before = where.get(key);
    if (before) {
      duplicates++;
      if (before.value !== undefined) kept -= before.length;
    }
    const keep = kept + l.length <= keepBytes;
    if (keep) kept += l.length;
    where.set(key, { offset: l.offset, length: l.length, errored: parsed.value.execution_successful === false, value: keep ? parsed.value : undefined });
  }
  return { where, duplicates };
}

/**
 * Where each item's last usable `scores.progress.jsonl` line is. Skipped, so that their items are scored again:
 * unreadable or torn lines, and lines not written by `pyJsonDumps` (older runs wrote `JSON.stringify`, which loses
 * float kinds: `2.0` became `2`).
 */
function indexProgress(file: string): Map<string, { offset: number; length: number }> {
  const where = new Map<string, { offset: number; length: number }>();
  for (const l of iterJsonlLines(file)) {
    if (!l.terminated || !l.text.startsWith('{"question_id": ')) continue;
    const parsed = parseLine<ScoreLine>(l.text);
    if ('error' in parsed || !hasItemKey(parsed.value) || typeof parsed.value.correct !== 'boolean') continue;
    where.set(itemMatchKey(parsed.value.question_id, parsed.value.sample_number), { offset: l.offset, length: l.length });
  }
  return where;
}

/** The kind of a verdict read back from its line: what `scoreItemDetailed` decided when it wrote it. */
function progressKind(entry: PrecheckEntry, line: { error_message?: unknown }): VerdictKind {
  if (!isScoringType(entry.scoring_type)) return 'unknown_scoring_type';
  return typeof line.error_message === 'string' && line.error_message.startsWith(SCORING_ERROR_PREFIX) ? 'scoring_error' : 'scored';
}

function hasItemKey(v: unknown): v is { question_id: unknown; sample_number: unknown } {
  return !!v && typeof v === 'object' && 'question_id' in v && 'sample_number' in v;
}

function parseLine<T>(text: string): { value: T } | { error: string } {
  try {
    return { value: JSON.parse(text) as T };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

interface RunCounts {
  items: number;
  unknown: number;
  errors: number;
  errored: number;
  matched: Set<string>;
}

function liveInfo(
  ctx: ScoreContext,
  tally: ScoreTally,
  counts: RunCounts,
  unanswered: PicardLiveScoreInfo['unanswered_items'],
  unreadable: UnreadableLine[],
  index: ResponseIndex,
): PicardLiveScoreInfo {
  return {
    format: 'picard-live-scores/1',
    artifacts_dir: ctx.artifactsDir,
    recorded_artifacts_dir: ctx.recordedArtifactsDir ?? null,
    total_items: counts.items,
    scored: tally.total,
    correct: tally.correct,
    wrong: tally.total - tally.correct - counts.unknown - counts.errors,
    unknown_scoring_type: counts.unknown,
    scoring_errors: counts.errors,
    unanswered: unanswered.length,
    unanswered_items: unanswered,
    errored_responses: counts.errored,
    unreadable_lines: unreadable,
    unmatched_responses: [...index.where.keys()].filter((k) => !counts.matched.has(k)).length,
    duplicate_responses: index.duplicates,
    accuracy_scored_percentage: pyPercent(tally.correct, tally.total),
    accuracy_all_items_percentage: pyPercent(tally.correct, counts.items),
  };
}

/** A `precheck.jsonl` line's entry, or null (recorded in `unreadable`) when it does not parse or has no item key. */
function readEntry(l: { text: string; line: number; terminated: boolean }, unreadable: UnreadableLine[]): PrecheckEntry | null {
  const parsed = parseLine<PrecheckEntry>(l.text);
  if (!('error' in parsed) && hasItemKey(parsed.value)) return parsed.value;
  const error = 'error' in parsed ? parsed.error : 'missing question_id or sample_number';
  unreadable.push({ file: runFiles.precheck, line: l.line, error, torn: !l.terminated });
  return null;
}

/** The scoring context of one instance of a PICARD Live run: its own sandbox area, now and as recorded. */
export function instanceContext(ctx: ScoreContext, entry: { question_id: unknown; sample_number: unknown }): ScoreContext {
  const key = itemKey(entry.question_id as number | string, entry.sample_number as number);
  return {
    artifactsDir: path.join(ctx.artifactsDir, key),
    recordedArtifactsDir: ctx.recordedArtifactsDir === undefined ? undefined : path.join(ctx.recordedArtifactsDir, key),
  };
}

/** Scores `runDir` (reference or PICARD Live folder) and, by default, writes `scores.json`. */
export async function scoreRun(runDir: string, opts: ScoreRunOptions = {}): Promise<ScoreRunResult> {
  const precheckFile = path.join(runDir, runFiles.precheck);
  const responsesFile = path.join(runDir, runFiles.responses);
  if (!existsSync(precheckFile) || !existsSync(responsesFile)) {
    throw new Error(`Invalid test directory: ${runDir}. Missing required files.`);
  }
  const ctx = resolveScoreContext(runDir, opts.artifactsDir);
  // PICARD Live runs give each instance its own area (`{{artifacts}}` = <sandbox>/q{X}_s{Y}): relative paths
  // resolve there, exactly as the live scorer and the generators resolved them.
  const perItem = loadRunManifest(runDir) !== null;
  const clock = opts.clock ?? systemClock;
  const unreadable: UnreadableLine[] = [];
  const index = indexResponses(responsesFile, unreadable, opts.keepParsedBytes ?? KEEP_PARSED_BYTES);
  const tally = new ScoreTally();
  const writer = opts.write === false ? null : new ScoresWriter(path.join(runDir, runFiles.scores));
  const counts: RunCounts = { items: 0, unknown: 0, errors: 0, errored: 0, matched: new Set<string>() };
  const unanswered: PicardLiveScoreInfo['unanswered_items'] = [];
  const reader = new JsonlLineWindow(responsesFile);
  const progressFile = path.join(runDir, runFiles.scoresProgress);
  const progress = opts.fromProgress && existsSync(progressFile) ? { where: indexProgress(progressFile), lines: new JsonlLineWindow(progressFile) } : null;
  try {
    for (const l of iterJsonlLines(precheckFile)) {
      counts.items++;
      const entry = readEntry(l, unreadable);
      if (entry === null) continue;
      const key = itemMatchKey(entry.question_id, entry.sample_number);
      const at = index.where.get(key);
      if (!at) {
        unanswered.push({ question_id: entry.question_id, sample_number: entry.sample_number });
        continue;
      }
      counts.matched.add(key);
      const errored = at.errored;
      const live = progress?.where.get(key);
      const { line, kind } = live
        ? verdictAsWritten(entry, progress!.lines.read(live.offset, live.length), tally, writer)
        : verdictNow(entry, at.value ?? (JSON.parse(reader.read(at.offset, at.length)) as ResponseLine), perItem ? instanceContext(ctx, entry) : ctx, clock, tally, writer);
      at.value = undefined;
      if (kind === 'unknown_scoring_type') counts.unknown++;
      if (kind === 'scoring_error') counts.errors++;
      if (errored) counts.errored++;
      opts.onItem?.(line, { kind, errored });
    }
  } catch (err) {
    writer?.abort();
    throw err;
  } finally {
    reader.close();
    progress?.lines.close();
  }
  const metadata = tally.metadata(path.basename(path.resolve(runDir)), pyStamp(clock.now()));
  const picardLive = liveInfo(ctx, tally, counts, unanswered, unreadable, index);
  writer?.finish(tally, metadata, picardLive as unknown as Record<string, unknown>);
  return { scoresFile: writer ? writer.file : null, metadata, byQuestion: tally.byQuestion, byScoringType: tally.byType, picardLive };
}

/** A verdict read back from `scores.progress.jsonl`: its text is laid out again with its kinds (ints, floats, key order) intact. */
function verdictAsWritten(entry: PrecheckEntry, text: string, tally: ScoreTally, writer: ScoresWriter | null): { line: ScoreLine; kind: VerdictKind } {
  const line = JSON.parse(text) as ScoreLine;
  const kind = progressKind(entry, line);
  tally.add(line);
  writer?.addItemText(text);
  return { line, kind };
}

/** A verdict scored now from the item's response line. */
function verdictNow(entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext, clock: Clock, tally: ScoreTally, writer: ScoresWriter | null): { line: ScoreLine; kind: VerdictKind } {
  const { line, kind } = scoreItemDetailed(entry, response, ctx, clock);
  tally.add(line);
  writer?.addItem(line);
  return { line, kind };
}
