/**
 * The runner's hook into the results index: it follows a run's events and, once per tick (at most every
 * `intervalMs`), catches the run's folder up in one short transaction per batch — after the result files, which
 * the progressive writer has already written when an event reaches this hook. Items' statistics come from their
 * `scores.progress.jsonl` lines (`picard_live`), so no conversation file is read back. Index failures are reported, never thrown into
 * the run: the files are the source of truth and a later catch-up repairs the index.
 *
 * The catch-ups run on a thread of their own (`IndexThread`, lib/index/index-thread.ts) when the compiled thread is
 * there, so re-reading and parsing the new lines and the SQLite writes cost the run loop's thread nothing; else
 * (a source checkout never compiled, or `thread: false`) here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunEventBus } from '../events/bus';
import type { RunEvent } from '../events/types';
import { catchUpRun } from './catch-up-run';
import type { IndexThreadReply, IndexThreadRequest, IndexThreadStart } from './index-thread-protocol';
import type { ResultsIndex } from './open';

/** The compiled catch-up thread (lib/build/compile.mjs bundles `index-thread.ts` there; the URL is this file's place). */
export const INDEX_THREAD_BUNDLE = fileURLToPath(new URL('../../.build/index-writer.mjs', import.meta.url));

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

/**
 * A thread owning its own connection to the index, catching one run folder up on request. It is referenced (keeps
 * the process alive) only while a catch-up is in flight.
 */
export class IndexThread {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private lost: Error | null = null;

  /** A thread for `dir`, or null when the compiled thread is not there. */
  static start(index: ResultsIndex, dir: string): IndexThread | null {
    return existsSync(INDEX_THREAD_BUNDLE) ? new IndexThread({ file: index.file, resultsDir: index.resultsDir, dir }) : null;
  }

  private constructor(start: IndexThreadStart) {
    this.worker = new Worker(INDEX_THREAD_BUNDLE, { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker.unref();
    this.worker.on('message', (msg: IndexThreadReply) => {
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (msg.error === undefined) w?.resolve();
      else w?.reject(new Error(msg.error));
    });
    const lose = (err: Error) => {
      this.lost ??= err;
      for (const w of this.waiting.values()) w.reject(this.lost);
      this.waiting.clear();
    };
    this.worker.on('error', lose);
    this.worker.on('exit', (code) => lose(new Error(`the index thread ended (exit code ${code})`)));
  }

  /** One catch-up of the run on the thread; rejects with the thread's error message. */
  catchUp(summary: boolean): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.next++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'catch-up', id, summary } satisfies IndexThreadRequest);
    });
  }

  /** Closes the thread's connection and lets it end (after the catch-ups already sent). */
  end(): void {
    if (!this.lost) this.worker.postMessage({ type: 'end' } satisfies IndexThreadRequest);
  }
}

export class IndexWriter {
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private lastFlush = -Infinity;
  private lastSummary = -Infinity;
  private failed = false;
  private closed = false;
  private readonly thread: IndexThread | null;

  constructor(
    readonly index: ResultsIndex,
    readonly dir: string,
    private readonly opts: IndexWriterOptions = {},
  ) {
    this.thread = opts.thread === false ? null : IndexThread.start(index, dir);
  }

  /** Whether the catch-ups run on the index thread. */
  get threaded(): boolean {
    return this.thread !== null;
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
        if (this.thread) await this.thread.catchUp(summary);
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
    this.thread?.end();
  }
}

/** Subscribes an index writer to `bus`. Subscribe after the progressive writer so the files come first. */
export function attachIndexWriter(bus: RunEventBus, index: ResultsIndex, dir: string, opts?: IndexWriterOptions): IndexWriter {
  const w = new IndexWriter(index, dir, opts);
  bus.subscribe((e) => w.onEvent(e));
  return w;
}
