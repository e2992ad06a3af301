/**
 * Distributed runs (BullMQ + Redis): the coordinator's executor, the worker, the workers' heartbeats.
 * Code outside lib/ imports these through here; the UI only needs the types (no Redis client in a bundle).
 */
export { connectQueueExecutor, QueueExecutor } from './queue-executor';
export type { QueueExecutorOptions } from './queue-executor';
export { startWorker } from './worker';
export type { WorkerHandle, WorkerOptions } from './worker';
export { listWorkers } from './heartbeats';
export type { WorkerStatus } from './heartbeats';
export { connectRedis, evictionWarning, redactRedisUrl, RedisUnreachableError } from './redis';
