import { createRng } from '../generation/rng';

const MAX_DELAY_MS = 5 * 60_000;

/**
 * Delay before the next attempt: exponential backoff (base × 2^(attempt-1)) with ±25 % jitter, or the
 * server's Retry-After when it asks for longer. Jitter is seeded by the item so runs are repeatable.
 */
export function retryDelay(attempt: number, baseMs: number, retryAfterMs: number | undefined, jitterKey: string): number {
  const exp = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.75 + 0.5 * createRng(jitterKey, 'retry').next();
  const backoff = Math.round(exp * jitter);
  return Math.min(MAX_DELAY_MS, Math.max(backoff, retryAfterMs ?? 0));
}
