import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from '../agents/types';
import { RunEventBus } from '../events/bus';
import type { RunEvent } from '../events/types';
import { AdaptiveLimit } from '../runner/adaptive-limit';
import { createAgent } from '../agents/registry';
import { runItem } from '../runner/run-item';
import { createSandboxReset } from '../runner/sandbox-reset';
import { scoreItem } from '../scoring/registry';
import { systemClock } from '../util/clock';
import { BULL_PREFIX, redisKeys, type RunEntry } from './keys';
import type { ItemJob, WorkerMessage } from './messages';
import { connectRedis } from './redis';
import { instanceMaker, parseRunSpec, type InstanceMaker, type RunSpec } from './run-spec';
import { appendMessage } from './results-stream';
import { packSandbox } from './sandbox-archive';
import { pyJsonDumps } from '../py';
import { conversationText } from '../results/run-writer';
import type { WorkerStatus } from './heartbeats';

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

/** One run this worker serves. */
interface Served {
  spec: RunSpec;
  maker: InstanceMaker;
  agent: Agent;
  limit: AdaptiveLimit;
  reset: ReturnType<typeof createSandboxReset>;
  controller: AbortController;
  root: string;
  queue: Queue;
  bull: Worker<ItemJob>;
  connection: Redis;
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
  const slots = Math.max(1, opts.concurrency ?? 4);
  const name = (opts.name ?? `${hostname()}-${process.pid}`).replace(/[^A-Za-z0-9_.@-]/g, '_');
  const lockMs = Math.max(1, opts.lockSeconds ?? 30) * 1000;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const client = await connectRedis(opts.redisUrl, { timeoutMs: opts.connectTimeoutMs, name: `picard-worker-${name}` });
  const workRoot = mkdtempSync(join(opts.workDir ?? tmpdir(), `picard-worker-${name}-`));
  const served = new Map<string, Served>();
  const skipped = new Set<string>();
  const current = new Map<string, { key: string; runId: string }>();
  const gate = new AdaptiveLimit(slots, Number.POSITIVE_INFINITY);
  const startedAt = new Date().toISOString();
  let done = 0;
  let closing = false;
  let shuttingDown = false;

  const status = (): WorkerStatus => ({ name, host: hostname(), pid: process.pid, slots, done, current: [...current.values()], startedAt, lastSeen: new Date().toISOString() });
  const send = (queue: string, m: WorkerMessage) => appendMessage(client, queue, JSON.stringify(m));

  const beat = async () => {
    await client.multi().set(redisKeys.worker(name), JSON.stringify(status()), 'PX', HEARTBEAT_MS * 5).sadd(redisKeys.workers, name).exec();
  };

  const process1 = async (queue: string, job: Job<ItemJob>, token: string | undefined, bullSignal: AbortSignal | undefined) => {
    const s = served.get(queue);
    if (!s || s.controller.signal.aborted) {
      if (shuttingDown && s && token) await handBack(job, token);
      return; // the run is stopping
    }
    const { key, question_id, sample_number } = job.data;
    const ref = { key, question_id, sample_number, worker: name };
    const signal = bullSignal ? AbortSignal.any([s.controller.signal, bullSignal]) : s.controller.signal;
    // Waiters on a slot or on the adaptive limit re-check the signal only when woken.
    signal.addEventListener('abort', () => (gate.wakeAll(), s.limit.wakeAll()), { once: true });
    const jobKey = `${queue}/${key}`;
    current.set(jobKey, { key, runId: s.spec.runId });
    const itemDir = join(s.root, key);
    try {
      rmSync(itemDir, { recursive: true, force: true });
      let entry;
      try {
        entry = s.maker.build(question_id, sample_number);
      } catch (err) {
        const reason = `worker ${name} cannot regenerate ${key}: ${(err as Error).message}`;
        await send(queue, { kind: 'fatal', reason, ...ref });
        s.controller.abort(new Error(reason));
        return;
      }
      const bus = new RunEventBus(s.spec.runId);
      let finished: ItemFinished | undefined;
      let scored: ItemScored | undefined;
      bus.subscribe((e) => {
        if (e.type === 'item-started') void send(queue, { kind: 'started', attempt: e.attempt, ...ref });
        else if (e.type === 'item-retrying') {
          void send(queue, { kind: 'retrying', attempt: e.attempt, maxAttempts: e.maxAttempts, reason: e.reason, message: e.message, delayMs: e.delayMs, ...ref });
          // A 429 slows the whole run (every worker), not just this item: BullMQ's queue-wide rate limit.
          if (e.reason === 'rate-limited' && e.delayMs > 0) void s.queue.rateLimit(e.delayMs).catch(() => undefined);
        } else if (e.type === 'item-finished') finished = e;
        else if (e.type === 'item-scored') scored = e;
      });
      let fatal: string | undefined;
      const outcome = await runItem(entry, {
        agent: s.agent,
        bus,
        clock: systemClock,
        limit: attemptSlots(s.limit, gate),
        signal,
        sandboxRoot: s.root,
        maxAttempts: s.spec.maxAttempts,
        baseDelayMs: s.spec.baseDelayMs,
        score: (en, response, ctx) => scoreItem(en, response, ctx, systemClock),
        saveConversation: async () => undefined, // it travels in the result; the coordinator writes it
        resetSandbox: s.reset,
        resetBeforeFirstAttempt: false,
        onFatal: (reason) => (fatal ??= reason),
      });
      if (fatal !== undefined) {
        await send(queue, { kind: 'fatal', reason: fatal, ...ref });
        s.controller.abort(new Error(fatal)); // every other item of the run would fail the same way
        return;
      }
      if (outcome === 'abandoned' || !finished || !scored) {
        if (shuttingDown && token) await handBack(job, token);
        return;
      }
      const text = resultText(s, ref, finished, scored, itemDir);
      await appendMessage(client, queue, text);
      done += 1;
    } finally {
      rmSync(itemDir, { recursive: true, force: true });
      current.delete(jobKey);
    }
  };

  const handBack = async (job: Job<ItemJob>, token: string) => {
    await job.moveToWait(token);
    throw new WaitingError();
  };

  const join1 = async (queue: string) => {
    let spec: RunSpec;
    let maker: InstanceMaker;
    const root = join(workRoot, queue);
    try {
      spec = parseRunSpec(await client.get(redisKeys.spec(queue)), queue);
      const envName = spec.agent.kind === 'openai' ? (spec.agent.apiKeyEnv ?? 'OPENAI_API_KEY') : null;
      if (envName && !process.env[envName]) {
        skipped.add(queue);
        log(`[${name}] not serving run ${spec.runId}: ${envName} is not set in this worker's environment`);
        return;
      }
      mkdirSync(root, { recursive: true });
      maker = instanceMaker(spec, root, systemClock);
    } catch (err) {
      skipped.add(queue);
      log(`[${name}] not serving run ${queue}: ${(err as Error).message}`);
      return;
    }
    const agent = createAgent(spec.agent, { seed: spec.seed, epoch: spec.epoch });
    const connection = client.duplicate();
    const controller = new AbortController();
    const queueHandle = new Queue(queue, { connection, prefix: BULL_PREFIX });
    const bull = new Worker<ItemJob>(queue, (job, token, signal) => process1(queue, job, token, signal), {
      connection,
      prefix: BULL_PREFIX,
      name,
      concurrency: slots,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.min(lockMs, 5000)),
      maxStalledCount: 3,
      drainDelay: 1,
      autorun: false,
    });
    bull.on('error', (err) => {
      if (!closing && !controller.signal.aborted) log(`[${name}] queue ${queue}: ${err.message}`);
    });
    served.set(queue, { spec, maker, agent, limit: new AdaptiveLimit(slots), reset: createSandboxReset(maker.tests, { seed: spec.seed, sandboxRoot: root, pools: maker.pools, clock: systemClock }), controller, root, queue: queueHandle, bull, connection });
    void bull.run().catch((err: Error) => log(`[${name}] queue ${queue} stopped: ${err.message}`));
    log(`[${name}] serving run ${spec.runId} (${slots} slot(s))`);
  };

  const leave = async (queue: string, reason: string) => {
    const s = served.get(queue);
    if (!s) return;
    served.delete(queue);
    s.controller.abort(new Error(reason));
    await s.bull.close().catch(() => undefined);
    await s.queue.close().catch(() => undefined);
    s.connection.disconnect();
    rmSync(s.root, { recursive: true, force: true });
    log(`[${name}] left run ${s.spec.runId}: ${reason}`);
  };

  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const runs = await client.hgetall(redisKeys.runs);
    for (const [queue, json] of Object.entries(runs)) {
      let entry: RunEntry;
      try {
        entry = JSON.parse(json) as RunEntry;
      } catch {
        continue;
      }
      if (entry.state === 'running' && !served.has(queue) && !skipped.has(queue) && !closing) await join1(queue);
    }
    for (const queue of [...served.keys()]) {
      const entry = runs[queue] ? (JSON.parse(runs[queue]) as RunEntry) : null;
      if (!entry) await leave(queue, 'the run is over');
      else if (entry.state === 'stopping') await leave(queue, entry.reason ?? 'the run is stopping');
    }
    for (const queue of skipped) if (!runs[queue]) skipped.delete(queue);
  };
  const tick = () => {
    polling = polling.then(poll).catch((err: Error) => log(`[${name}] cannot read the runs: ${err.message}`));
  };
  await beat();
  tick();
  await polling;
  const pollTimer = setInterval(tick, opts.pollMs ?? 500);
  const beatTimer = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);

  let closed: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const handBackAll = () => {
    shuttingDown = true;
    for (const s of served.values()) s.controller.abort(new Error(SHUTDOWN));
  };
  return {
    name,
    status,
    close(graceMs = lockMs) {
      if (closed) {
        if (graceMs === 0) handBackAll(); // asked again, impatiently
        return closed;
      }
      closed = (async () => {
        closing = true;
        clearInterval(pollTimer);
        clearInterval(beatTimer);
        // With Redis gone, commands wait for it forever: the worker still stops.
        await within(polling, 2000);
        const all = [...served.values()];
        timer = setTimeout(handBackAll, graceMs);
        await within(Promise.all(all.map((s) => s.bull.close().catch(() => undefined))), graceMs + 5000);
        clearTimeout(timer);
        await within(Promise.all(all.map((s) => s.queue.close().catch(() => undefined))), 2000);
        for (const s of all) s.connection.disconnect();
        served.clear();
        await within(client.multi().del(redisKeys.worker(name)).srem(redisKeys.workers, name).exec().catch(() => undefined), 2000);
        client.disconnect();
        rmSync(workRoot, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * What an item of a run holds while an attempt runs: a place under its run's adaptive limit, then one of the
 * worker's slots (shared by every run it serves). Both are held only for the attempt, not while the item sleeps
 * before a retry or waits for its run's lowered limit, so one run's 429s never take slots from another run's items
 * (a sweep's configurations are one run each). A 429 lowers only the run's limit.
 */
function attemptSlots(run: AdaptiveLimit, slots: AdaptiveLimit): Pick<AdaptiveLimit, 'acquire' | 'release' | 'throttle'> {
  return {
    async acquire(signal?: AbortSignal) {
      await run.acquire(signal);
      try {
        await slots.acquire(signal);
      } catch (err) {
        run.release();
        throw err;
      }
    },
    release() {
      slots.release();
      run.release();
    },
    throttle: () => run.throttle(),
  };
}

type ItemFinished = Extract<RunEvent, { type: 'item-finished' }>;
type ItemScored = Extract<RunEvent, { type: 'item-scored' }>;

/**
 * The `result` message of a finished item, as sent: response, conversation (stamped with the worker), score,
 * statistics and the packed sandbox area; the worker's sandbox paths (in the question, the conversation, answer
 * keys) become the coordinator's.
 */
function resultText(s: Served, ref: ItemJob & { worker: string }, finished: ItemFinished, scored: ItemScored, itemDir: string): string {
  const sandbox = packSandbox(itemDir, s.spec.archiveCapBytes);
  const conversation = { ...finished.conversation!, statistics: { ...finished.conversation!.statistics, worker: ref.worker, ...(sandbox.note ? { sandbox_archive_note: sandbox.note } : {}) } };
  // The file's text is made here, where the conversation is (the coordinator only writes it), its sandbox paths
  // already the coordinator's.
  const conversationFile = swapRoot(conversationText(conversation), s.root, s.spec.sandboxDir, pyJsonDumps);
  const message: WorkerMessage = {
    kind: 'result',
    ...ref,
    response: finished.response,
    conversationFile,
    score: scored.score,
    errored: scored.errored,
    durationMs: finished.durationMs,
    rounds: finished.rounds,
    toolCalls: finished.toolCalls,
    tokens: finished.tokens,
    attempts: finished.attempts,
    sandbox: { data: '' },
  };
  // The worker's sandbox paths (in the question, the conversation, answer keys) become the coordinator's.
  return swapRoot(JSON.stringify(message), s.root, s.spec.sandboxDir).replace('"sandbox":{"data":""}', `"sandbox":${JSON.stringify(sandbox)}`);
}

/** Waits for `p`, at most `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}

/**
 * Replaces `from` with `to` inside a JSON text (as escaped strings, so the text stays valid): `escape` is the
 * serializer the text was made with (`JSON.stringify`, or `pyJsonDumps` whose ASCII escapes differ).
 */
function swapRoot(json: string, from: string, to: string, escape: (s: string) => string = JSON.stringify): string {
  const f = escape(from).slice(1, -1);
  return f ? json.split(f).join(escape(to).slice(1, -1)) : json;
}
