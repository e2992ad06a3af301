import type { z } from 'zod';
import type { AgentField, AnyAgentKindSpec } from './agent-kind';
import type { agentConfigSchemas } from './agent-schemas';
import { agenticServerKind } from './kinds/agentic-server';
import { openaiKind } from './kinds/openai';
import { simulatedKind } from './kinds/simulated';

/**
 * Every agent kind, in the order the CLI and the form offer them (the first is the default), as plain data (no
 * zod: `picard --help` and the commands that take no agent settings start without it). This is the one list:
 * adding a kind means its settings in `kinds/<kind>.ts` and its schema in `kinds/<kind>-schema.ts`, a line here,
 * its schema in `agent-schemas.ts` and its factory in `registry.ts` (the compiler refuses a kind without either),
 * and its agent.
 */
export const agentKinds = [simulatedKind, openaiKind, agenticServerKind] as const;

export type AgentKind = (typeof agentKinds)[number]['kind'];
/** Agent settings as chosen on the CLI or the dashboard form. Secrets never go in here: only the env var name. */
export type AgentConfig = z.infer<(typeof agentConfigSchemas)[AgentKind]>;
/*
 * Checked by the compiler only (types, no runtime value): every kind of `agentKinds` has a schema in
 * `agentConfigSchemas`, every schema there is a kind's, and each is filed under its own kind.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type OwnKinds<S> = { [K in keyof S]: S[K] extends z.ZodType<{ kind: infer O }> ? Same<O, K> : false }[keyof S];
type Holds<T extends true> = T;
export type SchemasMatchKinds = Holds<Same<AgentKind, keyof typeof agentConfigSchemas>> & Holds<OwnKinds<typeof agentConfigSchemas>>;
/** The settings of one kind. */
export type AgentConfigOf<K extends AgentKind> = Extract<AgentConfig, { kind: K }>;

/** The kinds' names, for `z.enum` and commander's `choices`. */
export const agentKindNames = agentKinds.map((k) => k.kind) as unknown as readonly [AgentKind, ...AgentKind[]];

export const defaultAgentKind: AgentKind = agentKinds[0].kind;

export function isAgentKind(kind: unknown): kind is AgentKind {
  return typeof kind === 'string' && (agentKindNames as readonly string[]).includes(kind);
}

/** The spec of a kind, or undefined for an unknown name. */
export function findAgentKind(kind: string): AnyAgentKindSpec | undefined {
  return (agentKinds as readonly AnyAgentKindSpec[]).find((k) => k.kind === kind);
}

/** Whether the kind takes an API key (typed into the form, held in server memory). False for unknown kinds. */
export function takesApiKey(kind: string): boolean {
  return findAgentKind(kind)?.fields.some((f) => f.type === 'secret') ?? false;
}

/**
 * Every kind's command-line flags, once each: kinds share a flag by sharing its field (kinds/shared.ts). Throws
 * when two different fields claim the same flag.
 */
export function agentCliFields(kinds: readonly AnyAgentKindSpec[] = agentKinds): AgentField[] {
  const byFlag = new Map<string, AgentField>();
  for (const spec of kinds) {
    for (const f of spec.fields) {
      if (!f.cli) continue;
      const seen = byFlag.get(f.cli.flag);
      if (seen && seen !== f) throw new Error(`Agent kinds ${spec.kind} and another define ${f.cli.flag} differently: share one field (lib/agents/kinds/shared.ts)`);
      byFlag.set(f.cli.flag, f);
    }
  }
  return [...byFlag.values()];
}
