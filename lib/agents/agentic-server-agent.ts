import type { ConversationStatistics } from '../results/types';
import type { AgentConfigOf } from './agent-kinds';
import { systemClock, type Clock } from '../util/clock';
import { AgenticStreamState, ProtocolError } from './agentic-stream-state';
import { causeText, classifyStatus, failureOutcome, failures, statusDetail, unreachableCode, type FailureError } from './failure';
import { Transcript } from './transcript';
import type { Agent, AgentOutcome, AgentRequest } from './types';

export type AgenticServerAgentConfig = AgentConfigOf<'agentic-server'>;

/** The reference client's fixed values (spec §7.3): the runner never overrides temperature or max tokens. */
export const AGENTIC_DEFAULTS = { maxRounds: 20, requestTimeoutS: 300, temperature: 0.4, maxOutputTokens: 4000 } as const;

/** The protocol carries no model id (the reference records a hard-coded "Unknown [BUG…]"). */
export function agenticModelInfo(endpoint: string): string {
  return `unknown (agentic server ${endpoint})`;
}

class AgenticServerAgent implements Agent {
  readonly kind = 'agentic-server';
  /** Some request of this agent got an HTTP response: from then on a refused connection is transient. */
  private reached = false;
  constructor(
    private readonly config: AgenticServerAgentConfig,
    private readonly clock: Clock,
  ) {}

  describe(): Record<string, unknown> {
    return {
      kind: 'agentic-server',
      endpoint: this.config.endpoint,
      max_rounds: this.config.maxRounds ?? AGENTIC_DEFAULTS.maxRounds,
      request_timeout_s: this.config.requestTimeoutS ?? AGENTIC_DEFAULTS.requestTimeoutS,
      temperature: AGENTIC_DEFAULTS.temperature,
      max_output_tokens: AGENTIC_DEFAULTS.maxOutputTokens,
    };
  }

  async run(req: AgentRequest): Promise<AgentOutcome> {
    const t = new Transcript(this.clock);
    t.push({ role: 'user', content: req.question });
    const state = new AgenticStreamState(t, this.config.maxRounds ?? AGENTIC_DEFAULTS.maxRounds, req.onProgress);
    const timeoutMs = (this.config.requestTimeoutS ?? AGENTIC_DEFAULTS.requestTimeoutS) * 1000;
    const modelInfo = agenticModelInfo(this.config.endpoint);
    const failure = await this.exchange(req, state, timeoutMs);
    const error = failure?.fatal ? { ...failure, message: fatalText(this.config.endpoint, failure) } : failure;
    const stats = statistics(t, state);
    if (error) return failureOutcome(error, t.messages, stats, modelInfo);
    return { ok: true, responseText: state.finalResponse, conversation: t.messages, statistics: stats, modelInfo };
  }

  /** Sends the request and feeds the stream to `state`; returns the failure, or null on a complete run. */
  private async exchange(req: AgentRequest, state: AgenticStreamState, timeoutMs: number): Promise<FailureError | null> {
    const ctrl = new AbortController();
    let timedOut = false;
    let timer = setTimeout(() => ((timedOut = true), ctrl.abort()), timeoutMs);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ((timedOut = true), ctrl.abort()), timeoutMs);
    };
    const onAbort = () => ctrl.abort();
    req.signal.addEventListener('abort', onAbort, { once: true });
    let responded = false;
    try {
      // Same body and key order as the reference client (C75).
      const body = { messages: [{ role: 'user', content: req.question }], temperature: AGENTIC_DEFAULTS.temperature, max_output_tokens: AGENTIC_DEFAULTS.maxOutputTokens };
      const res = await fetch(this.config.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: ctrl.signal });
      responded = true;
      this.reached = true;
      arm();
      if (!res.ok) return classifyStatus(res.status, errorBody(await res.text()), res.headers, Date.now());
      if (!res.body) return failures.streamCut('the response had no body');
      const stopped = await readLines(res.body, (line) => {
        arm();
        return state.line(line);
      });
      if (stopped) {
        ctrl.abort(); // round cap reached: hang up so the server stops (it still runs the pending tool; §3.3 #7)
        return null;
      }
      const why = state.incompleteReason();
      return why ? failures.streamCut(why) : null;
    } catch (err) {
      if (req.signal.aborted) return failures.aborted();
      if (timedOut) return failures.timeout(timeoutMs, responded ? 'waiting for the next stream line' : 'waiting for the response');
      if (err instanceof ProtocolError) return { message: err.message, retryable: true, reason: 'server-error' };
      if (responded) return failures.streamCut(causeText(err));
      const code = this.reached ? undefined : unreachableCode(err);
      return code ? failures.unreachable(code) : failures.network(causeText(err));
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onAbort);
    }
  }
}

/** A run-fatal failure reworded to say what to fix (the endpoint takes no credentials from us). */
function fatalText(endpoint: string, f: FailureError): string {
  const then = 'then resume the run';
  switch (f.reason) {
    case 'unauthorized':
    case 'forbidden':
      return `The agentic server at ${endpoint} refused the request (${statusDetail(f)}). PICARD Live sends it no credentials: allow unauthenticated requests from this machine, ${then}.`;
    case 'not-found':
      return `The agentic server at ${endpoint} has no such endpoint (${statusDetail(f)}). Fix the endpoint URL (the reference server serves POST /api/chat), ${then}.`;
    default:
      return `Nothing answers at ${endpoint} (${f.message}). Start the agentic server or fix the endpoint URL, ${then}.`;
  }
}

/** The server's JSON `{"error": …}` text when there is one, else the body's first 500 characters. */
function errorBody(text: string): string {
  try {
    const v = JSON.parse(text) as { error?: unknown };
    if (v && typeof v.error === 'string') return v.error;
  } catch {
    /* not JSON: Werkzeug's HTML page or plain text */
  }
  return text.slice(0, 500);
}

/** Splits a byte stream into lines; `onLine` returning 'stop' ends reading early (returns true). */
async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => 'continue' | 'stop'): Promise<boolean> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (onLine(line) === 'stop') return true;
    }
  }
  pending += decoder.decode();
  return pending.trim() !== '' && onLine(pending) === 'stop';
}

/** PICARD's statistics (C72), plus per-round detail. `total_tokens_estimated` is the reference's `len × 1.3`. */
function statistics(t: Transcript, s: AgenticStreamState): ConversationStatistics {
  return {
    total_messages: t.messages.length,
    inference_rounds: s.nonBlankRounds,
    tool_calls: s.toolCalls,
    tools_used: s.toolExecuted ? ['tool_executed'] : [],
    execution_time_seconds: t.elapsedSeconds(),
    total_tokens_estimated: [...s.finalResponse].length * 1.3,
    rounds: t.rounds.map((r) => ({ ...r })),
  };
}

/** Client for the reference agentic server's NDJSON protocol (`POST /api/chat`). */
export function createAgenticServerAgent(config: AgenticServerAgentConfig, deps: { clock?: Clock } = {}): Agent {
  return new AgenticServerAgent(config, deps.clock ?? systemClock);
}
