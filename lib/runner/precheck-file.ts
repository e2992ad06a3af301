import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemSummary } from '../events/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { EntryHead, PrecheckLine } from '../generation/check-instances';
import { itemKey } from '../generation/precheck-entry';
import { JsonlAppender } from '../results/jsonl';
import { iterJsonlLines } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';
import { pyJsonDumps } from '../py';

/** Threshold above which the run-started event leaves out question texts. */
const QUESTION_TEXT_LIMIT = 5_000;
/** Characters of `precheck.jsonl` lines gathered before each write. */
const BATCH_CHARS = 1 << 20;

/**
 * Streams instances into `precheck.jsonl` (under a temporary name, renamed when complete, so a reader never
 * sees a partial precheck) and returns the light item list. Memory stays flat whatever the number of items.
 */
export function writePrecheckStream(dir: string, entries: Iterable<PrecheckEntry>, expected = 0): PrecheckSummary {
  const out = new PrecheckFileWriter(dir, expected);
  try {
    for (const e of entries) out.add(e);
  } catch (err) {
    out.abandon();
    throw err;
  }
  return out.finish();
}

/** `writePrecheckStream` for instances that arrive asynchronously, as lines (as their sandbox areas are written). */
export async function writePrecheckLinesAsync(dir: string, lines: AsyncIterable<PrecheckLine>, expected = 0): Promise<PrecheckSummary> {
  const out = new PrecheckFileWriter(dir, expected);
  try {
    for await (const l of lines) out.addLine(l.text, l.head);
  } catch (err) {
    out.abandon();
    throw err;
  }
  return out.finish();
}

export interface PrecheckSummary {
  items: ItemSummary[];
  /** `<key>: <message>` for each entry's `precheck_errors`. */
  problems: string[];
}

/** The light item of an entry (its question text only when `withQuestion`). */
export function itemSummary(e: EntryHead & { substituted_question?: string }, withQuestion: boolean): ItemSummary {
  const item: ItemSummary = { key: itemKey(e.question_id, e.sample_number), question_id: e.question_id, sample_number: e.sample_number, scoring_type: e.scoring_type };
  if (withQuestion && e.substituted_question !== undefined) item.question = e.substituted_question;
  return item;
}

/** Whether the run-started event of a run of `n` items carries the question texts. */
export function keepsQuestionTexts(n: number): boolean {
  return n <= QUESTION_TEXT_LIMIT;
}

/** The `problems` lines of one entry. */
export function entryProblems(e: EntryHead): string[] {
  const errs = e.precheck_errors;
  return Array.isArray(errs) ? errs.map((m) => `${itemKey(e.question_id, e.sample_number)}: ${m}`) : [];
}

/**
 * `precheck.jsonl` being written: lines go to `precheck.jsonl.partial` in batches of ~1 MB; `finish()` renames it
 * into place and returns the items. Entries must be added in the reference's order.
 */
export class PrecheckFileWriter {
  private readonly final: string;
  private readonly tmp: string;
  private readonly out: JsonlAppender;
  private readonly keepQuestions: boolean;
  private readonly items: ItemSummary[] = [];
  private readonly problems: string[] = [];
  private batch: string[] = [];
  private batched = 0;

  constructor(dir: string, expected = 0) {
    this.keepQuestions = keepsQuestionTexts(expected);
    this.final = join(dir, runFiles.precheck);
    this.tmp = `${this.final}.partial`;
    writeFileSync(this.tmp, '');
    this.out = new JsonlAppender(this.tmp);
  }

  /** Adds an entry; returns its line (without the newline). */
  add(e: PrecheckEntry): string {
    const line = pyJsonDumps(e);
    this.addLine(line, e);
    return line;
  }

  /**
   * Adds an entry already serialized (`text`, by `pyJsonDumps`) with its head; the item keeps its question text only
   * when `head` has it.
   */
  addLine(text: string, head: EntryHead & { substituted_question?: string }): void {
    this.batch.push(text);
    this.batched += text.length;
    if (this.batched >= BATCH_CHARS) this.flush();
    this.items.push(itemSummary(head, this.keepQuestions));
    for (const p of entryProblems(head)) this.problems.push(p);
  }

  /** Writes what is left, renames the file into place; returns the items and problems. */
  finish(): PrecheckSummary {
    try {
      this.flush();
    } finally {
      this.out.close();
    }
    renameSync(this.tmp, this.final);
    if (this.items.length > QUESTION_TEXT_LIMIT) for (const it of this.items) delete it.question;
    return { items: this.items, problems: this.problems };
  }

  /** Closes the partial file without renaming it (the precheck stays absent). */
  abandon(): void {
    this.out.close();
  }

  private flush(): void {
    if (this.batch.length > 0) this.out.appendLine(this.batch.join('\n'));
    this.batch = [];
    this.batched = 0;
  }
}

/** Reads `precheck.jsonl` lazily, skipping unreadable lines and keys in `skip`. */
export async function* readPrecheckLazily(dir: string, skip: ReadonlySet<string> = new Set()): AsyncGenerator<PrecheckEntry> {
  for (const line of iterJsonlLines(join(dir, runFiles.precheck))) {
    let entry: PrecheckEntry;
    try {
      entry = JSON.parse(line.text) as PrecheckEntry;
    } catch {
      continue;
    }
    if (!skip.has(itemKey(entry.question_id, entry.sample_number))) yield entry;
  }
}
