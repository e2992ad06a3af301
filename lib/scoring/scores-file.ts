/**
 * `scores.json` in the reference's exact format (spec §8.5), written like Python `json.dump(indent=2)`,
 * plus PICARD Live's `picard_live` section at the end. Aggregates are kept incrementally; detailed results
 * are streamed to a spool file so memory does not grow with the number of items.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { copyInto } from '../util/copy-into';
import { PyFloat, pyJsonDumps, pyJsonLoads, pyJsonReindent, pyRound } from '../py';
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

/** Streams `detailed_results` items to a spool file, then assembles `scores.json` atomically. */
export class ScoresWriter {
  private fd: number;
  private count = 0;
  private readonly spool: string;
  /** Items not yet written: one `write` per ~64 KB instead of one per item. */
  private pending = '';

  constructor(readonly file: string) {
    this.spool = `${file}.spool`;
    this.fd = openSync(this.spool, 'w');
  }

  /** A `scores.progress.jsonl` line may be passed as it is: its `picard_live` statistics are left out. */
  addItem(line: ScoreLine | ScoreProgressLine): void {
    const { picard_live: _stats, ...item } = line as ScoreProgressLine;
    this.pending += `${this.count ? ',' : ''}\n    ${pyJsonDumps(item, { indent: 2, level: 2 })}`;
    this.count++;
    if (this.pending.length >= 1 << 16) this.flush();
  }

  /**
   * The same for an item already written on one line by `pyJsonDumps` (a `scores.progress.jsonl` line), laid out
   * again without parsing (its number kinds stay as written); its `picard_live` statistics are left out.
   */
  addItemText(line: string): void {
    this.pending += `${this.count ? ',' : ''}\n    ${pyJsonReindent(withoutLiveStats(line), 2, 2)}`;
    this.count++;
    if (this.pending.length >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.pending) writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /** Writes the whole file (head, spooled items, `picard_live`) and renames it into place. */
  finish(tally: ScoreTally, meta: ScoresMetadata, extra: Record<string, unknown>): void {
    this.flush();
    closeSync(this.fd);
    const tmp = `${this.file}.tmp`;
    const out = openSync(tmp, 'w');
    try {
      const metaDump = { ...meta, accuracy_percentage: pctForDump(meta.accuracy_percentage, meta.total_questions) };
      const head = [
        `{\n  "metadata": ${pyJsonDumps(metaDump, { indent: 2, level: 1 })}`,
        `  "by_question": ${pyJsonDumps(Object.fromEntries(tally.byQuestion), { indent: 2, level: 1 })}`,
        `  "by_scoring_type": ${pyJsonDumps(Object.fromEntries(tally.byType), { indent: 2, level: 1 })}`,
        `  "detailed_results": ${this.count ? '[' : '[]'}`,
      ].join(',\n');
      writeSync(out, head);
      copyInto(this.spool, out);
      const tail = `${this.count ? '\n  ]' : ''},\n  "picard_live": ${pyJsonDumps(extra, { indent: 2, level: 1 })}\n}`;
      writeSync(out, tail);
    } finally {
      closeSync(out);
      rmSync(this.spool, { force: true });
    }
    renameSync(tmp, this.file);
  }

  /** Drops the spool without writing (scoring failed). */
  abort(): void {
    this.pending = '';
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.spool, { force: true });
  }
}

/** `pctForDump` for other callers that build score-like JSON. */
export { pctForDump };
