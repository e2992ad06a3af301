/**
 * `scores.json` in the reference's exact format (spec §8.5), written like Python `json.dump(indent=2)`,
 * plus PICARD Live's `picard_live` section at the end. Aggregates are kept incrementally; detailed results
 * are held as text up to a cap, beyond it streamed to a spool file, so memory stays bounded whatever the run's size.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { copyInto } from '../util/copy-into';
import { PyFloat, pyJsonDumps, pyJsonDumpsList, pyJsonLoads, pyJsonReindent, pyRound } from '../py';
import type { ScoreLine, ScoreProgressLine } from '../results/types';

/** `, "picard_live": {…}}` closing a progress line (the runner writes the statistics last, as flat scalars). */
const LIVE_STATS_TAIL = /, "picard_live": \{[^{}]*\}\}$/;

/** A progress line's text without its `picard_live` key: cut when it closes the line, else parsed and written again. */
export function withoutLiveStats(line: string): string {
  if (!line.includes('"picard_live"')) return line;
  const tail = LIVE_STATS_TAIL.exec(line);
  if (tail) return `${line.slice(0, tail.index)}}`;
  const item = pyJsonLoads(line) as Map<string, unknown>; // a Map keeps the key order and the number kinds
  item.delete('picard_live');
  return pyJsonDumps(item);
}

export interface ScoresMetadata {
  test_id: string;
  timestamp: string;
  total_questions: number;
  correct_answers: number;
  /** Python `round(correct/total*100, 2)` (a float), or the int 0 when nothing was scored. */
  accuracy_percentage: number;
}

export interface QuestionTally {
  correct: number;
  total: number;
  scoring_type: string;
}

export interface TypeTally {
  correct: number;
  total: number;
}

/** Python `round(part/whole*100, 2)`; the int 0 for an empty whole, as the reference writes it. */
export function pyPercent(part: number, whole: number): number {
  return whole > 0 ? pyRound((part / whole) * 100, 2) : 0;
}

/** Running totals in first-appearance order (`by_question` keys are strings, as `json.dump` writes int keys). */
export class ScoreTally {
  total = 0;
  correct = 0;
  readonly byQuestion = new Map<string, QuestionTally>();
  readonly byType = new Map<string, TypeTally>();

  add(line: ScoreLine): void {
    this.total++;
    if (line.correct) this.correct++;
    const q = String(line.question_id);
    const qt = this.byQuestion.get(q) ?? { correct: 0, total: 0, scoring_type: String(line.scoring_type) };
    qt.total++;
    if (line.correct) qt.correct++;
    this.byQuestion.set(q, qt);
    const t = String(line.scoring_type);
    const tt = this.byType.get(t) ?? { correct: 0, total: 0 };
    tt.total++;
    if (line.correct) tt.correct++;
    this.byType.set(t, tt);
  }

  /** Adds the totals of the items after this tally's (another thread's share), keeping first-appearance order. */
  merge(later: { total: number; correct: number; byQuestion: Iterable<[string, QuestionTally]>; byType: Iterable<[string, TypeTally]> }): void {
    this.total += later.total;
    this.correct += later.correct;
    addTallies(this.byQuestion, later.byQuestion);
    addTallies(this.byType, later.byType);
  }

  metadata(testId: string, timestamp: string): ScoresMetadata {
    return {
      test_id: testId,
      timestamp,
      total_questions: this.total,
      correct_answers: this.correct,
      accuracy_percentage: pyPercent(this.correct, this.total),
    };
  }
}

/** Wraps a percentage so `pyJsonDumps` writes `75.0`, not `75` (Python's float). The int 0 stays `0`. */
function pctForDump(x: number, whole: number): unknown {
  return whole > 0 ? new PyFloat(x) : 0;
}

/**
 * Bytes of `detailed_results` held in memory before they go to a spool file: runs up to a few thousand items are
 * written in one pass, larger ones (a 20,000-item run has ≈ 18 MB of details) keep peak memory flat.
 */
const HOLD_BYTES = 4 * 1024 * 1024;
/** Bytes per held piece (and per spool write). */
const PIECE_BYTES = 1 << 20;
/** Items laid out together (`pyJsonDumpsList`); a few hundred KB of text at most for ordinary items. */
const PENDING_ITEMS = 256;

/**
 * The `detailed_results` items a writer gathered for a later share of the run (another thread's), handed to the
 * writer of the file by `appendDetached`: their text, first in the spool file (if any), then in `pieces`.
 */
export interface DetachedItems {
  count: number;
  spool: string | null;
  pieces: Uint8Array[];
}

/**
 * Gathers `detailed_results` items, then writes `scores.json` atomically. Items are held in memory as the text
 * they will be written as, up to `holdBytes`; a larger run spools them to `<file>.spool` beyond that, so memory
 * stays bounded whatever the number of items. Below the cap the file is written in one pass (no spool to write,
 * read back and copy).
 */
export class ScoresWriter {
  private fd: number | null = null;
  private count = 0;
  private readonly spool: string;
  /** Finished pieces (each ≈ `PIECE_BYTES`), in order, not yet spooled. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /**
   * The piece being filled: each item's text is encoded into it as soon as it is made (no long concatenated string
   * for the engine to flatten, nor its many small parts for the garbage collector to trace).
   */
  private piece: Buffer | null = null;
  private used = 0;
  /** Items given to `addItem`, not yet laid out. */
  private pending: object[] = [];
  /** Later shares of the run (`appendDetached`). */
  private parts: DetachedItems[] = [];

  private readonly holdBytes: number;
  private readonly pieceBytes: number;

  /** `limits` (tests): the memory cap and the size of a piece, in bytes. */
  constructor(
    readonly file: string,
    limits: { holdBytes?: number; pieceBytes?: number } = {},
  ) {
    this.spool = `${file}.spool`;
    this.holdBytes = limits.holdBytes ?? HOLD_BYTES;
    this.pieceBytes = limits.pieceBytes ?? PIECE_BYTES;
  }

  /** Whether items went to the spool file (the run's details outgrew the memory cap). */
  get spooled(): boolean {
    return this.fd !== null;
  }

  /**
   * A `scores.progress.jsonl` line may be passed as it is: its `picard_live` statistics are left out. Items wait in
   * `pending` and are laid out a batch at a time (`pyJsonDumpsList`: one engine call per few hundred items).
   */
  addItem(line: ScoreLine | ScoreProgressLine): void {
    let item: object = line;
    if ('picard_live' in line) {
      const { picard_live: _stats, ...rest } = line;
      item = rest;
    }
    this.pending.push(item);
    if (this.pending.length >= PENDING_ITEMS) this.flushPending();
  }

  /**
   * The same for an item already written on one line by `pyJsonDumps` (a `scores.progress.jsonl` line), laid out
   * again without parsing (its number kinds stay as written); its `picard_live` statistics are left out.
   */
  addItemText(line: string): void {
    this.flushPending();
    this.append(this.count ? ',\n    ' : '\n    ', true);
    this.append(pyJsonReindent(withoutLiveStats(line), 2, 2), false);
    this.count++;
  }

  /** Lays out the waiting items (Python's `json.dump(indent=2)` text is ASCII: no UTF-8 encoding to do). */
  private flushPending(): void {
    const items = this.pending;
    if (items.length === 0) return;
    this.pending = [];
    this.append(this.count ? ',\n    ' : '\n    ', true);
    this.append(pyJsonDumpsList(items, 2, 2), true);
    this.count += items.length;
  }

  /**
   * Encodes `s` at the end of the current piece, starting a new piece when it might not fit (≤ 3 bytes a unit, one
   * for `ascii` text, which is written as Latin-1: the same bytes, without the UTF-8 encoder).
   */
  private append(s: string, ascii: boolean): void {
    const most = ascii ? s.length : s.length * 3;
    if (this.piece !== null && this.used + most > this.piece.length) this.endPiece();
    this.piece ??= Buffer.allocUnsafe(Math.max(this.pieceBytes, most));
    this.used += this.piece.write(s, this.used, ascii ? 'latin1' : 'utf8');
  }

  private endPiece(): void {
    if (this.piece === null || this.used === 0) return;
    const piece = this.piece.subarray(0, this.used);
    this.piece = null;
    this.used = 0;
    this.held.push(piece);
    this.heldBytes += piece.length;
    if (this.heldBytes > this.holdBytes || this.fd !== null) this.spill();
  }

  /** Moves the held pieces to the spool file (opened on first use). */
  private spill(): void {
    this.fd ??= openSync(this.spool, 'w');
    for (const piece of this.held) writeSync(this.fd, piece);
    this.held = [];
    this.heldBytes = 0;
  }

  /**
   * Ends this writer as a share of a run written by another writer (`appendDetached`): its items' text, laid out
   * as they read after the items before them; the spool file, if any, is the receiver's to remove.
   */
  detach(): DetachedItems {
    this.flushPending();
    this.endPiece();
    if (this.fd !== null) closeSync(this.fd);
    const out = { count: this.count, spool: this.fd === null ? null : this.spool, pieces: this.held };
    this.held = [];
    return out;
  }

  /** The items of a later share of the run (`detach` of another writer), written after this writer's own. */
  appendDetached(part: DetachedItems): void {
    this.parts.push(part);
  }

  /** Writes the whole file (head, items, `picard_live`) and renames it into place. */
  finish(tally: ScoreTally, meta: ScoresMetadata, extra: Record<string, unknown>): void {
    this.flushPending();
    this.endPiece();
    if (this.fd !== null) closeSync(this.fd);
    const count = this.parts.reduce((n, p) => n + p.count, this.count);
    const tmp = `${this.file}.tmp`;
    const out = openSync(tmp, 'w');
    try {
      const metaDump = { ...meta, accuracy_percentage: pctForDump(meta.accuracy_percentage, meta.total_questions) };
      const head = [
        `{\n  "metadata": ${pyJsonDumps(metaDump, { indent: 2, level: 1 })}`,
        `  "by_question": ${pyJsonDumps(Object.fromEntries(tally.byQuestion), { indent: 2, level: 1 })}`,
        `  "by_scoring_type": ${pyJsonDumps(Object.fromEntries(tally.byType), { indent: 2, level: 1 })}`,
        `  "detailed_results": ${count ? '[' : '[]'}`,
      ].join(',\n');
      writeSync(out, head);
      if (this.fd !== null) copyInto(this.spool, out);
      for (const piece of this.held) writeSync(out, piece);
      this.held = [];
      let written = this.count;
      for (const part of this.parts) {
        if (part.count === 0) continue;
        // A share's text starts as the first item of a list does: after items, it needs their comma.
        if (written) writeSync(out, ',');
        if (part.spool !== null) copyInto(part.spool, out);
        for (const piece of part.pieces) writeSync(out, piece);
        written += part.count;
      }
      const tail = `${count ? '\n  ]' : ''},\n  "picard_live": ${pyJsonDumps(extra, { indent: 2, level: 1 })}\n}`;
      writeSync(out, tail);
    } finally {
      closeSync(out);
      this.removeSpools();
    }
    renameSync(tmp, this.file);
  }

  /** Drops what was gathered without writing (scoring failed). */
  abort(): void {
    this.pending = [];
    this.piece = null;
    this.held = [];
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    this.removeSpools();
  }

  private removeSpools(): void {
    if (this.fd !== null) rmSync(this.spool, { force: true });
    for (const part of this.parts) if (part.spool !== null) rmSync(part.spool, { force: true });
    this.parts = [];
  }
}

/** `pctForDump` for other callers that build score-like JSON. */
export { pctForDump };

/** Adds `from`'s tallies into `into`, key by key; new keys keep their order of appearance. */
function addTallies<T extends { total: number; correct: number }>(into: Map<string, T>, from: Iterable<[string, T]>): void {
  for (const [k, t] of from) {
    const mine = into.get(k);
    if (mine) {
      mine.total += t.total;
      mine.correct += t.correct;
    } else into.set(k, { ...t });
  }
}
