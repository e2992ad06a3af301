import { z } from 'zod';
import type { AgentConfig } from '@/lib/runner/types';

/** Empty form fields mean "not set". */
const opt = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The new-run form as submitted (all strings), validated and converted. */
export const StartRunForm = z.object({
  suite: z.string().min(1, 'choose a definitions file'),
  definitionsPath: opt(z.string().trim().min(1)),
  agent: z.enum(['simulated', 'openai', 'agentic-server']),
  samples: opt(int(1, 10_000)),
  seed: opt(int(0, 2 ** 31 - 1)),
  label: opt(z.string().trim().max(80).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only')),
  thinkMs: opt(int(0, 600_000)),
  accuracy: opt(z.coerce.number().min(0).max(1)),
  errorRate: opt(z.coerce.number().min(0).max(1)),
  concurrency: opt(int(1, 64)),
  retries: opt(int(0, 20)),
  maxRounds: opt(int(1, 200)),
  apiKeyEnv: opt(z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')),
  baseUrl: opt(z.string().trim().url()),
  model: opt(z.string().trim().min(1)),
  apiKey: opt(z.string()),
  endpoint: opt(z.string().trim().url()),
});
export type StartRunFormValues = z.infer<typeof StartRunForm>;

/** The agent settings the form describes, or a message naming the missing field. */
export function agentFromForm(v: StartRunFormValues, defaultThinkMs: number | null): AgentConfig | string {
  if (v.agent === 'simulated') {
    const thinkMs = v.thinkMs ?? defaultThinkMs ?? undefined;
    return {
      kind: 'simulated', ...(thinkMs !== undefined ? { thinkMs } : {}), ...(v.accuracy !== undefined ? { accuracy: v.accuracy } : {}),
      ...(v.errorRate !== undefined ? { errorRate: v.errorRate } : {}),
    };
  }
  if (v.agent === 'openai') {
    if (!v.baseUrl) return 'baseUrl: required for an OpenAI-compatible agent';
    if (!v.model) return 'model: required for an OpenAI-compatible agent';
    return {
      kind: 'openai', baseUrl: v.baseUrl, model: v.model,
      ...(v.apiKeyEnv ? { apiKeyEnv: v.apiKeyEnv } : {}), ...(v.maxRounds ? { maxRounds: v.maxRounds } : {}),
    };
  }
  if (!v.endpoint) return 'endpoint: required for an agentic server';
  return { kind: 'agentic-server', endpoint: v.endpoint, ...(v.maxRounds ? { maxRounds: v.maxRounds } : {}) };
}
