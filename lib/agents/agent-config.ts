import type { AgentField } from './agent-kind';
import { agentKindNames, findAgentKind, type AgentConfig, type AgentKind } from './agent-kinds';
import { agentConfigSchemas } from './agent-schemas';

/** A problem with one setting; `field` is there when the setting is one the CLI or the form offers. */
export interface AgentConfigIssue {
  key: string;
  field?: AgentField;
  message: string;
}

export type AgentConfigResult = { ok: true; config: AgentConfig } | { ok: false; issues: AgentConfigIssue[] };

/** Thrown for settings that fail their kind's schema; the message names each setting (`<where>.<key>: …`). */
export class AgentConfigError extends Error {
  readonly code = 'AGENT_CONFIG_INVALID';
  constructor(
    readonly where: string,
    readonly issues: AgentConfigIssue[],
  ) {
    super(issues.map((i) => `${where}.${i.key}: ${i.message}`).join('; '));
  }
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Turns one typed-in value into the config value its field's type calls for (the schema then validates it). */
function coerce(field: AgentField, v: unknown): { value: unknown } | { error: string } {
  const text = typeof v === 'string' ? v.trim() : null;
  switch (field.type) {
    case 'text':
    case 'secret':
      return text !== null ? { value: text } : { error: 'expected text' };
    case 'number': {
      if (typeof v === 'number') return { value: v };
      const n = Number(text);
      return text !== null && Number.isFinite(n) ? { value: n } : { error: `expected a number, got '${String(v)}'` };
    }
    case 'flag':
      if (typeof v === 'boolean') return { value: v };
      if (text !== null && /^(true|on|1)$/i.test(text)) return { value: true };
      if (text !== null && /^(false|off|0)$/i.test(text)) return { value: false };
      return { error: `expected true or false, got '${String(v)}'` };
    case 'ms-range': {
      if (typeof v === 'number' || Array.isArray(v)) return { value: v };
      const m = text === null ? null : /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
      if (!m) return { error: `expected N or MIN-MAX (milliseconds), got '${String(v)}'` };
      return { value: m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])] };
    }
  }
}

/**
 * Builds and validates a config of `kind` from settings as typed on the command line or into the form, keyed by
 * field key: blank values are "not set" and take `defaults[key]` when there is one. Only the kind's own fields
 * are read; the secret (API key) never goes into the config.
 */
export function configFromFields(kind: string, raw: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>> = {}): AgentConfigResult {
  const spec = findAgentKind(kind);
  if (!spec) return { ok: false, issues: [{ key: 'agent', message: `unknown agent kind '${kind}' (expected one of ${agentKindNames.join(', ')})` }] };
  const values: Record<string, unknown> = { kind: spec.kind };
  const issues: AgentConfigIssue[] = [];
  for (const field of spec.fields) {
    if (field.type === 'secret') continue;
    const v = !blank(raw[field.key]) ? raw[field.key] : defaults[field.key];
    if (blank(v)) continue;
    const c = coerce(field, v);
    if ('error' in c) issues.push({ key: field.key, field, message: c.error });
    else values[field.key] = c.value;
  }
  if (issues.length > 0) return { ok: false, issues };
  return validateAgentConfig(values);
}

/** Validates settings against their kind's schema (agent-schemas.ts; unknown keys are dropped). */
export function validateAgentConfig(value: unknown): AgentConfigResult {
  const kind = (value as { kind?: unknown } | null)?.kind;
  const spec = typeof kind === 'string' ? findAgentKind(kind) : undefined;
  if (!spec) return { ok: false, issues: [{ key: 'kind', message: `expected one of ${agentKindNames.join(', ')}, got ${JSON.stringify(kind ?? null)}` }] };
  const parsed = agentConfigSchemas[spec.kind as AgentKind].safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data as AgentConfig };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const key = i.path.length > 0 ? i.path.map(String).join('.') : 'kind';
      return { key, field: spec.fields.find((f) => f.key === String(i.path[0])), message: i.message };
    }),
  };
}

/** The validated config, or an `AgentConfigError` naming each bad setting under `where` (e.g. `agent`). */
export function parseAgentConfig(value: unknown, where = 'agent'): AgentConfig {
  const r = validateAgentConfig(value);
  if (!r.ok) throw new AgentConfigError(where, r.issues);
  return r.config;
}
