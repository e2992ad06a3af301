import type { z } from 'zod';
import { defineAgentKind } from '../agent-kind';
import type { simulatedConfigSchema } from './simulated-schema';

/** No model: answers from the instance's answer key, through the real tools. */
export const simulatedKind = defineAgentKind<z.infer<typeof simulatedConfigSchema>>({
  kind: 'simulated',
  label: 'Simulated (no model; answers from the key)',
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
