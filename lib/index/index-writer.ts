/**
 * The runner's hook into the results index: it follows a run's events and, once per tick (at most every
 * `intervalMs`), catches the run's folder up in one short transaction per batch — after the result files, which
 * the progressive writer has already written when an event reaches this hook. Items' statistics come from their
 * `scores.progress.jsonl` lines (`picard_live`), so no conversation file is read back. Index failures are reported, never thrown into
 * the run: the files are the source of truth and a later catch-up repairs the index.
 *
 * The catch-ups run on the index's thread (`SharedIndexThread`: one per index file, lib/index/index-thread.ts) when
 * the compiled thread is there, so re-reading and parsing the new lines and the SQLite writes cost the run loop's
 * thread nothing; else (a source checkout never compiled, or `thread: false`) here.
 */
import type { RunEventBus } from '../events/bus';
import type { RunEvent } from '../events/types';
import { catchUpRun } from './catch-up-run';
import type { ResultsIndex } from './open';
import { SharedIndexThread } from './shared-index-thread';

export interface IndexWriterOptions {
  /** Least time between two catch-ups (default 50 ms). */
  intervalMs?: number;
  /** Least time between two re-sums of the run row (default 1 s; always at the end). */
  summaryEveryMs?: number;
  /** Where failures go (default console.error). */
  onError?: (err: Error) => void;
  /** Catch up on the index thread when it is compiled (default true); false: on this thread. */
  thread?: boolean;
}

export class IndexWriter {
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private lastFlush = -Infinity;
  private lastSummary = -Infinity;
  private failed = false;
  private closed = false;
  private readonly thread: SharedIndexThread | null;

  constructor(
    readonly index: ResultsIndex,
    readonly dir: string,
    private readonly opts: IndexWriterOptions = {},
  ) {
    this.thread = opts.thread === false ? null : SharedIndexThread.acquire(index);
  }

  /** The index thread's id when the catch-ups run there (shared by the writers of one index file), else null. */
  get threadId(): number | null {
    return this.thread?.threadId ?? null;
  }

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
        if (this.thread) await this.thread.catchUp(this.dir, summary);
        else await catchUpRun(this.index, this.dir, { summary });
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
    this.thread?.release();
  }
}

/** Subscribes an index writer to `bus`. Subscribe after the progressive writer so the files come first. */
export function attachIndexWriter(bus: RunEventBus, index: ResultsIndex, dir: string, opts?: IndexWriterOptions): IndexWriter {
  const w = new IndexWriter(index, dir, opts);
  bus.subscribe((e) => w.onEvent(e));
  return w;
}
