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
 * Append-only JSONL writer: one `write` per line on an O_APPEND descriptor, so a crash can tear at most
 * the line being written, never an earlier one. `fsync` on demand.
 */
export class JsonlAppender {
  private fd: number | null;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** Writes `text` (one serialized JSON value, no newline) plus `\n`. */
  appendLine(text: string): void {
    if (this.fd === null) throw new Error(`JSONL writer for ${this.file} is closed`);
    writeSync(this.fd, `${text}\n`);
  }

  sync(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
