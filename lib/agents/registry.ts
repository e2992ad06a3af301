/**
 * The agent registry (node-side): a typed map from every kind in `agent-kinds.ts` to the factory that builds
 * its agent. The compiler refuses a kind without a factory. Browser code uses `agent-kinds.ts` (via index.ts) only.
 */
import { parseAgentConfig } from './agent-config';
import { type AgentConfig, type AgentConfigOf, type AgentKind } from './agent-kinds';
import { createAgenticServerAgent } from './agentic-server-agent';
import { createOpenAIAgent } from './openai-agent';
import { createSimulatedAgent } from './simulated';
import type { Agent } from './types';

/** What a factory gets besides the config: never written anywhere. */
export interface AgentContext {
  seed: number;
  /** API key typed into the dashboard form (memory only); otherwise the env var named by the config is read. */
  apiKey?: string;
  /** How many times the run has been resumed. */
  epoch?: number;
}

export type AgentFactory<K extends AgentKind> = (config: AgentConfigOf<K>, ctx: AgentContext) => Agent;

export const agentFactories: { readonly [K in AgentKind]: AgentFactory<K> } = {
  simulated: (c, ctx) => createSimulatedAgent({ seed: ctx.seed, thinkMs: c.thinkMs, accuracy: c.accuracy, errorRate: c.errorRate, epoch: ctx.epoch }),
  openai: (c, ctx) => {
    const key = ctx.apiKey ?? process.env[c.apiKeyEnv ?? 'OPENAI_API_KEY'] ?? '';
    return createOpenAIAgent(c, key, { keyFrom: ctx.apiKey !== undefined ? 'form' : 'env' });
  },
  'agentic-server': (c) => createAgenticServerAgent(c),
};

/**
 * Validates the settings against their kind's schema (an `AgentConfigError` names each bad one) and builds the
 * agent. The API key comes from `ctx.apiKey` or the environment; it is never part of the config.
 */
export function createAgent(config: AgentConfig, ctx: AgentContext, where = 'agent'): Agent {
  const valid = parseAgentConfig(config, where);
  const factory = agentFactories[valid.kind] as AgentFactory<AgentKind>;
  return factory(valid as AgentConfigOf<AgentKind>, ctx);
}
