import type { z } from 'zod';
import { agenticServerConfigSchema } from './kinds/agentic-server-schema';
import { openaiConfigSchema } from './kinds/openai-schema';
import { simulatedConfigSchema } from './kinds/simulated-schema';

/**
 * Every agent kind's zod schema, by kind: validates a config of that kind (from the CLI, the form, an experiment
 * file, a library caller, or a manifest on resume). Apart from the kinds' plain data (agent-kinds.ts), so what only
 * declares flags or form inputs does not load zod; `AgentConfig` is derived from these. Each key is its schema's
 * kind; agent-kinds.ts holds the keys to `agentKinds` (this file imports nothing of it: no import cycle).
 */
export const agentConfigSchemas = {
  simulated: simulatedConfigSchema,
  openai: openaiConfigSchema,
  'agentic-server': agenticServerConfigSchema,
} as const satisfies Readonly<Record<string, z.ZodType<{ kind: string }>>>;
