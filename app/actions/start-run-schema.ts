import { z } from 'zod';
import { agentKindNames, configFromFields } from '@/lib/agents';
import type { AgentConfig } from '@/lib/agents';

/** Empty form fields mean "not set". */
const opt = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The new-run form as submitted (all strings), validated and converted: the run's own settings. The agent's
 * settings are its kind's fields, validated by the kind's schema (`agentFromForm`).
 */
export const StartRunForm = z.object({
  suite: z.string().min(1, 'choose a definitions file'),
  definitionsPath: opt(z.string().trim().min(1)),
  agent: z.enum(agentKindNames),
  samples: opt(int(1, 10_000)),
  seed: opt(int(0, 2 ** 31 - 1)),
  label: opt(z.string().trim().max(80).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only')),
  concurrency: opt(int(1, 64)),
  retries: opt(int(0, 20)),
  apiKey: opt(z.string()),
});
export type StartRunFormValues = z.infer<typeof StartRunForm>;

/** Defaults of agent fields the server configures (the simulated think time, PICARD_SIM_THINK_MS). */
export function agentFieldDefaults(simThinkMs: number | null): Record<string, string> {
  return simThinkMs === null ? {} : { thinkMs: String(simThinkMs) };
}

/** The agent settings the form describes, or a message naming each bad field (`baseUrl: required`). */
export function agentFromForm(kind: string, form: Readonly<Record<string, unknown>>, defaults: Record<string, string> = {}): AgentConfig | string {
  const r = configFromFields(kind, form, defaults);
  return r.ok ? r.config : r.issues.map((i) => `${i.key}: ${i.message}`).join('; ');
}
