import type { Redis } from 'ioredis';
import { redisKeys } from './keys';

/** A run a worker does not serve: no API key in its environment, another version's specification, … */
export interface Declined {
  queue: string;
  runId: string;
  reason: string;
}

/** A worker's heartbeat in Redis (`picard:worker:<name>`), for the workers page. */
export interface WorkerStatus {
  name: string;
  host: string;
  pid: number;
  slots: number;
  done: number;
  current: Array<{ key: string; runId: string }>;
  /** Runs listed in Redis that this worker does not serve, and why (absent in heartbeats of older versions). */
  declined?: Declined[];
  startedAt: string;
  lastSeen: string;
}

/** The live workers, from their heartbeats; stale names are dropped from the set. */
export async function listWorkers(client: Redis): Promise<WorkerStatus[]> {
  const names = (await client.smembers(redisKeys.workers)).sort();
  if (names.length === 0) return [];
  const values = await client.mget(...names.map((n) => redisKeys.worker(n)));
  const live: WorkerStatus[] = [];
  const stale: string[] = [];
  values.forEach((v, i) => (v ? live.push(JSON.parse(v) as WorkerStatus) : stale.push(names[i])));
  if (stale.length) await client.srem(redisKeys.workers, ...stale);
  return live;
}
