import path from 'node:path';

/** Settings of the dashboard server, from the environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Absolute path of the folder holding result folders. */
  resultsDir: string;
  /** Shared secret required when listening on a non-loopback address. */
  token: string | null;
  dev: boolean;
  /** Default simulated-agent think time for runs started from the form (ms), from PICARD_SIM_THINK_MS. */
  simThinkMs: number | null;
  /** PICARD_REDIS_URL: runs launched from the dashboard go to `picard worker` processes through this Redis. */
  redisUrl: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Reads HOST, PORT, PICARD_RESULTS_DIR, PICARD_TOKEN, PICARD_SIM_THINK_MS, PICARD_REDIS_URL, NODE_ENV; throws a clear error on a bad or unsafe setting. */
export function readServerConfig(env: Record<string, string | undefined>, cwd = process.cwd()): ServerConfig {
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0-65535, got '${env.PORT}'`);
  const token = env.PICARD_TOKEN?.trim() || null;
  if (!isLoopbackHost(host) && !token) {
    throw new Error(`HOST=${host} is reachable from other machines: set PICARD_TOKEN to a secret (open /?token=<secret> once in the browser), or bind HOST=127.0.0.1`);
  }
  if (token !== null && token.length < 16) throw new Error('PICARD_TOKEN must be at least 16 characters');
  const think = env.PICARD_SIM_THINK_MS;
  const simThinkMs = think === undefined || think === '' ? null : Number(think);
  if (simThinkMs !== null && (!Number.isFinite(simThinkMs) || simThinkMs < 0)) throw new Error(`PICARD_SIM_THINK_MS must be a number of ms >= 0, got '${think}'`);
  return {
    host, port, token, simThinkMs,
    redisUrl: env.PICARD_REDIS_URL?.trim() || null,
    resultsDir: path.resolve(cwd, env.PICARD_RESULTS_DIR || 'results'),
    dev: env.NODE_ENV !== 'production',
  };
}
