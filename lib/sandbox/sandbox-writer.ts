import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WriterReply, WriterRequest } from './sandbox-writer-protocol';
import type { FileData } from './write-files';

/**
 * The compiled writer thread (lib/build/compile.mjs bundles `write-worker.ts` there). The URL is spelled from this
 * source file's place, which the bundles keep (see compile.mjs), so the CLI, the server and tests find the same file.
 */
export const WRITER_BUNDLE = fileURLToPath(new URL('../../.build/sandbox-writer.mjs', import.meta.url));

/** Instances per message to the writer thread (each reply lets this many more items start). */
const BATCH = 16;

/**
 * Writes instances' files on a `worker_threads` thread, so the kernel's folder and file creation (the dominant cost
 * of a sandbox tree on this kind of disk) runs on another core while this thread goes on. `write` sends every
 * instance at once (their bytes are copied to the thread); `settled(i)` resolves when instance `i` (in the order
 * sent) is on the disk: true, or false when one of its files was refused (it stopped there, as `writeFileData`
 * does). `close()` lets the thread end once it has written everything.
 */
export class SandboxWriter {
  private readonly worker: Worker;
  private done = 0;
  private readonly failed = new Set<number>();
  private readonly waiting = new Map<number, (ok: boolean) => void>();
  private error: Error | null = null;
  private sent = 0;
  private closed = false;

  /** A writer, or null when the compiled writer thread is not there (a source checkout never compiled). */
  static start(): SandboxWriter | null {
    return existsSync(WRITER_BUNDLE) ? new SandboxWriter() : null;
  }

  private constructor() {
    this.worker = new Worker(WRITER_BUNDLE);
    this.worker.on('message', (msg: WriterReply) => {
      for (const f of msg.failed) this.failed.add(f);
      this.done = msg.done;
      this.wake();
    });
    const lost = (err: Error) => {
      this.error ??= err;
      this.wake();
    };
    this.worker.on('error', lost);
    this.worker.on('exit', (code) => {
      if (this.done < this.sent) lost(new Error(`the sandbox writer thread ended (exit code ${code}) with ${this.sent - this.done} instance(s) unwritten`));
    });
  }

  write(instances: readonly FileData[][]): void {
    for (let i = 0; i < instances.length; i += BATCH) {
      this.worker.postMessage({ type: 'write', instances: instances.slice(i, i + BATCH) } satisfies WriterRequest);
    }
    this.sent += instances.length;
  }

  /** Resolves once instance `i` is written (true) or refused (false); rejects if the thread was lost first. */
  settled(i: number): Promise<boolean> {
    if (i < this.done) return Promise.resolve(!this.failed.has(i));
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiting.set(i, (ok) => (this.error && i >= this.done ? reject(this.error) : resolve(ok)));
    });
  }

  /** Lets the thread end once it has written what it was sent; again is a no-op. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage({ type: 'end' } satisfies WriterRequest);
  }

  private wake(): void {
    for (const [i, settle] of this.waiting) {
      if (i < this.done || this.error) {
        this.waiting.delete(i);
        settle(!this.failed.has(i));
      }
    }
  }
}
