/**
 * The results index's catch-up thread as its users see it: one thread per index file in this process, shared by
 * every run writing that index (a dashboard running an experiment's configurations at once starts one thread, not
 * one per run), started by the first `acquire` and ended by the last `release`. Each request names the run folder
 * to catch up; the thread (lib/index/index-thread.ts) owns its own SQLite connection. It is referenced (keeps the
 * process alive) only while a catch-up is in flight.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IndexThreadReply, IndexThreadRequest, IndexThreadStart } from './index-thread-protocol';
import type { ResultsIndex } from './open';

/** The compiled catch-up thread (lib/build/compile.mjs bundles `index-thread.ts` there; the URL is this file's place). */
export const INDEX_THREAD_BUNDLE = fileURLToPath(new URL('../../.build/index-writer.mjs', import.meta.url));

/** The running thread of each index file. */
const threads = new Map<string, SharedIndexThread>();

export class SharedIndexThread {
  private readonly worker: Worker;
  private next = 0;
  private users = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private lost: Error | null = null;

  /** The thread of `index`'s file (started if none runs), for one more user; null when the thread is not compiled. */
  static acquire(index: ResultsIndex): SharedIndexThread | null {
    if (!existsSync(INDEX_THREAD_BUNDLE)) return null;
    let t = threads.get(index.file);
    if (!t) {
      t = new SharedIndexThread({ file: index.file, resultsDir: index.resultsDir });
      threads.set(index.file, t);
    }
    t.users++;
    return t;
  }

  private constructor(private readonly start: IndexThreadStart) {
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
      if (threads.get(start.file) === this) threads.delete(start.file); // the next user starts a new one
      for (const w of this.waiting.values()) w.reject(this.lost);
      this.waiting.clear();
    };
    this.worker.on('error', lose);
    this.worker.on('exit', (code) => lose(new Error(`the index thread ended (exit code ${code})`)));
  }

  /** The worker's thread id (tests: which users share it). */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** One catch-up of the run folder `dir` on the thread; rejects with the thread's error message. */
  catchUp(dir: string, summary: boolean): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.next++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'catch-up', id, dir, summary } satisfies IndexThreadRequest);
    });
  }

  /** One user less; the last closes the thread's connection and lets it end (after the catch-ups already sent). */
  release(): void {
    if (--this.users > 0) return;
    if (threads.get(this.start.file) === this) threads.delete(this.start.file);
    if (!this.lost) this.worker.postMessage({ type: 'end' } satisfies IndexThreadRequest);
  }
}
