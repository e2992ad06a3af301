import type { Job } from 'bullmq';
import { WaitingError } from 'bullmq';
import type { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptiveLimit } from '../runner/adaptive-limit';
import type { Declined, WorkerStatus } from './heartbeats';
import { redisKeys, type RunEntry } from './keys';
import type { ItemJob } from './messages';
import { connectRedis } from './redis';
import { leaveRun, readServedSpec, serveRun, startServing, type ServeOptions, type ServedRun } from './served-run';
import { runJob } from './worker-item';

export { listWorkers, type WorkerStatus } from './heartbeats';

export interface WorkerOptions {
  redisUrl: string;
  /** Items this worker runs at once (its slots), across every run it serves. Default 4. */
  concurrency?: number;
  /** Shown in progress and on the workers page; default `<host>-<pid>`. Must be unique among live workers. */
  name?: string;
  /** How long a silent worker keeps its items before they are given to another (default 30 s). */
  lockSeconds?: number;
  /** Parent of the worker's local sandbox areas (default the OS temp folder). */
  workDir?: string;
  /** How often the list of runs is read (default 500 ms). */
  pollMs?: number;
  log?: (line: string) => void;
  connectTimeoutMs?: number;
}

export interface WorkerHandle {
  readonly name: string;
  status(): WorkerStatus;
  /**
   * Stops taking items. Running items may finish for `graceMs` (default: the lock time); then the rest are
   * aborted and handed back to the queue for other workers. Resolves when everything is closed.
   */
  close(graceMs?: number): Promise<void>;
}

const SHUTDOWN = 'worker shutting down';
const HEARTBEAT_MS = 2000;

/**
 * `picard worker`: serves every run listed in Redis. For each run it reads the specification once, regenerates
 * each item's instance locally (its own sandbox area under `workDir`), runs the agent with the same attempt and
 * retry logic as an in-process run (`runItem`), scores it and appends the result (response, conversation, score,
 * final sandbox area) to the run's results stream. API keys come only from this process's environment.
 */
export async function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const name = (opts.name ?? `${hostname()}-${process.pid}`).replace(/[^A-Za-z0-9_.@-]/g, '_');
  const client = await connectRedis(opts.redisUrl, { timeoutMs: opts.connectTimeoutMs, name: `picard-worker-${name}` });
  const workRoot = mkdtempSync(join(opts.workDir ?? tmpdir(), `picard-worker-${name}-`));
  const worker = new RunsWorker(client, workRoot, {
    name,
    slots: Math.max(1, opts.concurrency ?? 4),
    lockMs: Math.max(1, opts.lockSeconds ?? 30) * 1000,
    log: opts.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
  });
  await worker.start(opts.pollMs ?? 500);
  return { name, status: () => worker.status(), close: (graceMs) => worker.close(graceMs) };
}

/**
 * The worker's state across the runs it serves: the runs (joined and left as the runs hash in Redis says), the
 * items it is running, its slots, its heartbeat, and its shutdown.
 */
class RunsWorker {
  private readonly served = new Map<string, ServedRun>();
  /** Runs this worker cannot serve (no API key in its environment, another version's specification), and why. */
  private readonly skipped = new Map<string, Declined>();
  private readonly current = new Map<string, { key: string; runId: string }>();
  private readonly gate: AdaptiveLimit;
  private readonly startedAt = new Date().toISOString();
  private readonly serve: ServeOptions;
  private done = 0;
  private closing = false;
  private shuttingDown = false;
  private polling: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private closed: Promise<void> | null = null;

  constructor(
    private readonly client: Redis,
    private readonly workRoot: string,
    private readonly o: { name: string; slots: number; lockMs: number; log: (line: string) => void },
  ) {
    this.gate = new AdaptiveLimit(o.slots, Number.POSITIVE_INFINITY);
    this.serve = { ...o, closing: () => this.closing };
  }

  status(): WorkerStatus {
    const { name, slots } = this.o;
    return {
      name,
      host: hostname(),
      pid: process.pid,
      slots,
      done: this.done,
      current: [...this.current.values()],
      declined: [...this.skipped.values()],
      startedAt: this.startedAt,
      lastSeen: new Date().toISOString(),
    };
  }

  /** First heartbeat and first read of the runs, then both on their timers. */
  async start(pollMs: number): Promise<void> {
    await this.beat();
    this.tick();
    await this.polling;
    this.timers = [setInterval(() => this.tick(), pollMs), setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS)];
  }

  private async beat(): Promise<void> {
    const { name } = this.o;
    await this.client.multi().set(redisKeys.worker(name), JSON.stringify(this.status()), 'PX', HEARTBEAT_MS * 5).sadd(redisKeys.workers, name).exec();
  }

  private tick(): void {
    this.polling = this.polling.then(() => this.poll()).catch((err: Error) => this.o.log(`[${this.o.name}] cannot read the runs: ${err.message}`));
  }

  /** Joins the runs that are running, leaves those that are over or stopping. */
  private async poll(): Promise<void> {
    const runs = await this.client.hgetall(redisKeys.runs);
    for (const [queue, json] of Object.entries(runs)) {
      let entry: RunEntry;
      try {
        entry = JSON.parse(json) as RunEntry;
      } catch {
        continue;
      }
      if (entry.state === 'running' && !this.served.has(queue) && !this.skipped.has(queue) && !this.closing) await this.join(queue, entry.runId);
    }
    for (const queue of [...this.served.keys()]) {
      const entry = runs[queue] ? (JSON.parse(runs[queue]) as RunEntry) : null;
      if (!entry) await this.leave(queue, 'the run is over');
      else if (entry.state === 'stopping') await this.leave(queue, entry.reason ?? 'the run is stopping');
    }
    for (const queue of [...this.skipped.keys()]) if (!runs[queue]) this.skipped.delete(queue);
  }

  private async join(queue: string, runId: string): Promise<void> {
    const root = join(this.workRoot, queue);
    const got = await readServedSpec(this.client, queue, root);
    if ('reason' in got) {
      this.skipped.set(queue, { queue, runId, reason: got.reason });
      this.o.log(`[${this.o.name}] not serving run ${runId}: ${got.reason}`);
      // Said on the next heartbeat too, so the run's coordinator and the workers page learn why.
      await this.beat().catch(() => undefined);
      return;
    }
    const run = serveRun(this.client, queue, root, got, this.serve, (q, job, token, signal) => this.process(q, job, token, signal));
    this.served.set(queue, run);
    startServing(run, this.serve);
  }

  private async leave(queue: string, reason: string): Promise<void> {
    const run = this.served.get(queue);
    if (!run) return;
    this.served.delete(queue);
    await leaveRun(run, reason);
    this.o.log(`[${this.o.name}] left run ${run.spec.runId}: ${reason}`);
  }

  /** One item BullMQ handed over: run in its own sandbox area, listed as current meanwhile, handed back if unfinished at shutdown. */
  private async process(queue: string, job: Job<ItemJob>, token: string | undefined, bullSignal: AbortSignal | undefined): Promise<void> {
    const run = this.served.get(queue);
    if (!run || run.controller.signal.aborted) {
      if (this.shuttingDown && run && token) await handBack(job, token);
      return; // the run is stopping
    }
    const signal = bullSignal ? AbortSignal.any([run.controller.signal, bullSignal]) : run.controller.signal;
    // Waiters on a slot or on the adaptive limit re-check the signal only when woken.
    signal.addEventListener('abort', () => (this.gate.wakeAll(), run.limit.wakeAll()), { once: true });
    const { key } = job.data;
    const jobKey = `${queue}/${key}`;
    this.current.set(jobKey, { key, runId: run.spec.runId });
    const itemDir = join(run.root, key);
    try {
      rmSync(itemDir, { recursive: true, force: true });
      const outcome = await runJob({ name: this.o.name, client: this.client, gate: this.gate }, run, job.data, signal, itemDir);
      if (outcome === 'sent') this.done += 1;
      else if (outcome === 'abandoned' && this.shuttingDown && token) await handBack(job, token);
    } finally {
      rmSync(itemDir, { recursive: true, force: true });
      this.current.delete(jobKey);
    }
  }

  /** Aborts every item still running; each is handed back to the queue. */
  private handBackAll(): void {
    this.shuttingDown = true;
    for (const run of this.served.values()) run.controller.abort(new Error(SHUTDOWN));
  }

  close(graceMs = this.o.lockMs): Promise<void> {
    if (this.closed) {
      if (graceMs === 0) this.handBackAll(); // asked again, impatiently
      return this.closed;
    }
    this.closed = this.shutDown(graceMs);
    return this.closed;
  }

  private async shutDown(graceMs: number): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    // With Redis gone, commands wait for it forever: the worker still stops.
    await within(this.polling, 2000);
    const all = [...this.served.values()];
    const timer = setTimeout(() => this.handBackAll(), graceMs);
    await within(Promise.all(all.map((s) => s.bull.close().catch(() => undefined))), graceMs + 5000);
    clearTimeout(timer);
    await within(Promise.all(all.map((s) => s.queue.close().catch(() => undefined))), 2000);
    for (const s of all) s.connection.disconnect();
    this.served.clear();
    const { name } = this.o;
    await within(this.client.multi().del(redisKeys.worker(name)).srem(redisKeys.workers, name).exec().catch(() => undefined), 2000);
    this.client.disconnect();
    rmSync(this.workRoot, { recursive: true, force: true });
  }
}

/** Gives an unfinished item back to the queue, for another worker (BullMQ's way: move it, then throw `WaitingError`). */
async function handBack(job: Job<ItemJob>, token: string): Promise<never> {
  await job.moveToWait(token);
  throw new WaitingError();
}

/** Waits for `p`, at most `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}
