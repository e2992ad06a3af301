/** Writing JSONL files (reading them: `jsonl-reader.ts`). */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

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
