import type { AgentFailure } from './types';

type FailureLike = AgentFailure | AgentFailure['error'];

/** Longest wait between attempts, whatever the server asks for. */
export const MAX_RETRY_DELAY_MS = 10 * 60_000;

function errorOf(f: FailureLike): AgentFailure['error'] {
  return 'ok' in f ? f.error : f;
}

/** Whether the runner should try the attempt again (the agent decided when it classified the failure). */
export function isRetryable(failure: FailureLike): boolean {
  return errorOf(failure).retryable;
}

/** Whether the failure stops the whole run (no retry, no errored line: the item is left for a resume). */
export function isRunFatal(failure: FailureLike): boolean {
  return errorOf(failure).fatal === true;
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential `baseMs · 2^(attempt-1)` with equal jitter
 * (between half and all of it, so concurrent items do not retry in lockstep), never shorter than the server's
 * Retry-After, capped at `capMs`. `rng` returns [0, 1); pass a fixed one in tests.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  failure?: FailureLike,
  rng: () => number = Math.random,
  capMs = MAX_RETRY_DELAY_MS,
): number {
  const n = Math.max(1, Math.floor(attempt));
  const exp = Math.min(capMs, Math.max(0, baseMs) * 2 ** (n - 1));
  const jittered = exp / 2 + (exp / 2) * rng();
  const floor = failure ? (errorOf(failure).retryAfterMs ?? 0) : 0;
  return Math.round(Math.min(capMs, Math.max(jittered, floor)));
}

/**
 * Parses a Retry-After header (delay-seconds or an HTTP date) into milliseconds from `nowMs`; also accepts
 * OpenAI's `retry-after-ms`. Undefined when absent or unparsable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  nowMs: number,
): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
