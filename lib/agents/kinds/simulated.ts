import { z } from 'zod';
import { defineAgentKind } from '../agent-kind';

const ms = z.int('expected whole milliseconds').min(0, 'must not be negative');
const probability = z.number('expected a number').min(0, 'expected a probability (0–1)').max(1, 'expected a probability (0–1)');

export const simulatedConfigSchema = z.object({
  kind: z.literal('simulated'),
  /** Think time per item in ms: a fixed value or a [min, max] range (default [200, 1000]). */
  thinkMs: z.union([ms, z.tuple([ms, ms]).refine(([lo, hi]) => lo <= hi, 'MIN must not exceed MAX')]).optional(),
  /** Probability of a right answer (default 0.8). */
  accuracy: probability.optional(),
  /** Probability that an attempt fails with a retryable error (default 0). */
  errorRate: probability.optional(),
});

/** No model: answers from the instance's answer key, through the real tools. */
export const simulatedKind = defineAgentKind({
  kind: 'simulated',
  label: 'Simulated (no model; answers from the key)',
  configSchema: simulatedConfigSchema,
  fields: [
    {
      key: 'thinkMs', type: 'ms-range',
      cli: { flag: '--think-ms', arg: '<ms|min-max>', help: 'simulated agent think time per item (default 200-1000)' },
      form: { label: 'Simulated think time (ms)', placeholder: '200–1000 random', advanced: true },
    },
    {
      key: 'accuracy', type: 'number',
      cli: { flag: '--accuracy', arg: '<p>', help: 'simulated agent probability of a right answer (default 0.8)' },
      form: { label: 'Simulated accuracy (0–1)', placeholder: '0.8', advanced: true, min: 0, max: 1, step: 0.05 },
    },
    {
      key: 'errorRate', type: 'number',
      cli: { flag: '--error-rate', arg: '<p>', help: 'simulated agent probability that an attempt fails with a retryable error (default 0)' },
      form: { label: 'Simulated error rate per attempt (0–1)', placeholder: '0', advanced: true, min: 0, max: 1, step: 0.05 },
    },
  ],
});
