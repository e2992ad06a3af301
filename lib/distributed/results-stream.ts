import type { Redis } from 'ioredis';
import { redisKeys } from './keys';
import { MESSAGE_FIELD } from './messages';

const APPEND_WHILE_LISTED = `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return redis.call('XADD', KEYS[2], '*', ARGV[2], ARGV[3]) end return false`;

/**
 * Appends a message to the run's results stream while the run is still listed, in one step on the server: a
 * message sent after the coordinator ended the run (and deleted its stream) would make the stream again, left over
 * for good. True when appended.
 */
export async function appendMessage(client: Redis, queue: string, text: string): Promise<boolean> {
  return (await client.eval(APPEND_WHILE_LISTED, 2, redisKeys.runs, redisKeys.results(queue), queue, MESSAGE_FIELD, text)) !== null;
}
