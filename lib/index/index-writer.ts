/**
 * The runner's hook into the results index: it follows a run's events and, once per tick (at most every
 * `intervalMs`), catches the run's folder up in one short transaction per batch — after the result files, which
 * the progressive writer has already written when an event reaches this hook. Items' statistics come from their
 * `scores.progress.jsonl` lines (`picard_live`), so no conversation file is read back. Index failures are reported, never thrown into
 * the run: the files are the source of truth and a later catch-up repairs the index.
 */
import type { RunEventBus } from '../events/bus';
import type { RunEvent } from '../events/types';
import { catchUpRun } from './catch-up-run';
import type { ResultsIndex } from './open';

export interface IndexWriterOptions {
  /** Least time between two catch-ups (default 50 ms). */
  intervalMs?: number;
  /** Least time between two re-sums of the run row (default 1 s; always at the end). */
  summaryEveryMs?: number;
  /** Where failures go (default console.error). */
  onError?: (err: Error) => void;
}

export class IndexWriter {
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private lastFlush = -Infinity;
  private lastSummary = -Infinity;
  private failed = false;
  private closed = false;

  constructor(
    readonly index: ResultsIndex,
    readonly dir: string,
    private readonly opts: IndexWriterOptions = {},
  ) {}

  /** Feed one run event (subscribe this to the run's bus after the progressive writer). */
  onEvent(e: RunEvent): void {
    if (e.type === 'run-started' || e.type === 'item-finished' || e.type === 'item-scored') this.schedule();
    if (e.type === 'run-finished') void this.flush(true);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, (this.opts.intervalMs ?? 50) - (performance.now() - this.lastFlush));
    const go = () => {
      this.scheduled = false;
      if (!this.closed) void this.flush(false); // a tick due after close: close has caught up already
    };
    if (wait === 0) setImmediate(go);
    else setTimeout(go, wait);
  }

  /** Catches the run up now (queued behind any catch-up in progress). `final` also re-sums the run row. */
  flush(final = true): Promise<void> {
    this.chain = this.chain.then(async () => {
      this.lastFlush = performance.now();
      const summary = final || performance.now() - this.lastSummary >= (this.opts.summaryEveryMs ?? 1000);
      try {
        await catchUpRun(this.index, this.dir, { summary });
        if (summary) this.lastSummary = performance.now();
      } catch (err) {
        if (!this.failed) (this.opts.onError ?? ((e: Error) => console.error(`[picard] results index: ${e.message}`)))(err as Error);
        this.failed = true;
      }
    });
    return this.chain;
  }

  /** Waits for the last catch-up (call after the run's `done`). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush(true);
  }
}

/** Subscribes an index writer to `bus`. Subscribe after the progressive writer so the files come first. */
export function attachIndexWriter(bus: RunEventBus, index: ResultsIndex, dir: string, opts?: IndexWriterOptions): IndexWriter {
  const w = new IndexWriter(index, dir, opts);
  bus.subscribe((e) => w.onEvent(e));
  return w;
}
