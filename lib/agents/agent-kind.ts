/**
 * How text typed on the command line or into the new-run form becomes a config value; the kind's zod schema
 * (agent-schemas.ts) then validates it. `secret` is the API key: typed into the form only, held in memory, never part of the config.
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
 * An agent kind, as plain data: what the CLI and the form need to offer its settings. No zod here, so the CLI
 * declares its flags without loading it: the schema that validates a config of the kind is in `agent-schemas.ts`,
 * the factory that builds the agent is node-side, in `registry.ts`; this stays browser-safe. `Config` (the
 * schema's type, imported as a type only) checks that the fields name keys of the kind's own config.
 */
export interface AgentKindSpec<Kind extends string = string, Config extends { kind: Kind } = { kind: Kind }> {
  kind: Kind;
  /** The form's option text. */
  label: string;
  /** Settings offered on the CLI and the form, in form order. */
  fields: ReadonlyArray<AgentField<Exclude<keyof Config, 'kind'> & string | 'apiKey'>>;
}

/** Any agent kind, its config type erased: what lists and lookups hand out. */
export interface AnyAgentKindSpec {
  kind: string;
  label: string;
  fields: readonly AgentField[];
}

/**
 * Declares an agent kind of config type `Config` (`z.infer` of its schema, imported as a type only); only checks
 * its types (its fields name keys of its own config).
 */
export function defineAgentKind<Config extends { kind: string }>(spec: AgentKindSpec<Config['kind'], Config>): AgentKindSpec<Config['kind'], Config> {
  return spec;
}
