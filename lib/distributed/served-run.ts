/**
 * A run a `picard worker` serves: its specification read once from Redis, its instance maker, agent, adaptive
 * limit and sandbox reset over the worker's own sandbox area, and the BullMQ worker taking its items.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { mkdirSync, rmSync } from 'node:fs';
import type { Agent } from '../agents/types';
import { createAgent } from '../agents/registry';
import { AdaptiveLimit } from '../runner/adaptive-limit';
import { createSandboxReset } from '../runner/sandbox-reset';
import { systemClock } from '../util/clock';
import { BULL_PREFIX, redisKeys } from './keys';
import type { ItemJob } from './messages';
import { instanceMaker, parseRunSpec, type InstanceMaker, type RunSpec } from './run-spec';

export interface ServedRun {
  /** The run's BullMQ queue name (its key in the runs hash). */
  queueName: string;
  spec: RunSpec;
  maker: InstanceMaker;
  agent: Agent;
  limit: AdaptiveLimit;
  reset: ReturnType<typeof createSandboxReset>;
  /** Aborted when the worker leaves the run, or a failure stops it. */
  controller: AbortController;
  /** The worker's sandbox area for this run. */
  root: string;
  queue: Queue;
  bull: Worker<ItemJob>;
  connection: Redis;
}

/** How the worker serves its runs. */
export interface ServeOptions {
  name: string;
  slots: number;
  lockMs: number;
  log: (line: string) => void;
  /** True once the worker is closing: queue errors are expected then. */
  closing: () => boolean;
}

/** Called for each item BullMQ hands the worker (token and signal are BullMQ's). */
export type ProcessJob = (queueName: string, job: Job<ItemJob>, token: string | undefined, signal: AbortSignal | undefined) => Promise<void>;

/**
 * Reads the run's specification and prepares its sandbox area; a reason instead when this worker cannot serve it
 * (an unreadable specification or another version's, an API key its environment lacks).
 */
export async function readServedSpec(client: Redis, queueName: string, root: string): Promise<{ spec: RunSpec; maker: InstanceMaker } | { reason: string }> {
  try {
    const spec = parseRunSpec(await client.get(redisKeys.spec(queueName)), queueName);
    const envName = spec.agent.kind === 'openai' ? (spec.agent.apiKeyEnv ?? 'OPENAI_API_KEY') : null;
    if (envName && !process.env[envName]) return { reason: `${envName} is not set in this worker's environment` };
    mkdirSync(root, { recursive: true });
    return { spec, maker: instanceMaker(spec, root, systemClock) };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}

/** The run's handles: its own Redis connection, queue handle and BullMQ worker (not taking items until `startServing`). */
export function serveRun(client: Redis, queueName: string, root: string, got: { spec: RunSpec; maker: InstanceMaker }, o: ServeOptions, process1: ProcessJob): ServedRun {
  const { spec, maker } = got;
  const agent = createAgent(spec.agent, { seed: spec.seed, epoch: spec.epoch });
  const connection = client.duplicate();
  const controller = new AbortController();
  const queue = new Queue(queueName, { connection, prefix: BULL_PREFIX });
  const bull = new Worker<ItemJob>(queueName, (job, token, signal) => process1(queueName, job, token, signal), {
    connection,
    prefix: BULL_PREFIX,
    name: o.name,
    concurrency: o.slots,
    lockDuration: o.lockMs,
    stalledInterval: Math.max(500, Math.min(o.lockMs, 5000)),
    maxStalledCount: 3,
    drainDelay: 1,
    autorun: false,
  });
  bull.on('error', (err) => {
    if (!o.closing() && !controller.signal.aborted) o.log(`[${o.name}] queue ${queueName}: ${err.message}`);
  });
  const reset = createSandboxReset(maker.tests, { seed: spec.seed, sandboxRoot: root, pools: maker.pools, clock: systemClock });
  return { queueName, spec, maker, agent, limit: new AdaptiveLimit(o.slots), reset, controller, root, queue, bull, connection };
}

/** Starts taking the run's items. */
export function startServing(run: ServedRun, o: ServeOptions): void {
  void run.bull.run().catch((err: Error) => o.log(`[${o.name}] queue ${run.queueName} stopped: ${err.message}`));
  o.log(`[${o.name}] serving run ${run.spec.runId} (${o.slots} slot(s))`);
}

/** Stops serving the run: its items aborted, its BullMQ worker, queue handle and connection closed, its area removed. */
export async function leaveRun(run: ServedRun, reason: string): Promise<void> {
  run.controller.abort(new Error(reason));
  await run.bull.close().catch(() => undefined);
  await run.queue.close().catch(() => undefined);
  run.connection.disconnect();
  rmSync(run.root, { recursive: true, force: true });
}
