/**
 * What an item row takes from each file line: pure functions, so the runner's hook and a catch-up from the
 * files derive exactly the same row (which is what makes the index rebuildable).
 */
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ConversationStatistics, ResponseLine, ScoreLine, ScoreProgressLine } from '../results/types';
import { statsFromRecord, type StatsFields } from './item-columns';

/** Characters of the question kept in the index (the table shows one line; the full text is in the files). */
export const QUESTION_CHARS = 200;
/** Characters of a verdict or error message kept in the index. */
export const MESSAGE_CHARS = 500;

export function clip(s: string | null | undefined, n: number): string | null {
  if (s === null || s === undefined) return null;
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** SQLite binds booleans as nothing: 1/0, null for absent. */
function bit(b: boolean | null | undefined): number | null {
  return b === null || b === undefined ? null : b ? 1 : 0;
}

/** `question_id` as stored: numbers stay numbers, anything else its string. */
export function questionIdValue(q: unknown): number | string {
  return typeof q === 'number' ? q : String(q);
}

export interface PrecheckFields {
  question_id: number | string;
  sample_number: number;
  scoring_type: string;
  question: string;
}

export function precheckFields(p: PrecheckEntry): PrecheckFields {
  return {
    question_id: questionIdValue(p.question_id),
    sample_number: p.sample_number,
    scoring_type: String(p.scoring_type ?? ''),
    question: clip(String(p.substituted_question ?? ''), QUESTION_CHARS) ?? '',
  };
}

/** The columns of an item row a response line gives: its outcome, and the statistics of its conversation. */
export interface ResponseFields extends StatsFields {
  exec_ok: number | null;
  error_message: string | null;
  error_class: string | null;
  model_info: string | null;
}

/**
 * A response line plus its conversation's `statistics` (when known). Duration is `execution_time_seconds`; the
 * start time is the finish time minus it (neither file records the start). Tokens: `total_tokens`, else the
 * rounded estimate; attempts default to 1 as in the live view.
 */
export function responseFields(r: ResponseLine, stats: ConversationStatistics | undefined): ResponseFields {
  const durationMs = stats ? Math.round((stats.execution_time_seconds ?? 0) * 1000) : null;
  const tokens = stats?.total_tokens ?? (typeof stats?.total_tokens_estimated === 'number' ? Math.round(stats.total_tokens_estimated) : null);
  const finishedAt = typeof r.timestamp === 'string' ? r.timestamp : null;
  return {
    exec_ok: bit(r.execution_successful !== false),
    error_message: r.execution_successful === false ? clip(r.error_message ?? 'execution failed', MESSAGE_CHARS) : null,
    error_class: r.execution_successful === false ? errorClass(r.error_message) : null,
    model_info: typeof r.model_info === 'string' ? r.model_info : null,
    attempts: stats ? (stats.attempts ?? 1) : null,
    rounds: stats ? (stats.inference_rounds ?? 0) : null,
    tool_calls: stats ? (stats.tool_calls ?? 0) : null,
    tokens: stats ? (tokens ?? 0) : null,
    duration_ms: durationMs,
    started_at: startedAt(finishedAt, durationMs),
    finished_at: finishedAt,
    prompt_tokens: stats?.prompt_tokens ?? null,
    completion_tokens: stats?.completion_tokens ?? null,
  };
}

/** `finished − duration` as ISO when the finish time parses (reference stamps have no zone: kept as they are otherwise). */
function startedAt(finishedAt: string | null, durationMs: number | null): string | null {
  if (finishedAt === null || durationMs === null) return null;
  const t = Date.parse(finishedAt);
  if (Number.isNaN(t) || !/(Z|[+-]\d\d:?\d\d)$/.test(finishedAt)) return null;
  return new Date(t - durationMs).toISOString();
}

/** `picard_live` of a `scores.progress.jsonl` line (PICARD Live's runner writes it), or null when absent or malformed. */
export function liveStatsFields(s: ScoreProgressLine): StatsFields | null {
  const p = s.picard_live as Record<string, unknown> | undefined;
  return typeof p === 'object' && p !== null ? statsFromRecord(p) : null;
}

export interface ScoreFields {
  correct: number;
  verdict_message: string | null;
  scored_at: string | null;
  scoring_type: string;
}

export function scoreFields(s: ScoreLine): ScoreFields {
  return {
    correct: bit(s.correct === true) ?? 0,
    verdict_message: clip(s.error_message, MESSAGE_CHARS),
    scored_at: typeof s.timestamp === 'string' ? s.timestamp : null,
    scoring_type: String(s.scoring_type ?? ''),
  };
}

/**
 * The class of a failed item's error, from its message (responses.jsonl keeps only the text): the runner's
 * failure reasons (`rate-limited`, `timeout`, `server-error`, `client-error`, `stream-cut`, `network`,
 * `aborted`), else `agent-error`.
 */
export function errorClass(message: string | null | undefined): string {
  const m = (message ?? '').replace(/^Failed after \d+ attempts?\. Last error: /, '');
  const http = /HTTP (\d{3})/.exec(m);
  if (http) {
    const status = Number(http[1]);
    if (status === 429) return 'rate-limited';
    if (status === 408) return 'timeout';
    return status >= 500 ? 'server-error' : 'client-error';
  }
  if (/timed out|timeout/i.test(m)) return 'timeout';
  if (/^stream cut off/i.test(m)) return 'stream-cut';
  if (/^network error|ECONNREFUSED|ECONNRESET|fetch failed/i.test(m)) return 'network';
  if (/^aborted$/i.test(m)) return 'aborted';
  return 'agent-error';
}
