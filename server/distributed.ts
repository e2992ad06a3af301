import { connectQueueExecutor, type QueueExecutor } from '../lib/distributed/queue-executor';
import { redactRedisUrl } from '../lib/distributed/redis';
import type { WorkerStatus } from '../lib/distributed/heartbeats';
import type { ItemExecutor } from '../lib/runner/executor';

/** What the pages show about distributed runs: off, on (the Redis URL, password masked), or on but failing. */
export interface DistributedInfo {
  enabled: boolean;
  /** The Redis URL with its password masked; null when PICARD_REDIS_URL is not set. */
  url: string | null;
  /** The last connection failure (`cannot reach Redis at …`), null once connected. */
  error: string | null;
}

/** The dashboard's side of distributed runs, as the run manager sees it (server/run-manager.ts). */
export interface DashboardDistributed {
  info(): DistributedInfo;
  /** The queue executor; connects again first when the last try failed (rejects with the clear error). */
  executor(): Promise<ItemExecutor>;
  /** The live workers from their heartbeats (empty while Redis is unreachable). */
  workers(): Promise<WorkerStatus[]>;
  close(): Promise<void>;
}

/**
 * PICARD_REDIS_URL is set: one queue executor for the whole dashboard process (it coordinates every run
 * launched from the browser, one queue each). `connect()` never throws: an unreachable Redis is kept as
 * `info().error` (the log and the new-run page show it) and each later run start tries again.
 */
export class RedisDistributed implements DashboardDistributed {
  private current: QueueExecutor | null = null;
  private connecting: Promise<QueueExecutor> | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly url: string,
    private readonly opts: { connectTimeoutMs?: number } = {},
  ) {}

  info(): DistributedInfo {
    return { enabled: true, url: redactRedisUrl(this.url), error: this.lastError };
  }

  /** Connects (or returns the connection); the error, if any, is in `info()` afterwards. */
  async connect(): Promise<string | null> {
    await this.executor().catch(() => undefined);
    return this.lastError;
  }

  executor(): Promise<QueueExecutor> {
    if (this.current) return Promise.resolve(this.current);
    this.connecting ??= connectQueueExecutor({ url: this.url, coordinator: 'dashboard', connectTimeoutMs: this.opts.connectTimeoutMs ?? 5000 }).then(
      (ex) => {
        this.current = ex;
        this.lastError = null;
        this.connecting = null;
        return ex;
      },
      (err: Error) => {
        this.lastError = err.message;
        this.connecting = null;
        throw err;
      },
    );
    return this.connecting;
  }

  async workers(): Promise<WorkerStatus[]> {
    return this.current ? this.current.workers() : [];
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = null;
  }
}
