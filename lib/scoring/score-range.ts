/**
 * The scoring loop of `scoreRun` over one range of `precheck.jsonl` (the whole file, or one thread's share of it):
 * the response index it looks items up in, and the totals a range adds up, which `scoreRun` merges in file order.
 */
import path from 'node:path';
import { itemKey, type PrecheckEntry } from '../generation/precheck-entry';
import { iterJsonlLines, type JsonlLineWindow } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';
import type { ResponseLine, ScoreLine } from '../results/types';
import type { Clock } from '../util/clock';
import { isScoringType, SCORING_ERROR_PREFIX, scoreItemDetailed, type VerdictKind } from './registry';
import { ScoreTally, type ScoresWriter } from './scores-file';
import type { ScoreContext } from './types';

export interface UnreadableLine {
  file: string;
  line: number;
  error: string;
  torn: boolean;
}

/** Python tuple-key equality: `1 == 1.0 == True`, but `1 != "1"`. */
export function itemMatchKey(q: unknown, s: unknown): string {
  return `${matchKeyPart(q)}|${matchKeyPart(s)}`;
}

function matchKeyPart(v: unknown): string {
  return typeof v === 'boolean' ? `n:${Number(v)}` : typeof v === 'number' ? `n:${v}` : `${typeof v}:${String(v)}`;
}

/** Where an item's last response line is; `value` is that line parsed, while the run's budget for keeping them lasts. */
interface ResponseAt {
  offset: number;
  length: number;
  errored: boolean;
  value: ResponseLine | undefined;
}

export interface ResponseIndex {
  where: Map<string, ResponseAt>;
  duplicates: number;
}

/**
 * Bytes of response lines kept parsed by `indexResponses` (each line is then parsed once, not again when its item
 * is scored); lines beyond are read again by offset. A 20,000-item run's responses take a few MB.
 */
export const KEEP_PARSED_BYTES = 32 * 1024 * 1024;

/** Every usable line of `responses.jsonl` by item (the last line per item wins); the others go to `unreadable`. */
export function indexResponses(file: string, unreadable: UnreadableLine[], keepBytes: number): ResponseIndex {
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
export function indexProgress(file: string): Map<string, { offset: number; length: number }> {
  const where = new Map<string, { offset: number; length: number }>();
  for (const l of iterJsonlLines(file)) {
    if (!l.terminated || !l.text.startsWith('{"question_id": ')) continue;
    const parsed = parseLine<ScoreLine>(l.text);
    if ('error' in parsed || !hasItemKey(parsed.value) || typeof parsed.value.correct !== 'boolean') continue;
    where.set(itemMatchKey(parsed.value.question_id, parsed.value.sample_number), { offset: l.offset, length: l.length });
  }
  return where;
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

/** The scoring context of one instance of a PICARD Live run: its own sandbox area, now and as recorded. */
export function instanceContext(ctx: ScoreContext, entry: { question_id: unknown; sample_number: unknown }): ScoreContext {
  const key = itemKey(entry.question_id as number | string, entry.sample_number as number);
  return {
    artifactsDir: joinKey(ctx.artifactsDir, key),
    recordedArtifactsDir: ctx.recordedArtifactsDir === undefined ? undefined : joinKey(ctx.recordedArtifactsDir, key),
  };
}

/** Roots `path.join` leaves as they are (normalised, no trailing `/`), as found so far. */
const normalRoots = new Set<string>();

/** `path.join(root, key)`, without its normalising pass for the usual root and a key with no `/`, `.` or `..` part. */
function joinKey(root: string, key: string): string {
  if (key.includes('/') || key === '.' || key === '..' || key === '') return path.join(root, key);
  if (!normalRoots.has(root)) {
    if (root === '' || root.endsWith('/') || path.normalize(root) !== root) return path.join(root, key);
    if (normalRoots.size < 16) normalRoots.add(root);
  }
  return `${root}/${key}`;
}

/** What a range of precheck lines adds up to. */
export interface RangeTotals {
  tally: ScoreTally;
  /** Precheck lines, verdicts of an unknown type, scoring errors, answered items whose response was an error. */
  items: number;
  unknown: number;
  errors: number;
  errored: number;
  matched: Set<string>;
  unanswered: Array<{ question_id: unknown; sample_number: unknown }>;
  /** Unreadable precheck lines. */
  unreadable: UnreadableLine[];
}

export function emptyTotals(): RangeTotals {
  return { tally: new ScoreTally(), items: 0, unknown: 0, errors: 0, errored: 0, matched: new Set(), unanswered: [], unreadable: [] };
}

export interface RangeJob {
  precheckFile: string;
  /** The first line's byte offset (a line start) and the number of lines before it. */
  from: { offset: number; line: number };
  /** The byte offset the range ends before (a line start); `Infinity` for the end of the file. */
  until: number;
  index: ResponseIndex;
  responses: JsonlLineWindow;
  /** `fromProgress`: the live scorer's verdicts by item. */
  progress: { where: Map<string, { offset: number; length: number }>; lines: JsonlLineWindow } | null;
  ctx: ScoreContext;
  /** PICARD Live run: each instance has its own sandbox area. */
  perItem: boolean;
  clock: Clock;
  writer: ScoresWriter | null;
  onItem?: (line: ScoreLine, info: { kind: VerdictKind; errored: boolean }) => void;
}

/** Scores the precheck lines of `job`'s range in file order, adding to `out`. */
export function scoreRange(job: RangeJob, out: RangeTotals): void {
  const { index, progress, writer } = job;
  const tally = out.tally;
  for (const l of iterJsonlLines(job.precheckFile, job.from)) {
    if (l.offset >= job.until) break;
    out.items++;
    const entry = readEntry(l, out.unreadable);
    if (entry === null) continue;
    const key = itemMatchKey(entry.question_id, entry.sample_number);
    const at = index.where.get(key);
    if (!at) {
      out.unanswered.push({ question_id: entry.question_id, sample_number: entry.sample_number });
      continue;
    }
    out.matched.add(key);
    const errored = at.errored;
    const live = progress?.where.get(key);
    const { line, kind } = live
      ? verdictAsWritten(entry, progress!.lines.read(live.offset, live.length), tally, writer)
      : verdictNow(entry, at.value ?? (JSON.parse(job.responses.read(at.offset, at.length)) as ResponseLine), job.perItem ? instanceContext(job.ctx, entry) : job.ctx, job.clock, tally, writer);
    at.value = undefined;
    if (kind === 'unknown_scoring_type') out.unknown++;
    if (kind === 'scoring_error') out.errors++;
    if (errored) out.errored++;
    job.onItem?.(line, { kind, errored });
  }
}

/** A `precheck.jsonl` line's entry, or null (recorded in `unreadable`) when it does not parse or has no item key. */
function readEntry(l: { text: string; line: number; terminated: boolean }, unreadable: UnreadableLine[]): PrecheckEntry | null {
  const parsed = parseLine<PrecheckEntry>(l.text);
  if (!('error' in parsed) && hasItemKey(parsed.value)) return parsed.value;
  const error = 'error' in parsed ? parsed.error : 'missing question_id or sample_number';
  unreadable.push({ file: runFiles.precheck, line: l.line, error, torn: !l.terminated });
  return null;
}

/** The kind of a verdict read back from its line: what `scoreItemDetailed` decided when it wrote it. */
function progressKind(entry: PrecheckEntry, line: { error_message?: unknown }): VerdictKind {
  if (!isScoringType(entry.scoring_type)) return 'unknown_scoring_type';
  return typeof line.error_message === 'string' && line.error_message.startsWith(SCORING_ERROR_PREFIX) ? 'scoring_error' : 'scored';
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
