import type { z } from 'zod';

/**
 * How text typed on the command line or into the new-run form becomes a config value; the kind's zod schema then
 * validates it. `secret` is the API key: typed into the form only, held in memory, never part of the config.
 */
export type AgentFieldType = 'text' | 'number' | 'flag' | 'ms-range' | 'secret';

/** One setting of an agent kind, as the CLI and the form offer it. Browser-safe plain data. */
export interface AgentField<Key extends string = string> {
  /** The config key; also the form field's name (its test id is the kebab-cased key + `-input`). */
  key: Key;
  type: AgentFieldType;
  /** A `picard run` flag. Secrets have none: keys come from the environment variable named by the config. */
  cli?: {
    flag: `--${string}`;
    /** Shown after the flag in `--help`, e.g. `<url>`; none for a `flag` field. */
    arg?: string;
    help: string;
    /** Used when the flag is absent (a form leaves the field required instead). */
    default?: string;
  };
  /** An input on the new-run form; absent for settings the form does not offer. */
  form?: {
    label: string;
    placeholder?: string;
    /** Inside the form's "Advanced" section. */
    advanced?: boolean;
    min?: number;
    max?: number;
    step?: number;
  };
}

/**
 * An agent kind, as plain data: what the CLI, the server action and the form need to offer and validate its
 * settings. The factory that builds the agent is node-side, in `registry.ts`; this stays browser-safe.
 */
export interface AgentKindSpec<Kind extends string = string, Config extends { kind: Kind } = { kind: Kind }> {
  kind: Kind;
  /** The form's option text. */
  label: string;
  /** Validates a config of this kind (from the CLI, the form, a library caller, or a manifest on resume). */
  configSchema: z.ZodType<Config>;
  /** Settings offered on the CLI and the form, in form order. */
  fields: ReadonlyArray<AgentField<Exclude<keyof Config, 'kind'> & string | 'apiKey'>>;
}

/** Any agent kind, its config type erased: what lists and lookups hand out. */
export interface AnyAgentKindSpec {
  kind: string;
  label: string;
  configSchema: z.ZodType;
  fields: readonly AgentField[];
}

/** Declares an agent kind; only checks its types (its fields name keys of its own config). */
export function defineAgentKind<Kind extends string, Config extends { kind: Kind }>(spec: AgentKindSpec<Kind, Config>): AgentKindSpec<Kind, Config> {
  return spec;
}
