import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage } from '../results/types';
import type { AgentConfigOf } from './agent-kinds';
import { systemClock, type Clock } from '../util/clock';
import { failureOutcome, failures, redact, statusDetail, unreachableCode, type FailureError } from './failure';
import { RoundError, streamRound, type RoundResult } from './openai-stream';
import { createToolset, runTool, toolContext, toOpenAITools, type Tool } from './tools';
import { Transcript } from './transcript';
import type { Agent, AgentOutcome, AgentRequest } from './types';

export type OpenAIAgentConfig = AgentConfigOf<'openai'>;

/** Defaults: 20 rounds as the reference's `--max-llm-rounds`; 300 s as its HTTP timeout. */
export const OPENAI_DEFAULTS = { maxRounds: 20, requestTimeoutS: 300 } as const;

/** Test and embedding hooks. */
export interface OpenAIAgentDeps {
  clock?: Clock;
  /** Replaces the §4.6 system prompt; `{root}` is replaced by the sandbox path. */
  systemPrompt?: string;
  /** Where the key came from, for run-fatal messages: the env var named by `apiKeyEnv` (default) or the dashboard form. */
  keyFrom?: 'env' | 'form';
}

/** agent-protocol.md §4.6: short, neutral, names the sandbox root, lists no tools (native `tools` carry them). */
export const DEFAULT_SYSTEM_PROMPT =
  'You are a helpful assistant that completes tasks using the provided tools. All files you may access are inside ' +
  'the artifacts directory {root}; use absolute paths as given in the task. Call tools as needed; when the task is ' +
  'complete, reply with your final answer and no tool call.';

/** OpenAI's own API wants `max_completion_tokens`; local servers (Ollama, llama.cpp) only know `max_tokens`. */
function maxTokensField(baseUrl: string): 'max_tokens' | 'max_completion_tokens' {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';
  } catch {
    return 'max_tokens';
  }
}

/** The wire form of the recorded messages: tool messages lose the `name` we keep for the dashboard. */
function toWire(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m) =>
    m.role === 'tool' ? { role: 'tool', tool_call_id: m.tool_call_id ?? '', content: m.content ?? '' } : (m as ChatCompletionMessageParam),
  );
}

/** Fills missing tool-call ids with 9 alphanumerics (Mistral-family servers reject other shapes). */
function assistantMessage(r: RoundResult, round: number): ChatMessage {
  const calls = r.toolCalls.filter(Boolean).map((c, i) => ({
    ...c,
    id: c.id || `c${String(round).padStart(4, '0')}${String(i).padStart(4, '0')}`,
  }));
  return { role: 'assistant', content: r.content === '' ? null : r.content, ...(calls.length > 0 && { tool_calls: calls }) };
}

class OpenAIAgent implements Agent {
  readonly kind = 'openai';
  private readonly client: OpenAI;
  private readonly tools: Tool[];
  private readonly clock: Clock;
  /** Some request of this agent got through to a server: from then on a refused connection is transient. */
  private reached = false;

  constructor(
    private readonly config: OpenAIAgentConfig,
    private readonly apiKey: string | undefined,
    private readonly deps: OpenAIAgentDeps,
  ) {
    // The runner retries whole attempts; SDK retries would hide failures and double the waits.
    // Local servers need no key, but the SDK insists on one. Its own logging is off: failures are reported
    // through AgentFailure, and the SDK would print raw stream data to the run's console.
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: apiKey || 'not-needed',
      maxRetries: 0,
      timeout: this.timeoutMs(),
      logLevel: 'off',
    });
    this.tools = createToolset({ allowExec: config.allowExec === true });
    this.clock = deps.clock ?? systemClock;
  }

  private timeoutMs(): number {
    return (this.config.requestTimeoutS ?? OPENAI_DEFAULTS.requestTimeoutS) * 1000;
  }

  describe(): Record<string, unknown> {
    const c = this.config;
    return {
      kind: 'openai',
      base_url: c.baseUrl,
      model: c.model,
      api_key_env: c.apiKeyEnv ?? 'OPENAI_API_KEY',
      temperature: c.temperature ?? null,
      max_tokens: c.maxTokens ?? null,
      max_rounds: c.maxRounds ?? OPENAI_DEFAULTS.maxRounds,
      request_timeout_s: c.requestTimeoutS ?? OPENAI_DEFAULTS.requestTimeoutS,
      allow_exec: c.allowExec === true,
      tools: this.tools.map((t) => t.name),
    };
  }

  private requestBody(messages: ChatMessage[]): ChatCompletionCreateParamsStreaming {
    const c = this.config;
    return {
      model: c.model,
      messages: toWire(messages),
      tools: toOpenAITools(this.tools),
      stream: true,
      stream_options: { include_usage: true },
      ...(c.temperature !== undefined && { temperature: c.temperature }),
      ...(c.maxTokens !== undefined && { [maxTokensField(c.baseUrl)]: c.maxTokens }),
    };
  }

  async run(req: AgentRequest): Promise<AgentOutcome> {
    const t = new Transcript(this.clock);
    const prompt = (this.deps.systemPrompt ?? DEFAULT_SYSTEM_PROMPT).replaceAll('{root}', req.sandboxDir);
    t.push({ role: 'system', content: prompt });
    t.push({ role: 'user', content: req.question });
    let modelInfo = this.config.model;
    const maxRounds = this.config.maxRounds ?? OPENAI_DEFAULTS.maxRounds;
    let lastText = '';
    const toolCtx = toolContext(req.sandboxDir, req.signal, req.sandboxRealParent, req.sandboxRealDir); // the root's realpath once per attempt
    for (let round = 1; round <= maxRounds; round++) {
      const end = t.startRound();
      let r: RoundResult;
      try {
        r = await streamRound(this.client, this.requestBody(t.messages), req.signal, this.timeoutMs());
      } catch (err) {
        end({ tool_calls: 0 });
        return failureOutcome(this.failureOf(err), t.messages, t.statistics(), modelInfo);
      }
      this.reached = true;
      modelInfo = r.model || modelInfo;
      const msg = assistantMessage(r, round);
      t.push(msg);
      const calls = msg.tool_calls ?? [];
      end({ prompt_tokens: r.usage?.prompt_tokens, completion_tokens: r.usage?.completion_tokens, tool_calls: calls.length });
      req.onProgress?.({ kind: 'round', round, tokens: r.usage?.total_tokens });
      if (r.content.trim()) lastText = r.content;
      // Tool use is decided by the presence of tool_calls, not finish_reason (some servers say "stop").
      if (calls.length === 0 || round === maxRounds) break; // capped: calls of the last round are never run
      for (const call of calls) {
        const res = await runTool(this.tools, call.function.name, call.function.arguments, toolCtx);
        t.noteTool(call.function.name);
        t.push({ role: 'tool', tool_call_id: call.id, name: call.function.name, content: res.output });
        req.onProgress?.({ kind: 'tool', name: call.function.name, ok: res.ok });
      }
      if (req.signal.aborted) return failureOutcome(failures.aborted(), t.messages, t.statistics(), modelInfo);
    }
    return { ok: true, responseText: lastText, conversation: t.messages, statistics: t.statistics(), modelInfo };
  }

  /** The classified failure of a round, run-fatal ones reworded to say what to fix; never contains the key. */
  private failureOf(err: unknown): FailureError {
    let f = err instanceof RoundError ? err.failure : failures.agent(`unexpected error: ${String(err)}`);
    if (f.reason === 'network' && !this.reached) {
      const code = unreachableCode(err instanceof RoundError ? err.cause : err);
      if (code) f = failures.unreachable(code);
    }
    if (!['network', 'unreachable', 'aborted'].includes(f.reason)) this.reached = true; // a server answered
    const message = f.fatal ? this.fatalMessage(f) : f.message;
    return { ...f, message: redact(message, this.apiKey) };
  }

  private fatalMessage(f: FailureError): string {
    const c = this.config;
    const env = `$${c.apiKeyEnv ?? 'OPENAI_API_KEY'}`;
    const key = !this.apiKey
      ? `the request without an API key (${this.deps.keyFrom === 'form' ? 'none was entered in the form' : `${env} is not set`})`
      : this.deps.keyFrom === 'form'
        ? 'the API key entered in the form'
        : `the API key in ${env}`;
    const then = 'then resume the run';
    switch (f.reason) {
      case 'unauthorized':
        return `The provider at ${c.baseUrl} refused ${key} (${statusDetail(f)}). Set a valid key, ${then}.`;
      case 'forbidden':
        return `The provider at ${c.baseUrl} denied ${key} access (${statusDetail(f)}). Use a key allowed to call model '${c.model}', ${then}.`;
      case 'not-found':
        return `The provider at ${c.baseUrl} does not know model '${c.model}' (${statusDetail(f)}). Check the model name and the base URL, ${then}.`;
      default:
        return `Nothing answers at ${c.baseUrl} (${f.message}). Start the server or fix the base URL, ${then}.`;
    }
  }
}

/** The built-in agent over any OpenAI-compatible Chat Completions endpoint. `apiKey` is held in memory only. */
export function createOpenAIAgent(config: OpenAIAgentConfig, apiKey: string | undefined, deps: OpenAIAgentDeps = {}): Agent {
  return new OpenAIAgent(config, apiKey, deps);
}
