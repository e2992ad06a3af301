import { createHash } from 'node:crypto';

/**
 * Every Redis name PICARD Live uses, in one place. Each run gets its own BullMQ queue (global concurrency and
 * rate limits are per queue) and its own keys beside it:
 *
 * - `picard:runs` (hash): queue name → `RunEntry` JSON, the runs workers should serve;
 * - `picard:spec:<queue>` (string): the run specification, written once per run (`RunSpec`);
 * - `picard:results:<queue>` (stream): the durable results queue, workers `XADD`, the coordinator reads and trims;
 * - `picard:workers` (set) + `picard:worker:<name>` (string with a TTL): live workers' heartbeats.
 */
export const redisKeys = {
  runs: 'picard:runs',
  workers: 'picard:workers',
  spec: (queue: string) => `picard:spec:${queue}`,
  results: (queue: string) => `picard:results:${queue}`,
  worker: (name: string) => `picard:worker:${name}`,
} as const;

/** BullMQ's own key prefix for the item queues. */
export const BULL_PREFIX = 'picard-bull';

/**
 * The queue name of a run, the same wherever the folder is resumed: the run id made safe for BullMQ (no `:`)
 * plus a short hash of the id and creation time, so two machines' runs with the same folder name do not meet.
 */
export function queueNameFor(manifest: { test_id: string; created_at: string }): string {
  const safe = manifest.test_id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);
  const tag = createHash('sha256').update(`${manifest.test_id}\n${manifest.created_at}`).digest('hex').slice(0, 8);
  return `run-${safe}-${tag}`;
}

/** What `picard:runs` says about one run. */
export interface RunEntry {
  runId: string;
  state: 'running' | 'stopping';
  /** Why it is stopping (a cancel, a run-fatal failure, the error budget). */
  reason?: string;
  coordinator: { host: string; pid: number };
  updatedAt: string;
}
