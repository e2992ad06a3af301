import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { causeText, classifyStatus, failures, type FailureError } from './failure';

/** One model call, accumulated from its stream. */
export interface RoundResult {
  content: string;
  /** `reasoning_content` / `reasoning` deltas (vLLM, llama.cpp, Ollama); not re-sent. */
  reasoning: string;
  toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  finishReason: string | null;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** The served model id, from the chunks. */
  model?: string;
}

/** A round that failed in a way already classified (timeout, cut, abort, HTTP); `cause` is the original error. */
export class RoundError extends Error {
  constructor(
    readonly failure: FailureError,
    cause?: unknown,
  ) {
    super(failure.message, cause === undefined ? undefined : { cause });
  }
}

/** Adds one chunk to the round (agent-protocol.md §4.2): tool calls by `index`, reasoning fields, usage-only chunk. */
export function accumulate(acc: RoundResult, chunk: ChatCompletionChunk): void {
  if (chunk.model && !acc.model) acc.model = chunk.model;
  if (chunk.usage) acc.usage = chunk.usage;
  const ch = chunk.choices?.[0];
  if (!ch) return;
  const d = (ch.delta ?? {}) as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; reasoning?: string };
  if (d.content) acc.content += d.content;
  const r = d.reasoning_content ?? d.reasoning;
  if (r) acc.reasoning += r;
  (d.tool_calls ?? []).forEach((tc, pos) => {
    const i = tc.index ?? pos; // tolerate servers that omit index
    const slot = (acc.toolCalls[i] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
    if (tc.id) slot.id = tc.id;
    if (tc.function?.name) slot.function.name += tc.function.name;
    if (tc.function?.arguments) slot.function.arguments += tc.function.arguments;
  });
  if (ch.finish_reason) acc.finishReason = ch.finish_reason;
}

/** Turns an SDK/transport error into a classified failure. */
export function classifySdkError(err: unknown, responded: boolean, nowMs: number): FailureError {
  if (err instanceof RoundError) return err.failure;
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const body = (err.error as { message?: string } | undefined)?.message ?? err.message;
    return classifyStatus(err.status, body, err.headers, nowMs);
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return { message: 'timed out waiting for the response', retryable: true, reason: 'timeout' };
  }
  if (err instanceof SyntaxError) {
    return { message: `malformed stream chunk from the server: ${err.message}`, retryable: true, reason: 'server-error' };
  }
  if (responded) return failures.streamCut(causeText(err));
  if (err instanceof OpenAI.APIConnectionError) return failures.network(causeText(err.cause ?? err));
  return failures.network(causeText(err));
}

/**
 * Streams one completion. Times out when the server is silent for `timeoutMs` (before the headers or between
 * chunks: a long but live stream is fine). Throws `RoundError` for timeout, abort and a stream that ends
 * without a finish reason (the SDK ends silently on both abort and a truncated body); SDK errors otherwise.
 */
export async function streamRound(
  client: OpenAI,
  body: ChatCompletionCreateParamsStreaming,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<RoundResult> {
  const acc: RoundResult = { content: '', reasoning: '', toolCalls: [], finishReason: null };
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), timeoutMs);
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), timeoutMs);
  };
  let started = false; // first chunk seen
  let responded = false; // HTTP response headers seen: a transport error from here on is a cut stream
  try {
    const stream = await client.chat.completions.create(body, { signal: AbortSignal.any([signal, idle.signal]) });
    responded = true;
    arm();
    for await (const chunk of stream) {
      arm();
      started = true;
      accumulate(acc, chunk);
    }
  } catch (err) {
    if (!signal.aborted && !idle.signal.aborted) throw err instanceof RoundError ? err : new RoundError(classifySdkError(err, responded, Date.now()), err);
  } finally {
    clearTimeout(timer);
  }
  if (signal.aborted) throw new RoundError(failures.aborted());
  if (idle.signal.aborted) throw new RoundError(failures.timeout(timeoutMs, started ? 'waiting for the next stream chunk' : 'waiting for the response'));
  if (acc.finishReason === null) throw new RoundError(failures.streamCut('the response ended without a finish_reason'));
  return acc;
}
