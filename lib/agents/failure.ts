import type { ChatMessage, ConversationStatistics } from '../results/types';
import { parseRetryAfter } from './retry-policy';
import type { AgentFailure } from './types';

export type FailureError = AgentFailure['error'];

/**
 * Classifies an HTTP error status: 429 → rate-limited (Retry-After honoured), 408 → timeout, 5xx → server-error
 * (all retryable); 401 → unauthorized, 403 → forbidden, 404 → not-found (run-fatal: every other item would meet
 * the same refusal, so the run stops; the agent rewrites the message to say what to fix); any other status →
 * client-error (not retryable: the same request would fail again, but other items may not).
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
  const fatal = FATAL_STATUS[status];
  if (fatal) return { message: text, retryable: false, fatal: true, status, reason: fatal };
  return { message: text, retryable: false, status, reason: 'client-error' };
}

const FATAL_STATUS: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

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
  /** Nothing answers at the endpoint, and nothing ever has in this run: a wrong URL or a server not started. */
  unreachable: (code: string): FailureError => ({
    message: `${code === 'ENOTFOUND' ? 'host not found' : 'connection refused'}, ${code}`,
    retryable: false,
    fatal: true,
    reason: 'unreachable',
  }),
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

/** Error codes that mean no server is there at all (rather than one that is overloaded or restarting). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND']);

/**
 * The unreachable-endpoint code (`ECONNREFUSED`, `ENOTFOUND`) anywhere in an error's cause chain (undici nests
 * it in `cause`, and in `errors` when several addresses were tried), or undefined.
 */
export function unreachableCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return e.code;
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const code = unreachableCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/** "401: <server message>" (at most 300 characters of it), or just "401" when the server said nothing. */
export function statusDetail(f: FailureError): string {
  const detail = f.message.replace(/^HTTP \d+: ?/, '').trim().slice(0, 300);
  return detail ? `${f.status}: ${detail}` : String(f.status);
}

/** `text` with every occurrence of `secret` replaced (servers may echo the key they refused). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.replaceAll(secret, '[redacted]') : text;
}
