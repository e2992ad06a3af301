import { describe, expect, it } from 'vitest';
import { classifyStatus } from './failure';
import { isRetryable, isRunFatal, MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelayMs } from './retry-policy';
import type { AgentFailure } from './types';

const err = (e: Partial<AgentFailure['error']>): AgentFailure['error'] => ({ message: 'x', retryable: true, reason: 'server-error', ...e });

describe('retryDelayMs', () => {
  it.each([
    // attempt, base, rng, failure, expected
    [1, 1000, 0, undefined, 500],
    [1, 1000, 0.999999, undefined, 1000],
    [2, 1000, 0, undefined, 1000],
    [3, 1000, 0.5, undefined, 3000],
    [1, 1000, 0, err({ retryAfterMs: 7000 }), 7000],
    [4, 1000, 1, err({ retryAfterMs: 2000 }), 8000],
    [30, 1000, 1, undefined, MAX_RETRY_DELAY_MS],
    [1, 1000, 0, err({ retryAfterMs: 3_600_000 }), MAX_RETRY_DELAY_MS],
    [0, 1000, 0, undefined, 500],
  ])('attempt %i base %i rng %d → %i', (attempt, base, r, failure, expected) => {
    expect(retryDelayMs(attempt, base, failure, () => r)).toBe(expected);
  });
  it('accepts a whole AgentFailure', () => {
    const f: AgentFailure = { ok: false, error: err({ retryAfterMs: 5000 }), conversation: [], statistics: {}, modelInfo: 'm' };
    expect(retryDelayMs(1, 10, f, () => 0)).toBe(5000);
    expect(isRetryable(f)).toBe(true);
    expect(isRetryable(err({ retryable: false }))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 10_000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s', (h, expected) => {
    expect(parseRetryAfter(new Headers(h as Record<string, string>), now)).toBe(expected);
  });
});

describe('isRunFatal', () => {
  it('401, 403 and 404 stop the run; 400, 408, 429 and 5xx do not', () => {
    const fatal = (status: number) => isRunFatal(classifyStatus(status, 'm', undefined, 0));
    expect([401, 403, 404].map(fatal)).toEqual([true, true, true]);
    expect([400, 408, 409, 413, 422, 429, 500, 502, 503].map(fatal)).toEqual(Array(9).fill(false));
    expect(classifyStatus(404, 'm', undefined, 0)).toMatchObject({ reason: 'not-found', retryable: false, fatal: true });
  });
});
