import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ChatMessage, ConversationStatistics } from '../results/types';

/** Everything an agent gets for one attempt at one instance. */
export interface AgentRequest {
  /** The instance (a precheck entry): the simulated agent reads the answer key from it; real agents must not. */
  entry: PrecheckEntry;
  /** The question as sent (`substituted_question`). */
  question: string;
  /** The instance's sandbox root: every tool path is confined to it. */
  sandboxDir: string;
  /**
   * The realpath of `sandboxDir`'s parent (the run's sandbox folder), resolved once per run by the runner; absent:
   * the agent resolves `sandboxDir` itself. Either way the instance folder itself is checked on every attempt (but see
   * `sandboxRealDir`).
   */
  sandboxRealParent?: string;
  /**
   * The realpath of `sandboxDir` when the runner has just created it for this attempt (a new plain folder in the
   * real parent, which nothing else has touched since): then the agent does not check the folder itself.
   */
  sandboxRealDir?: string;
  /** 1-based attempt number. */
  attempt: number;
  signal: AbortSignal;
  /** Live progress inside an item (a round finished, a tool ran) for dashboards. Optional. */
  onProgress?: (p: AgentProgress) => void;
}

export type AgentProgress =
  | { kind: 'round'; round: number; tokens?: number }
  | { kind: 'tool'; name: string; ok: boolean };

export interface AgentSuccess {
  ok: true;
  responseText: string;
  conversation: ChatMessage[];
  statistics: ConversationStatistics;
  modelInfo: string;
}

/** A failed attempt. `retryable` decides whether the runner tries again. */
export interface AgentFailure {
  ok: false;
  error: {
    message: string;
    retryable: boolean;
    /**
     * Run-fatal: every other item would fail the same way (a refused key, an unknown model, no server at the
     * endpoint). The runner stops the run as `failed` with `message` as the reason; it must say what to fix.
     */
    fatal?: boolean;
    /** HTTP status, when there was one. */
    status?: number;
    /** Server-requested wait (Retry-After), in ms. */
    retryAfterMs?: number;
    /** Short machine-readable reason: 'rate-limited', 'server-error', 'timeout', 'stream-cut', 'client-error', 'network', 'aborted', 'agent-error'; run-fatal: 'unauthorized', 'forbidden', 'not-found', 'unreachable'. */
    reason: string;
  };
  /** Whatever was recorded before the failure (partial conversation). */
  conversation: ChatMessage[];
  statistics: ConversationStatistics;
  modelInfo: string;
}

export type AgentOutcome = AgentSuccess | AgentFailure;

/** An agent answers one instance per call. Implementations: simulated, openai, agentic-server. */
export interface Agent {
  /** Short id recorded in the manifest (`simulated`, `openai`, `agentic-server`). */
  readonly kind: string;
  /** Public settings for the manifest: never secrets. */
  describe(): Record<string, unknown>;
  run(req: AgentRequest): Promise<AgentOutcome>;
}
