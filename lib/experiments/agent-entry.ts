/**
 * A model entry of an experiment file → the `AgentConfig` a single run takes. The YAML keys are the CLI flags of
 * `picard run` in snake case (`--base-url` → `base_url`, `--max-llm-rounds` → `max_rounds`), mapped onto the
 * same config fields the CLI fills; the config is then built by the runner's own `createAgent` (the same code
 * path as `picard run`) before anything is written, so a setting the agent refuses is refused here too.
 */
import { z } from 'zod';
import { createAgent } from '../runner/create-agent';
import type { AgentConfig } from '../runner/types';

type Kind = AgentConfig['kind'];

const probability = z.number('expected a number').min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const positiveInt = z.int('expected an integer').min(1, 'must be at least 1');
const timeout = z.number('expected a number').positive('must be positive');
const text = z.string('expected a string').trim().min(1, 'must not be empty');
const httpUrl = text.regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL');

/** `think_ms: 300`, `[200, 900]` or `"200-900"` → the simulated agent's thinkMs; null when malformed. */
export function parseThinkMs(v: unknown): number | [number, number] | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0) && v[0] <= v[1]) return [v[0], v[1]];
  const m = typeof v === 'string' ? /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v) : null;
  if (m && (m[2] === undefined || Number(m[1]) <= Number(m[2]))) return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
  return null;
}

const thinkMs = z.unknown().refine((v) => v === undefined || parseThinkMs(v) !== null, { message: 'must be milliseconds: N, [MIN, MAX] or "MIN-MAX"' });

/** Per kind: its YAML keys with their schema and the config field each fills. Keyed by kind: the compiler checks every kind is here. */
const entryFields: { readonly [K in Kind]: Record<string, { schema: z.ZodType; field: string }> } = {
  simulated: {
    think_ms: { schema: thinkMs, field: 'thinkMs' },
    accuracy: { schema: probability, field: 'accuracy' },
    error_rate: { schema: probability, field: 'errorRate' },
  },
  openai: {
    base_url: { schema: httpUrl, field: 'baseUrl' },
    model: { schema: text, field: 'model' },
    api_key_env: { schema: text.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), field: 'apiKeyEnv' },
    temperature: { schema: z.number('expected a number').min(0, 'must not be negative'), field: 'temperature' },
    max_tokens: { schema: positiveInt, field: 'maxTokens' },
    max_rounds: { schema: positiveInt, field: 'maxRounds' },
    request_timeout: { schema: timeout, field: 'requestTimeoutS' },
    allow_exec: { schema: z.boolean('expected true or false'), field: 'allowExec' },
  },
  'agentic-server': {
    endpoint: { schema: httpUrl, field: 'endpoint' },
    max_rounds: { schema: positiveInt, field: 'maxRounds' },
    request_timeout: { schema: timeout, field: 'requestTimeoutS' },
  },
};

/** Keys a kind requires (the CLI refuses `--agent openai` without `--base-url` and `--model`). */
const required: { readonly [K in Kind]: readonly string[] } = { simulated: [], openai: ['base_url', 'model'], 'agentic-server': [] };

/** Defaults the CLI applies when a flag is left out. */
const defaults: { readonly [K in Kind]: Record<string, unknown> } = { simulated: {}, openai: {}, 'agentic-server': { endpoint: 'http://localhost:5002/api/chat' } };

/** The agent kinds an experiment accepts. */
export const agentKinds = Object.keys(entryFields) as Kind[];

/** Per kind, the zod shape of its agent keys (for the model entry's strict schema). */
export const agentEntryKeys: { readonly [K in Kind]: Record<string, z.ZodType> } = Object.fromEntries(
  agentKinds.map((k) => [k, Object.fromEntries(Object.entries(entryFields[k]).map(([key, f]) => [key, required[k].includes(key) ? f.schema : f.schema.optional()]))]),
) as { [K in Kind]: Record<string, z.ZodType> };

/**
 * The `AgentConfig` of a validated entry (YAML keys of its kind; others ignored), checked by building the agent
 * as a run would (`createAgent`, no key needed: a missing or refused key is a run-time, run-fatal failure).
 */
export function agentConfigOf(kind: Kind, entry: Readonly<Record<string, unknown>>): { config: AgentConfig } | { key: string; error: string } {
  const values: Record<string, unknown> = { kind };
  for (const [key, f] of Object.entries(entryFields[kind])) {
    const v = entry[key] ?? defaults[kind][key];
    if (v === undefined || v === null) continue;
    values[f.field] = key === 'think_ms' ? parseThinkMs(v) : v;
  }
  const config = values as AgentConfig;
  try {
    createAgent(config, { seed: 1, apiKey: '' });
  } catch (err) {
    return { key: 'agent', error: `the agent refuses these settings: ${(err as Error).message}` };
  }
  return { config };
}
