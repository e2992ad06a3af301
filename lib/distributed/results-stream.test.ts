import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisKeys } from './keys';
import { connectRedis } from './redis';
import { appendMessage } from './results-stream';
import { startTestRedis, type TestRedis } from './testing/redis-server';

let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  client = await connectRedis(redis.url, { name: 'picard-test' });
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

it('a worker’s message reaches a listed run’s stream, and does not make the stream again once the run has ended', async () => {
  const queue = 'run-test-0000';
  await client.hset(redisKeys.runs, queue, JSON.stringify({ state: 'running' }));
  expect(await appendMessage(client, queue, '{"kind":"started"}')).toBe(true);
  expect((await client.xrange(redisKeys.results(queue), '-', '+')).map(([, f]) => f)).toEqual([['m', '{"kind":"started"}']]);
  // The coordinator ends the run: its entry and stream go in one step; a late message (a worker's fatal) follows.
  await client.multi().hdel(redisKeys.runs, queue).del(redisKeys.results(queue)).exec();
  expect(await appendMessage(client, queue, '{"kind":"fatal"}')).toBe(false);
  expect(await client.exists(redisKeys.results(queue))).toBe(0);
});
