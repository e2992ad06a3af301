import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Result of reading a JSONL file written by PICARD (ours or the reference's). */
export interface JsonlRead<T> {
  rows: T[];
  /** Lines that were not valid JSON: 1-based line number and the parse error. */
  bad: Array<{ line: number; error: string; text: string }>;
  /** True when the last line has no newline and does not parse: a write torn by a crash. */
  tornTail: boolean;
}

/** Reads a JSONL file, tolerating blank lines, bad lines and a torn last line. A missing file reads as empty. */
export function readJsonl<T = unknown>(file: string): JsonlRead<T> {
  if (!existsSync(file)) return { rows: [], bad: [], tornTail: false };
  return parseJsonl<T>(readFileSync(file, 'utf8'));
}

export function parseJsonl<T = unknown>(text: string): JsonlRead<T> {
  const rows: T[] = [];
  const bad: JsonlRead<T>['bad'] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  let tornTail = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (err) {
      if (i === lines.length - 1 && !endsWithNewline) tornTail = true;
      else bad.push({ line: i + 1, error: (err as Error).message, text: raw.slice(0, 200) });
    }
  });
  return { rows, bad, tornTail };
}

/**
 * Append-only JSONL writer on an O_APPEND descriptor. Every `write` carries whole lines only, so a crash can tear
 * at most the last line of the last write (repaired by `repairJsonlTail`), never an earlier one. `appendLine`
 * writes at once; `queueLine` collects lines until `flush` writes them with one call (`RunWriter` flushes once
 * per event-loop turn, so the items that finish in the same turn share one `write`). `fsync` on demand.
 */
export class JsonlAppender {
  private fd: number | null;
  private pending: string[] = [];

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** Writes `text` (one serialized JSON value, no newline) plus `\n`, after any queued lines. */
  appendLine(text: string): void {
    this.queueLine(text);
    this.flush();
  }

  /** Queues `text` (one serialized JSON value, no newline) for the next `flush`. */
  queueLine(text: string): void {
    if (this.fd === null) throw new Error(`JSONL writer for ${this.file} is closed`);
    this.pending.push(`${text}\n`);
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Writes every queued line with one `write` (more only if the kernel takes part of it). */
  flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    const buf = Buffer.from(this.pending.length === 1 ? this.pending[0] : this.pending.join(''), 'utf8');
    this.pending = [];
    let at = 0;
    while (at < buf.length) at += writeSync(this.fd, buf, at, buf.length - at);
  }

  sync(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  /** Flushes queued lines and closes the file. */
  close(): void {
    if (this.fd !== null) {
      try {
        this.flush();
      } finally {
        closeSync(this.fd);
        this.fd = null;
      }
    }
  }
}
