import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ItemSummary } from '../events/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import { readJsonl } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';
import type { ConversationFile, ResponseLine } from '../results/types';
import type { ExecutorContext, ItemExecutor } from '../runner/executor';
import type { LoopResult } from '../runner/run-loop';
import { BULL_PREFIX, queueNameFor, redisKeys, type RunEntry } from './keys';
import { MESSAGE_FIELD, type ItemJob, type WorkerMessage } from './messages';
import { connectRedis, evictionWarning, redactRedisUrl } from './redis';
import { buildRunSpec, DEFAULT_ARCHIVE_CAP_BYTES } from './run-spec';
import { unpackSandbox } from './sandbox-archive';
import { listWorkers, type WorkerStatus } from './heartbeats';
import { DeclineReporter } from './declines';
import { tokenSplitOf } from '../results/token-split';

export interface QueueExecutorOptions {
  /** `redis://…` */
  url: string;
  connectTimeoutMs?: number;
  /** Per-item cap on the sandbox area workers send back (uncompressed bytes). */
  archiveCapBytes?: number;
  /** After a stop, how long results already on their way are still taken (default 1 s). */
  stopGraceMs?: number;
  /** How often an idle coordinator checks for items that were lost (default 2 s). */
  recoveryCheckMs?: number;
  /** Recorded in each run's manifest (`executor.coordinator`): `cli` (default) or `dashboard`. */
  coordinator?: string;
}

type Result = Extract<WorkerMessage, { kind: 'result' }>;
type StreamEntry = [id: string, fields: string[]];

/** How many times an item may be handed out and come back with nothing before the run stops. */
const MAX_LOST = 3;
const ENQUEUE_CHUNK = 500;
const READ_COUNT = 1000;

/**
 * Connects to Redis (a clear error within seconds when it is unreachable) and checks its eviction policy. The
 * executor can coordinate any number of runs (one BullMQ queue each); `close()` when done.
 */
export async function connectQueueExecutor(opts: QueueExecutorOptions): Promise<QueueExecutor> {
  const client = await connectRedis(opts.url, { timeoutMs: opts.connectTimeoutMs, name: 'picard-coordinator' });
  const warning = await evictionWarning(client);
  return new QueueExecutor(client, opts, warning ? [warning] : []);
}

/**
 * The coordinator side of a distributed run: enqueues the run's items (one BullMQ job per item, id = item
 * key), reads the results stream and writes every result into the folder through the run's bus, exactly once
 * per item (dedupe by key against `responses.jsonl`, so also across coordinator restarts). Results are trimmed
 * from Redis only once they are on disk; a coordinator killed at any point loses nothing.
 */
export class QueueExecutor implements ItemExecutor {
  readonly kind = 'queue';
  get coordinator(): string {
    return this.opts.coordinator ?? 'cli';
  }

  constructor(
    private readonly client: Redis,
    private readonly opts: QueueExecutorOptions,
    /** Problems found when connecting (the eviction policy), announced in each run's log. */
    readonly warnings: string[],
  ) {}

  async run(entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>, ctx: ExecutorContext): Promise<LoopResult> {
    const queueName = queueNameFor(ctx.manifest);
    const spec = buildRunSpec(ctx.dir, ctx.manifest, queueName, this.opts.archiveCapBytes ?? DEFAULT_ARCHIVE_CAP_BYTES);
    for (const message of this.warnings) ctx.bus.emit({ type: 'run-log', level: 'warn', message });
    const client = this.client;
    const reader = client.duplicate();
    const queue = new Queue<ItemJob>(queueName, { connection: client, prefix: BULL_PREFIX });
    const state = new RunState(ctx);
    const setEntry = (entry: Pick<RunEntry, 'state' | 'reason'>) =>
      client.hset(redisKeys.runs, queueName, JSON.stringify({ runId: ctx.runId, ...entry, coordinator: { host: hostname(), pid: process.pid }, updatedAt: new Date().toISOString() } satisfies RunEntry));
    try {
      await client.set(redisKeys.spec(queueName), JSON.stringify(spec));
      await queue.resume();
      await queue.setGlobalConcurrency(Math.max(1, ctx.concurrency));
      // A limiter must exist for `queue.rateLimit` (a worker's 429) to hold the queue; this one never binds.
      await queue.setGlobalRateLimit(1_000_000, 1000);
      await setEntry({ state: 'running' });
      ctx.bus.emit({ type: 'run-log', level: 'info', message: `Items go to workers through Redis at ${redactRedisUrl(this.opts.url)} (queue ${queueName}, at most ${ctx.concurrency} in flight)` });

      const results = new ResultsReader(reader, client, redisKeys.results(queueName), (batch) => {
        state.take(batch);
        // The batch's response and score lines are on disk before its entries leave the stream.
        ctx.writer.flush();
      });
      await results.drain(); // results left by an earlier coordinator
      await enqueue(queue, state.toRun(entries));

      let lastCheck = performance.now();
      let lastDeclineCheck = performance.now();
      let gotSince = false;
      const recoveryMs = this.opts.recoveryCheckMs ?? 2000;
      const declines = new DeclineReporter(queueName, (message) => ctx.bus.emit({ type: 'run-log', level: 'warn', message }));
      while (!ctx.signal.aborted && state.remaining > 0) {
        const got = await results.read(500);
        if (got > 0) {
          lastCheck = performance.now();
          gotSince = true;
        } else if (performance.now() - lastCheck >= recoveryMs) {
          lastCheck = performance.now();
          await this.recover(queue, results, state);
        }
        if (performance.now() - lastDeclineCheck >= recoveryMs) {
          lastDeclineCheck = performance.now();
          await declines.check(client, !gotSince).catch(() => undefined); // only news: a failed read waits for the next
          gotSince = false;
        }
      }
      if (ctx.signal.aborted) {
        await setEntry({ state: 'stopping', reason: String((ctx.signal.reason as Error | undefined)?.message ?? 'stopped') });
        await queue.pause();
        // Results already on their way are real: take them for a moment before removing everything.
        const until = performance.now() + (this.opts.stopGraceMs ?? 1000);
        while (performance.now() < until && (await results.read(200)) > 0);
      }
      await queue.obliterate({ force: true });
      await client.multi().hdel(redisKeys.runs, queueName).del(redisKeys.spec(queueName)).del(redisKeys.results(queueName)).exec();
    } finally {
      await queue.close().catch(() => undefined);
      reader.disconnect();
    }
    if (state.duplicates > 0) ctx.bus.emit({ type: 'run-log', level: 'info', message: `${state.duplicates} late duplicate result(s) dropped: an item ran twice (a slow or killed worker), its first result was kept` });
    return state.result();
  }

  /** Nothing queued or running, yet items without a result: their jobs were lost (failed, removed). Queue them again. */
  private async recover(queue: Queue<ItemJob>, results: ResultsReader, state: RunState): Promise<void> {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((n) => n > 0)) return;
    await results.drain(); // a job removed just now has its result in the stream already
    const lost = state.missing();
    if (lost.length === 0 || state.ctx.signal.aborted) return;
    const over = state.countLost(lost);
    if (over) {
      state.ctx.stop(`Item ${over} was handed out ${MAX_LOST} times and never came back (its workers died or failed each time)`);
      return;
    }
    state.ctx.bus.emit({ type: 'run-log', level: 'warn', message: `Queueing ${lost.length} item(s) again: their jobs were lost (a worker died, or a job failed)` });
    await enqueue(queue, lost);
  }

  /** The live workers (their heartbeats), for the dashboard's workers page. */
  workers(): Promise<WorkerStatus[]> {
    return listWorkers(this.client);
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

async function enqueue(queue: Queue<ItemJob>, items: AsyncIterable<ItemJob> | Iterable<ItemJob>): Promise<void> {
  let chunk: ItemJob[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    // jobId = item key: a job still in the queue is not added twice.
    await queue.addBulk(chunk.map((data) => ({ name: 'item', data, opts: { jobId: data.key, removeOnComplete: true, removeOnFail: true } })));
    chunk = [];
  };
  for await (const job of items) {
    chunk.push(job);
    if (chunk.length >= ENQUEUE_CHUNK) await flush();
  }
  await flush();
}

/** Reads a results stream from the start, hands each batch over, and trims what was handled. */
class ResultsReader {
  private lastId = '0-0';
  /** The batch after a full one, asked for before that one is handled (Redis prepares it meanwhile). */
  private next: { after: string; reply: Promise<StreamEntry[]> } | null = null;

  constructor(
    private readonly reader: Redis,
    private readonly client: Redis,
    private readonly key: string,
    private readonly handle: (batch: StreamEntry[]) => void,
  ) {}

  /** One batch (waiting up to `blockMs` for it); returns how many entries it had. */
  async read(blockMs: number | null): Promise<number> {
    const ahead = this.next;
    this.next = null;
    // A batch read ahead is used only if it follows what is on disk (not after a batch whose handling failed).
    let batch = ahead?.after === this.lastId ? await ahead.reply : [];
    if (batch.length === 0) batch = await this.fetch(this.lastId, blockMs);
    if (batch.length === 0) return 0;
    const last = batch[batch.length - 1][0];
    // A failed read ahead is simply read again (and never an unhandled rejection when the run ends first).
    if (batch.length === READ_COUNT) this.next = { after: last, reply: this.fetch(last, null).catch(() => []) };
    this.handle(batch);
    this.lastId = last;
    // On disk now: remove up to and including the last handled entry.
    const [ms, seq] = last.split('-');
    await this.client.xtrim(this.key, 'MINID', `${ms}-${Number(seq) + 1}`);
    return batch.length;
  }

  private async fetch(after: string, blockMs: number | null): Promise<StreamEntry[]> {
    const args: Array<string | number> = ['COUNT', READ_COUNT];
    if (blockMs !== null) args.push('BLOCK', blockMs);
    const reply = (await this.reader.xread(...(args as ['COUNT', number]), 'STREAMS', this.key, after)) as Array<[string, StreamEntry[]]> | null;
    return reply?.[0]?.[1] ?? [];
  }

  async drain(): Promise<void> {
    while ((await this.read(null)) > 0);
  }
}

/** A run's tally and the exactly-once bookkeeping. */
class RunState {
  readonly expected: Map<string, ItemSummary>;
  private readonly written = new Set<string>();
  private readonly lost = new Map<string, number>();
  remaining = 0;
  duplicates = 0;
  private completed = 0;
  private correct = 0;
  private errored = 0;
  private error: string | undefined;

  constructor(readonly ctx: ExecutorContext) {
    this.expected = new Map(ctx.items.map((i) => [i.key, i]));
    for (const r of readJsonl<ResponseLine>(join(ctx.dir, runFiles.responses)).rows) this.written.add(itemKey(r.question_id, r.sample_number));
    for (const k of this.expected.keys()) if (!this.written.has(k)) this.remaining += 1;
  }

  async *toRun(entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>): AsyncGenerator<ItemJob> {
    for await (const e of entries) {
      const key = itemKey(e.question_id, e.sample_number);
      if (!this.written.has(key)) yield { key, question_id: e.question_id, sample_number: e.sample_number };
    }
  }

  missing(): ItemJob[] {
    const out: ItemJob[] = [];
    for (const [key, i] of this.expected) if (!this.written.has(key)) out.push({ key, question_id: i.question_id, sample_number: i.sample_number });
    return out;
  }

  /** Counts a loss for each item; returns the key of one lost too often, if any. */
  countLost(items: ItemJob[]): string | undefined {
    for (const { key } of items) {
      const n = (this.lost.get(key) ?? 0) + 1;
      this.lost.set(key, n);
      if (n >= MAX_LOST) return key;
    }
    return undefined;
  }

  /**
   * One batch from the stream, in order: the results' files are written first (conversations, sandbox areas),
   * then every message is announced on the bus in stream order (the progressive writer appends
   * the response and score lines as `item-finished`/`item-scored` go by).
   */
  take(batch: StreamEntry[]): void {
    const messages: WorkerMessage[] = [];
    const accepted = new Set<Result>();
    for (const [, fields] of batch) {
      const m = parseMessage(fields);
      if (!m || !this.expected.has(m.key)) continue;
      messages.push(m);
      if (m.kind !== 'result') continue;
      if (this.written.has(m.key)) {
        this.duplicates += 1;
        continue;
      }
      this.written.add(m.key);
      accepted.add(m);
    }
    for (const m of accepted) this.store(m);
    const { bus } = this.ctx;
    for (const m of messages) {
      const ref = { key: m.key, question_id: m.question_id, sample_number: m.sample_number };
      if (m.kind === 'started') {
        if (!this.doneBefore(m.key, accepted)) bus.emit({ type: 'item-started', ...ref, attempt: m.attempt, worker: m.worker });
      } else if (m.kind === 'retrying') {
        if (!this.doneBefore(m.key, accepted)) bus.emit({ type: 'item-retrying', ...ref, attempt: m.attempt, maxAttempts: m.maxAttempts, reason: m.reason, message: m.message, delayMs: m.delayMs, worker: m.worker });
      } else if (m.kind === 'fatal') {
        this.ctx.stop(m.reason);
      } else if (accepted.has(m)) {
        const conversation = JSON.parse(m.conversationFile) as ConversationFile;
        bus.emit({ type: 'item-finished', ...ref, response: m.response, conversation, durationMs: m.durationMs, rounds: m.rounds, toolCalls: m.toolCalls, tokens: m.tokens, ...tokenSplitOf(conversation.statistics), attempts: m.attempts });
        bus.emit({ type: 'item-scored', ...ref, score: m.score, errored: m.errored });
        this.count(m);
      }
    }
  }

  /** An item already in the files (before this batch) gets no more live news. */
  private doneBefore(key: string, accepted: Set<Result>): boolean {
    if (!this.written.has(key)) return false;
    for (const m of accepted) if (m.key === key) return false;
    return true;
  }

  /** Synchronous: small files, one after the other, cost less than the thread pool's round trips. */
  private store(m: Result): void {
    try {
      unpackSandbox(m.sandbox, join(this.ctx.sandboxRoot, m.key));
    } catch (err) {
      this.ctx.bus.emit({ type: 'run-log', level: 'error', message: `${m.key}: the sandbox area from worker ${m.worker} was not stored: ${(err as Error).message}` });
    }
    if (m.sandbox.note) this.ctx.bus.emit({ type: 'run-log', level: 'warn', message: `${m.key}: ${m.sandbox.note}` });
    this.ctx.writer.writeConversationText(m.key, m.conversationFile);
  }

  private count(m: Result): void {
    this.remaining -= 1;
    this.completed += 1;
    if (m.errored) {
      this.errored += 1;
      const max = this.ctx.maxErrors;
      if (max !== null && this.errored >= max && !this.error) {
        this.error = `Stopped: ${this.errored} errored item(s) reached the error budget (--max-errors ${max})`;
        this.ctx.stop(this.error);
      }
    } else if (m.score.correct) this.correct += 1;
  }

  result(): LoopResult {
    const status = this.error ? 'failed' : this.ctx.signal.aborted ? 'cancelled' : 'completed';
    return { status, completed: this.completed, correct: this.correct, errored: this.errored, error: this.error };
  }
}

function parseMessage(fields: string[]): WorkerMessage | null {
  const i = fields.indexOf(MESSAGE_FIELD);
  if (i < 0 || i + 1 >= fields.length) return null;
  try {
    const m = JSON.parse(fields[i + 1]) as WorkerMessage;
    return typeof m?.key === 'string' && typeof m.kind === 'string' ? m : null;
  } catch {
    return null;
  }
}
