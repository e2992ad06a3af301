import { z } from 'zod';
import { httpUrl, maxRoundsSchema, requestTimeoutSchema } from './shared-schema';

/** Validates an `agentic-server` config (its settings as plain data: agentic-server.ts). */
export const agenticServerConfigSchema = z.object({
  kind: z.literal('agentic-server'),
  endpoint: httpUrl,
  maxRounds: maxRoundsSchema.optional(),
  requestTimeoutS: requestTimeoutSchema.optional(),
});
