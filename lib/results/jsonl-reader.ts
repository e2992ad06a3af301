/**
 * The one reader of JSONL files (ours or the reference's): lines with their byte offsets, read in 1 MiB chunks
 * from any line start (how the results index reads only new bytes), whole files as parsed rows (tolerant of blank,
 * bad and torn last lines), single lines again by offset through a window, and raw bytes at an offset.
 * Lines end at `\n`; a `\r` before it stays in the line's text and length (JSON.parse skips it as white space).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/** One physical line of a JSONL file: where it is and what it holds. */
export interface JsonlLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset and length (without the `\n`) for re-reading the line later. */
  offset: number;
  length: number;
  text: string;
  /** False for a last line with no trailing newline (possibly torn by a crash). */
  terminated: boolean;
}

const CHUNK = 1 << 20;

/**
 * Iterates the non-blank lines of a JSONL file in 1 MiB chunks, so memory stays flat however long the file is.
 * Yields nothing for a missing file. `from` starts at a byte offset that begins a line (the end of a line already
 * read), numbering lines on from `from.line`.
 */
export function* iterJsonlLines(file: string, from: { offset: number; line: number } = { offset: 0, line: 0 }): Generator<JsonlLine> {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    // One buffer for the whole file: the unfinished line at a chunk's end moves to its start and the next read
    // goes after it (a new buffer per chunk left tens of MB of fragmented C heap over a long run); it doubles
    // only for a line longer than itself.
    let buf = Buffer.allocUnsafe(CHUNK);
    let held = 0; // bytes of an unfinished line at buf's start
    let heldOffset = from.offset;
    let lineNo = from.line;
    let pos = from.offset;
    while (true) {
      if (held === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const n = readSync(fd, buf, held, buf.length - held, pos);
      if (n === 0) break;
      pos += n;
      const filled = held + n;
      const view = buf.subarray(0, filled);
      let start = 0;
      let nl: number;
      while ((nl = view.indexOf(0x0a, start)) !== -1) {
        lineNo++;
        const line = makeLine(view, start, nl, heldOffset + start, lineNo, true);
        if (line) yield line;
        start = nl + 1;
      }
      held = filled - start;
      if (held > 0 && start > 0) buf.copy(buf, 0, start, filled);
      heldOffset += start;
    }
    if (held > 0) {
      const line = makeLine(buf, 0, held, heldOffset, lineNo + 1, false);
      if (line) yield line;
    }
  } finally {
    closeSync(fd);
  }
}

function makeLine(buf: Buffer, start: number, end: number, offset: number, line: number, terminated: boolean): JsonlLine | null {
  const text = buf.toString('utf8', start, end);
  if (text.trim() === '') return null;
  return { line, offset, length: end - start, text, terminated };
}

/** The number of lines in the first `end` bytes of `file` (its `\n`s): the `line` to start `iterJsonlLines` at `end` with. */
export function countLines(file: string, end: number): number {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let lines = 0;
    for (let pos = 0; pos < end; ) {
      const n = readSync(fd, chunk, 0, Math.min(CHUNK, end - pos), pos);
      if (n === 0) break;
      const got = chunk.subarray(0, n);
      for (let i = got.indexOf(0x0a); i !== -1; i = got.indexOf(0x0a, i + 1)) lines++;
      pos += n;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}

/** The first line start of `file` at or after byte `at` (just past a `\n`), or the file's size when none follows. */
export function lineStartFrom(file: string, at: number): number {
  if (at <= 0) return 0;
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (let pos = Math.max(0, at - 1); ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) return pos;
      const nl = chunk.subarray(0, n).indexOf(0x0a);
      if (nl !== -1) return pos + nl + 1;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Result of reading a whole JSONL file. */
export interface JsonlRead<T> {
  rows: T[];
  /** Lines that were not valid JSON: 1-based line number and the parse error. */
  bad: Array<{ line: number; error: string; text: string }>;
  /** True when the last line has no newline and does not parse: a write torn by a crash. */
  tornTail: boolean;
}

/** Reads a JSONL file's rows, tolerating blank lines, bad lines and a torn last line. A missing file reads as empty. */
export function readJsonl<T = unknown>(file: string): JsonlRead<T> {
  const out: JsonlRead<T> = { rows: [], bad: [], tornTail: false };
  for (const l of iterJsonlLines(file)) {
    try {
      out.rows.push(JSON.parse(l.text.trim()) as T);
    } catch (err) {
      if (!l.terminated) out.tornTail = true;
      else out.bad.push({ line: l.line, error: (err as Error).message, text: l.text.slice(0, 200) });
    }
  }
  return out;
}

/** Up to `length` bytes of `file` from `offset` (fewer where the file ends first). */
export function bytesAt(file: string, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads lines located by `iterJsonlLines` again, by offset, through a 1 MiB window: lines asked for in nearly file
 * order (responses in precheck order) are served from memory instead of costing one `read` each. Memory stays one
 * window (or one line, if longer), whatever the file's size. `close` when done.
 */
export class JsonlLineWindow {
  private readonly fd: number;
  private buf = Buffer.alloc(CHUNK);
  private start = 0;
  private end = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
  }

  /** The text of the `length` bytes at `offset` (a line's `offset` and `length`). */
  read(offset: number, length: number): string {
    if (offset < this.start || offset + length > this.end) {
      if (length > this.buf.length) this.buf = Buffer.alloc(length);
      this.start = offset;
      this.end = offset + readSync(this.fd, this.buf, 0, this.buf.length, offset);
    }
    return this.buf.toString('utf8', offset - this.start, Math.min(offset + length, this.end) - this.start);
  }

  close(): void {
    closeSync(this.fd);
  }
}
