import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis } from '../redis';
import { startTestRedis, type TestRedis } from './redis-server';

/**
 * For one test file: a real `redis-server` (own process, random port) and a client on it, started before the file's
 * tests and stopped after them; `cleanup` runs first (e.g. killing the file's child processes). The fields are set
 * once `beforeAll` has run.
 */
export function useTestRedis(cleanup?: () => void): { redis: TestRedis; client: Redis } {
  const fx = {} as { redis: TestRedis; client: Redis };
  beforeAll(async () => {
    fx.redis = await startTestRedis();
    fx.client = await connectRedis(fx.redis.url, { name: 'picard-test' });
  });
  afterAll(async () => {
    cleanup?.();
    fx.client?.disconnect();
    await fx.redis?.stop();
  });
  return fx;
}
