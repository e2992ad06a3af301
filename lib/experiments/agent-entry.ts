/**
 * A model entry of an experiment file → the `AgentConfig` a single run takes, through the agent registry: an
 * entry's agent keys are its kind's fields (the ones `picard run` offers as flags) in snake case (`baseUrl` →
 * `base_url`, `thinkMs` → `think_ms`, `requestTimeoutS` → `request_timeout_s`), converted and validated by the
 * kind's own schema (`configFromFields`), so the file, the CLI and the form accept the same settings. Secrets
 * (the API key) are not fields of a file: a key stays in the environment (`api_key_env`).
 */
import { z } from 'zod';
import type { AgentField } from '../agents/agent-kind';
import { configFromFields } from '../agents/agent-config';
import { agentKindNames, findAgentKind, type AgentConfig } from '../agents/agent-kinds';

type Kind = AgentConfig['kind'];

/** The agent kinds an experiment accepts: every registered kind. */
export const agentKinds: readonly Kind[] = agentKindNames as readonly Kind[];

/** A kind's field key as an experiment file's YAML key: snake case (`thinkMs` → `think_ms`). */
export const entryKeyOf = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const snake = entryKeyOf;

/** A kind's fields an experiment file may set, by YAML key. */
function entryFields(kind: Kind): Map<string, AgentField> {
  return new Map(findAgentKind(kind)!.fields.filter((f) => f.type !== 'secret').map((f) => [snake(f.key), f]));
}

/** Per kind, the zod shape of its agent keys (for the model entry's strict schema; values are checked by the kind). */
export const agentEntryKeys: { readonly [K in Kind]: Record<string, z.ZodType> } = Object.fromEntries(
  agentKinds.map((k) => [k, Object.fromEntries([...entryFields(k).keys()].map((key) => [key, z.unknown().optional()]))]),
) as unknown as { [K in Kind]: Record<string, z.ZodType> };

/** A problem with one of an entry's agent keys; `missing` when the kind requires a key the entry lacks. */
export interface AgentEntryIssue {
  key: string;
  message: string;
  missing: boolean;
}

/**
 * The `AgentConfig` of an entry (YAML keys of its kind; others ignored), converted and validated by the kind's
 * schema with the CLI's defaults; every refusal names the entry's key. No key is needed here: a missing or
 * refused key is a run-time, run-fatal failure.
 */
export function agentConfigOf(kind: Kind, entry: Readonly<Record<string, unknown>>): { config: AgentConfig } | { issues: AgentEntryIssue[] } {
  const raw: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  const yamlKey = new Map<string, string>();
  for (const [key, field] of entryFields(kind)) {
    yamlKey.set(field.key, key);
    raw[field.key] = entry[key];
    if (field.cli?.default !== undefined) defaults[field.key] = field.cli.default;
  }
  const result = configFromFields(kind, raw, defaults);
  if (result.ok) return { config: result.config };
  return {
    issues: result.issues.map((i) => {
      const key = yamlKey.get(i.key) ?? i.key;
      return { key, message: i.message, missing: entry[key] === undefined };
    }),
  };
}
