import type { Agent } from '../agents/types';
import { createSimulatedAgent } from '../agents/simulated';
import { createOpenAIAgent } from '../agents/openai-agent';
import { createAgenticServerAgent } from '../agents/agentic-server-agent';
import type { AgentConfig } from './types';

/**
 * Builds the agent for a run. The API key comes from `apiKey` (dashboard, memory only) or the environment
 * variable named by the config; it is never part of the config and never written.
 */
export function createAgent(config: AgentConfig, ctx: { seed: number; apiKey?: string; epoch?: number }): Agent {
  switch (config.kind) {
    case 'simulated':
      return createSimulatedAgent({ seed: ctx.seed, thinkMs: config.thinkMs, accuracy: config.accuracy, errorRate: config.errorRate, epoch: ctx.epoch });
    case 'openai': {
      const envName = config.apiKeyEnv ?? 'OPENAI_API_KEY';
      const key = ctx.apiKey ?? process.env[envName] ?? '';
      return createOpenAIAgent(config, key, { keyFrom: ctx.apiKey !== undefined ? 'form' : 'env' });
    }
    case 'agentic-server':
      return createAgenticServerAgent(config);
  }
}
