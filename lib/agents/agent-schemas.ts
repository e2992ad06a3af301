import type { z } from 'zod';
import type { AgentKind } from './agent-kinds';
import { agenticServerConfigSchema } from './kinds/agentic-server-schema';
import { openaiConfigSchema } from './kinds/openai-schema';
import { simulatedConfigSchema } from './kinds/simulated-schema';

/**
 * Every agent kind's zod schema, by kind: validates a config of that kind (from the CLI, the form, an experiment
 * file, a library caller, or a manifest on resume). Apart from the kinds' plain data (agent-kinds.ts), so what only
 * declares flags or form inputs does not load zod; `AgentConfig` is derived from these. The compiler refuses a
 * kind of `agentKinds` without a schema, and a schema for a kind not there.
 */
export const agentConfigSchemas = {
  simulated: simulatedConfigSchema,
  openai: openaiConfigSchema,
  'agentic-server': agenticServerConfigSchema,
} as const satisfies { readonly [K in AgentKind]: z.ZodType<{ kind: K }> };
