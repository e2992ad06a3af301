import { z } from 'zod';

const ms = z.int('expected whole milliseconds').min(0, 'must not be negative');
const probability = z.number('expected a number').min(0, 'expected a probability (0–1)').max(1, 'expected a probability (0–1)');

/** Validates a `simulated` config (its settings as plain data: simulated.ts). */
export const simulatedConfigSchema = z.object({
  kind: z.literal('simulated'),
  /** Think time per item in ms: a fixed value or a [min, max] range (default [200, 1000]). */
  thinkMs: z.union([ms, z.tuple([ms, ms]).refine(([lo, hi]) => lo <= hi, 'MIN must not exceed MAX')]).optional(),
  /** Probability of a right answer (default 0.8). */
  accuracy: probability.optional(),
  /** Probability that an attempt fails with a retryable error (default 0). */
  errorRate: probability.optional(),
});
