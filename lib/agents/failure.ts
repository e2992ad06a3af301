import type { ChatMessage, ConversationStatistics } from '../results/types';
import { parseRetryAfter } from './retry-policy';
import type { AgentFailure } from './types';

export type FailureError = AgentFailure['error'];

/**
 * Classifies an HTTP error status: 429 → rate-limited (Retry-After honoured), 408 → timeout, 5xx → server-error
 * (all retryable); any other status → client-error (not retryable: the same request would fail again).
 */
export function classifyStatus(
  status: number,
  message: string,
  headers: { get(name: string): string | null } | undefined,
  nowMs: number,
): FailureError {
  const text = `HTTP ${status}: ${message}`.slice(0, 1000);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers, nowMs);
    return { message: text, retryable: true, status, reason: 'rate-limited', ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  if (status === 408) return { message: text, retryable: true, status, reason: 'timeout' };
  if (status >= 500) return { message: text, retryable: true, status, reason: 'server-error' };
  return { message: text, retryable: false, status, reason: 'client-error' };
}

/** Failure constructors for the non-HTTP cases. */
export const failures = {
  aborted: (): FailureError => ({ message: 'aborted', retryable: false, reason: 'aborted' }),
  timeout: (ms: number, what: string): FailureError => ({
    message: `timed out after ${ms / 1000} s ${what}`,
    retryable: true,
    reason: 'timeout',
  }),
  streamCut: (detail: string): FailureError => ({ message: `stream cut off: ${detail}`, retryable: true, reason: 'stream-cut' }),
  network: (detail: string): FailureError => ({ message: `network error: ${detail}`, retryable: true, reason: 'network' }),
  agent: (detail: string, retryable = false): FailureError => ({ message: detail, retryable, reason: 'agent-error' }),
};

/** Builds the failed outcome, keeping the partial conversation. */
export function failureOutcome(
  error: FailureError,
  conversation: ChatMessage[],
  statistics: ConversationStatistics,
  modelInfo: string,
): AgentFailure {
  return { ok: false, error, conversation, statistics, modelInfo };
}

/** The underlying cause text of a fetch/undici error (`TypeError: fetch failed` hides it in `cause`). */
export function causeText(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  const cause = e?.cause ? ` (${e.cause.code ?? e.cause.message ?? ''})` : '';
  return `${e?.message ?? String(err)}${cause}`;
}
