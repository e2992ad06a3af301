/**
 * One item's latest line in a run's JSONL file (precheck, responses, scores.progress): found by a whole-file scan,
 * or, given where the results index saw it, by reading that one line plus whatever the index has not read yet.
 * The index's word is checked before it is trusted: the bytes it kept from just before the end of what it read must
 * still be there (else the file was rewritten, e.g. by a `--retry-errors` resume), and the line at the offset must
 * be this item's; when either check fails the file is scanned whole, as without an index.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { itemKey } from '../generation/precheck-entry';
import { bytesAt, iterJsonlLines } from './jsonl-reader';

/** What the results index knows about one item's lines in one JSONL file of its run. */
export interface IndexedLine {
  /** Byte offset of the item's latest line among the lines the index read; null when none of them was the item's. */
  offset: number | null;
  /** How far the index had read the file (a line start: lines from here on are not indexed yet)… */
  readTo: number;
  /** …and the bytes just before `readTo` as it read them (null when it keeps none). */
  tail: Buffer | null;
}

type Keyed = { question_id: number | string; sample_number: number };

/** The first read at an offset: most lines fit; a longer one is read on in doubling steps. */
const FIRST_READ = 4 * 1024;

/**
 * The item's last line in `file` (a line for `key`), parsed; null when it has none (or the file is missing).
 * Unreadable lines are skipped, as `readJsonl` does.
 */
export function findItemLine<T extends Keyed>(file: string, key: string, hint?: IndexedLine): T | null {
  if (!existsSync(file)) return null;
  const indexed = hint && trusted(file, hint) ? readIndexedLine<T>(file, key, hint) : undefined;
  if (indexed === undefined) return lastLineOf<T>(file, key, { offset: 0, line: 0 });
  // Lines the index had not read yet (a live run, an index a little behind) may hold a later line of the item.
  return lastLineOf<T>(file, key, { offset: hint!.readTo, line: 0 }) ?? indexed;
}

/** The file still holds what the index read: at least `readTo` bytes, ending with the kept tail. */
function trusted(file: string, hint: IndexedLine): boolean {
  if (hint.readTo === 0) return true;
  if (statSync(file).size < hint.readTo || !hint.tail || hint.tail.length === 0 || hint.tail.length > hint.readTo) return false;
  return bytesAt(file, hint.readTo - hint.tail.length, hint.tail.length).equals(hint.tail);
}

/** The line at the hint's offset when it is the item's; null when the index saw none; undefined when it is wrong. */
function readIndexedLine<T extends Keyed>(file: string, key: string, hint: IndexedLine): T | null | undefined {
  if (hint.offset === null) return null;
  const text = lineAt(file, hint.offset);
  if (text === null) return undefined;
  const row = parseKeyed<T>(text);
  return row && itemKey(row.question_id, row.sample_number) === key ? row : undefined;
}

/** The text of the line starting at `offset` (up to its newline or the end of the file); null when no line starts there. */
function lineAt(file: string, offset: number): string | null {
  if (offset < 0 || offset >= statSync(file).size) return null;
  // A line starts at the file's start or just after a newline: anything else is an offset into a rewritten file.
  if (offset > 0 && bytesAt(file, offset - 1, 1)[0] !== 0x0a) return null;
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    let pos = offset;
    for (let size = FIRST_READ; ; size *= 2) {
      const buf = Buffer.alloc(size);
      const n = readSync(fd, buf, 0, size, pos);
      const nl = buf.subarray(0, n).indexOf(0x0a);
      parts.push(buf.subarray(0, nl >= 0 ? nl : n));
      if (nl >= 0 || n < size) break;
      pos += n;
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function parseKeyed<T extends Keyed>(text: string): T | null {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const r = v as T;
    return r.question_id !== undefined && typeof r.sample_number === 'number' ? r : null;
  } catch {
    return null;
  }
}

/** The last line for `key` from `from` to the end of the file (a scan). */
function lastLineOf<T extends Keyed>(file: string, key: string, from: { offset: number; line: number }): T | null {
  let found: T | null = null;
  for (const l of iterJsonlLines(file, from)) {
    const row = parseKeyed<T>(l.text);
    if (row && itemKey(row.question_id, row.sample_number) === key) found = row;
  }
  return found;
}
