import { expect, it } from 'vitest';
import { redisKeys } from './keys';
import { appendMessage } from './results-stream';
import { useTestRedis } from './testing/redis-client-fixture';

const fx = useTestRedis();

it('a worker’s message reaches a listed run’s stream, and does not make the stream again once the run has ended', async () => {
  const queue = 'run-test-0000';
  await fx.client.hset(redisKeys.runs, queue, JSON.stringify({ state: 'running' }));
  expect(await appendMessage(fx.client, queue, '{"kind":"started"}')).toBe(true);
  expect((await fx.client.xrange(redisKeys.results(queue), '-', '+')).map(([, f]) => f)).toEqual([['m', '{"kind":"started"}']]);
  // The coordinator ends the run: its entry and stream go in one step; a late message (a worker's fatal) follows.
  await fx.client.multi().hdel(redisKeys.runs, queue).del(redisKeys.results(queue)).exec();
  expect(await appendMessage(fx.client, queue, '{"kind":"fatal"}')).toBe(false);
  expect(await fx.client.exists(redisKeys.results(queue))).toBe(0);
});
