import { closeSync, existsSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ItemSummary } from '../events/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import { JsonlAppender } from '../results/jsonl';
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
export function writePrecheckStream(dir: string, entries: Iterable<PrecheckEntry>, expected = 0): { items: ItemSummary[]; problems: string[] } {
  const keepQuestions = expected <= QUESTION_TEXT_LIMIT;
  const final = join(dir, runFiles.precheck);
  const tmp = `${final}.partial`;
  writeFileSync(tmp, '');
  const out = new JsonlAppender(tmp);
  const items: ItemSummary[] = [];
  const problems: string[] = [];
  // Lines are written in batches: one write per ~1 MB instead of one per instance.
  let batch: string[] = [];
  let batched = 0;
  const flush = () => {
    if (batch.length > 0) out.appendLine(batch.join('\n'));
    batch = [];
    batched = 0;
  };
  try {
    for (const e of entries) {
      const line = pyJsonDumps(e);
      batch.push(line);
      batched += line.length;
      if (batched >= BATCH_CHARS) flush();
      const key = itemKey(e.question_id, e.sample_number);
      const item: ItemSummary = { key, question_id: e.question_id, sample_number: e.sample_number, scoring_type: e.scoring_type };
      if (keepQuestions) item.question = e.substituted_question;
      items.push(item);
      const errs = e.precheck_errors;
      if (Array.isArray(errs)) for (const m of errs) problems.push(`${key}: ${m}`);
    }
    flush();
  } finally {
    out.close();
  }
  renameSync(tmp, final);
  if (items.length > QUESTION_TEXT_LIMIT) for (const it of items) delete it.question;
  return { items, problems };
}

/** Reads `precheck.jsonl` lazily, skipping unreadable lines and keys in `skip`. */
export async function* readPrecheckLazily(dir: string, skip: ReadonlySet<string> = new Set()): AsyncGenerator<PrecheckEntry> {
  const file = join(dir, runFiles.precheck);
  if (!existsSync(file)) return;
  for (const line of readLines(file)) {
    if (line.trim() === '') continue;
    let entry: PrecheckEntry;
    try {
      entry = JSON.parse(line) as PrecheckEntry;
    } catch {
      continue;
    }
    if (!skip.has(itemKey(entry.question_id, entry.sample_number))) yield entry;
  }
}

/** Bytes read at a time by `readLines`. */
const READ_CHUNK = 1 << 20;

/**
 * The lines of `file` (broken at `\r\n`, `\n` or `\r`, as readline does), read a chunk at a time, synchronously
 * (a readline stream costs a promise and a stream event per line). The file is opened for each chunk, so a reader
 * abandoned half-way (a cancelled run) holds no descriptor.
 */
function* readLines(file: string): Generator<string> {
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let position = 0;
  let rest = '';
  for (;;) {
    const fd = openSync(file, 'r');
    let n: number;
    try {
      n = readSync(fd, buf, 0, READ_CHUNK, position);
    } finally {
      closeSync(fd);
    }
    if (n === 0) break;
    position += n;
    const lines = (rest + decoder.write(buf.subarray(0, n))).split(/\r\n|\n|\r/);
    rest = lines.pop()!;
    yield* lines;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
