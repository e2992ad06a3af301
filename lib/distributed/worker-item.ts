/**
 * One item on a `picard worker`: its instance regenerated locally, the agent run with the in-process run's attempt
 * and retry logic (`runItem`), its events forwarded to the coordinator, and its result (response, conversation,
 * score, statistics, packed sandbox area) appended to the run's results stream.
 */
import type { Redis } from 'ioredis';
import { RunEventBus } from '../events/bus';
import type { RunEvent } from '../events/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { pyJsonDumps } from '../py';
import { conversationText } from '../results/run-writer';
import { AdaptiveLimit } from '../runner/adaptive-limit';
import { runItem } from '../runner/run-item';
import { scoreItem } from '../scoring/registry';
import { systemClock } from '../util/clock';
import type { ItemJob, WorkerMessage } from './messages';
import { appendMessage } from './results-stream';
import { packSandbox } from './sandbox-archive';
import type { ServedRun } from './served-run';

/** What an item needs of the worker running it. */
export interface ItemWorker {
  name: string;
  client: Redis;
  /** The worker's slots, shared by every run it serves. */
  gate: AdaptiveLimit;
}

/** An item's identity in every message about it. */
type ItemRef = ItemJob & { worker: string };

type ItemFinished = Extract<RunEvent, { type: 'item-finished' }>;
type ItemScored = Extract<RunEvent, { type: 'item-scored' }>;

/**
 * What became of an item: its result `sent`; the run `stopped` by a failure that stops it (its instance cannot be
 * regenerated, a refused key: sent as `fatal`, the run aborted here); or `abandoned` unfinished (aborted, the
 * worker shutting down), for the caller to hand back to the queue.
 */
export type JobOutcome = 'sent' | 'stopped' | 'abandoned';

/** Runs one item of `run` in `itemDir` and sends what became of it. */
export async function runJob(w: ItemWorker, run: ServedRun, job: ItemJob, signal: AbortSignal, itemDir: string): Promise<JobOutcome> {
  const ref: ItemRef = { key: job.key, question_id: job.question_id, sample_number: job.sample_number, worker: w.name };
  const send = (m: WorkerMessage) => appendMessage(w.client, run.queueName, JSON.stringify(m));
  const stopRun = async (reason: string) => {
    await send({ kind: 'fatal', reason, ...ref });
    run.controller.abort(new Error(reason)); // every other item of the run would fail the same way
    return 'stopped' as const;
  };
  let entry: PrecheckEntry;
  try {
    entry = run.maker.build(job.question_id, job.sample_number);
  } catch (err) {
    return stopRun(`worker ${w.name} cannot regenerate ${job.key}: ${(err as Error).message}`);
  }
  const bus = new RunEventBus(run.spec.runId);
  const events = forwardEvents(bus, run, ref, send);
  let fatal: string | undefined;
  const outcome = await runItem(entry, {
    agent: run.agent,
    bus,
    clock: systemClock,
    limit: attemptSlots(run.limit, w.gate),
    signal,
    sandboxRoot: run.root,
    maxAttempts: run.spec.maxAttempts,
    baseDelayMs: run.spec.baseDelayMs,
    score: (en, response, ctx) => scoreItem(en, response, ctx, systemClock),
    saveConversation: async () => undefined, // it travels in the result; the coordinator writes it
    resetSandbox: run.reset,
    resetBeforeFirstAttempt: false,
    onFatal: (reason) => (fatal ??= reason),
  });
  if (fatal !== undefined) return stopRun(fatal);
  if (outcome === 'abandoned' || !events.finished || !events.scored) return 'abandoned';
  await appendMessage(w.client, run.queueName, resultText(run, ref, events.finished, events.scored, itemDir));
  return 'sent';
}

/**
 * Sends the item's start and retries to the coordinator as they happen and keeps its finish and score for the
 * result. A 429 slows the whole run (every worker), not just this item: BullMQ's queue-wide rate limit.
 */
function forwardEvents(bus: RunEventBus, run: ServedRun, ref: ItemRef, send: (m: WorkerMessage) => Promise<unknown>) {
  const got: { finished?: ItemFinished; scored?: ItemScored } = {};
  bus.subscribe((e) => {
    if (e.type === 'item-started') void send({ kind: 'started', attempt: e.attempt, ...ref });
    else if (e.type === 'item-retrying') {
      void send({ kind: 'retrying', attempt: e.attempt, maxAttempts: e.maxAttempts, reason: e.reason, message: e.message, delayMs: e.delayMs, ...ref });
      if (e.reason === 'rate-limited' && e.delayMs > 0) void run.queue.rateLimit(e.delayMs).catch(() => undefined);
    } else if (e.type === 'item-finished') got.finished = e;
    else if (e.type === 'item-scored') got.scored = e;
  });
  return got;
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

/**
 * The `result` message of a finished item, as sent: response, conversation (stamped with the worker), score,
 * statistics and the packed sandbox area; the worker's sandbox paths (in the question, the conversation, answer
 * keys) become the coordinator's.
 */
function resultText(s: ServedRun, ref: ItemRef, finished: ItemFinished, scored: ItemScored, itemDir: string): string {
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

/**
 * Replaces `from` with `to` inside a JSON text (as escaped strings, so the text stays valid): `escape` is the
 * serializer the text was made with (`JSON.stringify`, or `pyJsonDumps` whose ASCII escapes differ).
 */
function swapRoot(json: string, from: string, to: string, escape: (s: string) => string = JSON.stringify): string {
  const f = escape(from).slice(1, -1);
  return f ? json.split(f).join(escape(to).slice(1, -1)) : json;
}
