import { z } from 'zod';
import { httpUrl, maxRoundsSchema, requestTimeoutSchema, requiredText } from './shared-schema';

/** Validates an `openai` config (its settings as plain data: openai.ts). */
export const openaiConfigSchema = z.object({
  kind: z.literal('openai'),
  baseUrl: httpUrl,
  model: requiredText,
  /** Name of the environment variable holding the key (default OPENAI_API_KEY). Secrets never go in a config. */
  apiKeyEnv: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
  temperature: z.number('expected a number').min(0, 'must not be negative').optional(),
  maxTokens: z.int('expected an integer').min(1, 'at least 1').optional(),
  maxRounds: maxRoundsSchema.optional(),
  requestTimeoutS: requestTimeoutSchema.optional(),
  allowExec: z.boolean().optional(),
});
