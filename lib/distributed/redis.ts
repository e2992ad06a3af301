import { Redis } from 'ioredis';

/** Redis did not answer in time: the message says where we looked. */
export class RedisUnreachableError extends Error {
  readonly code = 'REDIS_UNREACHABLE';
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<unparsable Redis URL>';
  }
}

export interface ConnectOptions {
  /** How long to wait for the first `PING` (default 5 s). */
  timeoutMs?: number;
  /** Connection name shown by `CLIENT LIST`. */
  name?: string;
}

/**
 * Opens a connection and waits for `PING`. An unreachable server is a `RedisUnreachableError` within
 * `timeoutMs` ("cannot reach Redis at …"), not a hang. The connection is made the way BullMQ's workers need it
 * (`maxRetriesPerRequest: null`); once up, it reconnects by itself when Redis blips.
 */
export async function connectRedis(url: string, opts: ConnectOptions = {}): Promise<Redis> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUnreachableError(`cannot reach Redis at ${url}: not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUnreachableError(`cannot reach Redis at ${redactRedisUrl(url)}: expected a redis:// or rediss:// URL`);
  }
  let lastError = '';
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    connectionName: opts.name,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  client.on('error', (err: Error) => {
    lastError = err.message;
  });
  const timer = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new RedisUnreachableError(`cannot reach Redis at ${redactRedisUrl(url)} within ${(timeoutMs / 1000).toFixed(0)} s${lastError ? `: ${lastError}` : ''}`)), timeoutMs);
    t.unref();
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timer]);
  } catch (err) {
    client.disconnect();
    if (err instanceof RedisUnreachableError) throw err;
    throw new RedisUnreachableError(`cannot reach Redis at ${redactRedisUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

/**
 * BullMQ loses jobs if Redis evicts keys under memory pressure: it needs `maxmemory-policy noeviction`.
 * Returns a warning to show when the server is set otherwise (or null). Servers that refuse `CONFIG GET`
 * (managed services) get a softer warning.
 */
export async function evictionWarning(client: Redis): Promise<string | null> {
  let policy: string | undefined;
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    return 'could not read Redis maxmemory-policy (CONFIG GET refused): make sure it is noeviction, or queued items may be lost';
  }
  if (policy === undefined || policy === 'noeviction') return null;
  return `Redis maxmemory-policy is ${policy}, not noeviction: under memory pressure Redis may evict queued items or results; set it with CONFIG SET maxmemory-policy noeviction (or in redis.conf)`;
}
