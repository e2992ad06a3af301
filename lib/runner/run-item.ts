import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Agent, AgentFailure, AgentOutcome } from '../agents/types';
import type { RunEventBus } from '../events/bus';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import type { ConversationFile, ResponseLine, ScoreLine } from '../results/types';
import type { ScoreContext } from '../scoring/types';
import type { Clock } from '../util/clock';
import { pyIsoLocal } from '../util/clock';
import type { AdaptiveLimit } from './adaptive-limit';
import { sleep } from '../util/sleep';
import { isRunFatal, retryDelayMs } from '../agents/retry-policy';
import { createRng } from '../util/rng';
import { tokenSplitOf } from '../results/token-split';

/** What one item needs from its run. */
export interface ItemContext {
  agent: Agent;
  bus: RunEventBus;
  clock: Clock;
  /** Held for each attempt (not while sleeping before a retry); throttled on a 429. */
  limit: Pick<AdaptiveLimit, 'acquire' | 'release' | 'throttle'>;
  signal: AbortSignal;
  /** Root of the run's sandbox; each instance works in `<root>/q{X}_s{Y}`. */
  sandboxRoot: string;
  /**
   * The realpath of `sandboxRoot` (undefined while it does not exist), resolved once per run (`runLoop`) and handed
   * to the agent, so an attempt checks its instance folder with one lstat instead of resolving every path component.
   */
  sandboxRealRoot?: () => string | undefined;
  maxAttempts: number;
  baseDelayMs: number;
  score: (entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext) => ScoreLine;
  /** Restores the instance's sandbox area to its generated state (before a retry); absent when unknown. */
  resetSandbox?: (entry: PrecheckEntry) => void;
  /** Also reset before the first attempt (a resumed run: an abandoned or errored attempt may have left changes). */
  resetBeforeFirstAttempt?: boolean;
  /** Writes the conversation file (atomically); awaited before the item is announced. */
  saveConversation: (conversation: ConversationFile) => Promise<void>;
  /** Stops the run as failed with the agent's reason (a run-fatal failure: every other item would fail too). */
  onFatal: (reason: string) => void;
}

export type ItemOutcome = 'passed' | 'failed' | 'errored' | 'abandoned';

/** Runs one instance to completion: attempts with retries, then the response, conversation and score events. */
export async function runItem(entry: PrecheckEntry, ctx: ItemContext): Promise<ItemOutcome> {
  const ref = { key: itemKey(entry.question_id, entry.sample_number), question_id: entry.question_id, sample_number: entry.sample_number };
  const sandboxDir = join(ctx.sandboxRoot, ref.key);
  // True while the folder is one this item has just created (a new plain folder) and no attempt has run in it yet.
  let created = false;
  const prepareSandbox = (reset: boolean) => {
    if (reset) ctx.resetSandbox?.(entry);
    // Every instance gets its own sandbox folder, even when its definition generates no files. `mkdirSync` tells
    // the first folder it created (undefined: it was there).
    if (reset || !entry.sandbox_generation?.all_files_created?.length) created = mkdirSync(sandboxDir, { recursive: true }) !== undefined;
  };
  prepareSandbox(ctx.resetBeforeFirstAttempt === true);
  const started = performance.now();
  const precheckError = precheckFailure(entry);
  let outcome: AgentOutcome | null = precheckError;
  let attempt = 0;
  while (outcome === null || (!outcome.ok && outcome.error.retryable && attempt < ctx.maxAttempts && !precheckError)) {
    if (outcome && !outcome.ok) {
      if (outcome.error.reason === 'rate-limited') ctx.limit.throttle();
      const jitter = createRng(ref.key, `retry/${attempt}`);
      const delayMs = retryDelayMs(attempt, ctx.baseDelayMs, outcome, () => jitter.next());
      ctx.bus.emit({ type: 'item-retrying', ...ref, attempt: attempt + 1, maxAttempts: ctx.maxAttempts, reason: outcome.error.reason, message: outcome.error.message, delayMs });
      await sleep(delayMs, ctx.signal);
      if (!ctx.signal.aborted) prepareSandbox(true);
    }
    if (ctx.signal.aborted) return 'abandoned';
    attempt += 1;
    try {
      await ctx.limit.acquire(ctx.signal);
    } catch {
      return 'abandoned'; // cancelled while waiting for a slot
    }
    try {
      ctx.bus.emit({ type: 'item-started', ...ref, attempt });
      const sandboxRealParent = ctx.sandboxRealRoot?.();
      // A folder created just now in the real parent is that folder: the agent need not look at it again.
      const sandboxRealDir = created && sandboxRealParent !== undefined && !ref.key.includes(sep) ? join(sandboxRealParent, ref.key) : undefined;
      created = false;
      outcome = await ctx.agent.run({ entry, question: entry.substituted_question, sandboxDir, sandboxRealParent, sandboxRealDir, attempt, signal: ctx.signal });
    } catch (err) {
      outcome = thrownFailure(err);
    } finally {
      ctx.limit.release();
    }
    if (ctx.signal.aborted) return 'abandoned';
    if (!outcome.ok && isRunFatal(outcome)) {
      // Not written as errored: after the fix, a resume runs this item like the others that were in flight.
      ctx.onFatal(outcome.error.message);
      return 'abandoned';
    }
  }
  return finishItem(entry, ref, outcome, { attempts: attempt, durationMs: performance.now() - started, sandboxDir }, ctx);
}

async function finishItem(
  entry: PrecheckEntry,
  ref: { key: string; question_id: number | string; sample_number: number },
  outcome: AgentOutcome,
  meta: { attempts: number; durationMs: number; sandboxDir: string },
  ctx: ItemContext,
): Promise<ItemOutcome> {
  const timestamp = pyIsoLocal(ctx.clock.now());
  const errorMessage = outcome.ok ? null : failureMessage(outcome, meta.attempts);
  const response: ResponseLine = {
    question_id: entry.question_id,
    sample_number: entry.sample_number,
    timestamp,
    response_text: outcome.ok ? outcome.responseText : '',
    execution_successful: outcome.ok,
    error_message: errorMessage,
    model_info: outcome.modelInfo,
  };
  const statistics = { ...outcome.statistics, attempts: meta.attempts };
  const conversation: ConversationFile = {
    question_id: entry.question_id,
    sample_number: entry.sample_number,
    timestamp,
    initial_question: entry.substituted_question,
    conversation_history: outcome.conversation,
    statistics,
    final_response: response.response_text,
    execution_successful: outcome.ok,
    error_message: errorMessage,
    model_info: outcome.modelInfo,
  };
  await ctx.saveConversation(conversation);
  if (ctx.signal.aborted) return 'abandoned';
  ctx.bus.emit({
    type: 'item-finished',
    ...ref,
    response,
    conversation,
    durationMs: Math.round(meta.durationMs),
    rounds: statistics.inference_rounds ?? 0,
    toolCalls: statistics.tool_calls ?? 0,
    tokens: statistics.total_tokens ?? Math.round(statistics.total_tokens_estimated ?? 0),
    ...tokenSplitOf(statistics),
    attempts: meta.attempts,
  });
  const score = ctx.score(entry, response, { artifactsDir: meta.sandboxDir });
  const errored = !outcome.ok;
  ctx.bus.emit({ type: 'item-scored', ...ref, score, errored });
  if (errored) return 'errored';
  return score.correct ? 'passed' : 'failed';
}

function failureMessage(outcome: AgentFailure, attempts: number): string {
  if (outcome.error.reason === 'precheck') return outcome.error.message;
  return `Failed after ${attempts} attempts. Last error: ${outcome.error.message}`;
}

/** An instance whose answer key could not be computed is errored without asking the agent. */
function precheckFailure(entry: PrecheckEntry): AgentFailure | null {
  const errors = entry.precheck_errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return {
    ok: false,
    error: { message: `Precheck failed: ${errors.join('; ')}`, retryable: false, reason: 'precheck' },
    conversation: [],
    statistics: {},
    modelInfo: 'none',
  };
}

function thrownFailure(err: unknown): AgentFailure {
  const e = err as Error;
  return {
    ok: false,
    error: { message: `Agent crashed: ${e?.message ?? String(err)}`, retryable: false, reason: 'agent-error' },
    conversation: [],
    statistics: {},
    modelInfo: 'unknown',
  };
}
