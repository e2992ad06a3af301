import { Option, type Command } from 'commander';
import type { AgentField } from '../agents/agent-kind';
import { agentCliFields, agentKindNames, defaultAgentKind, findAgentKind, type AgentConfig } from '../agents/agent-kinds';

/** The commander option of an agent field (flag, argument, help) as declared by its kind. */
function optionOf(field: AgentField): Option {
  const cli = field.cli!;
  return new Option(cli.arg ? `${cli.flag} ${cli.arg}` : cli.flag, cli.help);
}

/** Adds `--agent <kind>` and every agent kind's flags (each once) to `cmd`, all from the agent registry. */
export function addAgentOptions(cmd: Command): Command {
  cmd.addOption(new Option('--agent <kind>', 'agent').choices(agentKindNames).default(defaultAgentKind));
  for (const field of agentCliFields()) cmd.addOption(optionOf(field));
  return cmd;
}

/**
 * The agent settings the parsed flags describe, validated by the kind's schema. Flags of other kinds are
 * ignored; a bad or missing value rejects with an error naming its flag. Async: the schemas (zod) are loaded
 * here, when a run is about to start, not when `addAgentOptions` declares the flags (every `picard` start does).
 */
export async function agentConfigFromFlags(flags: Readonly<Record<string, unknown>>): Promise<AgentConfig> {
  const kind = String(flags.agent ?? defaultAgentKind);
  const spec = findAgentKind(kind);
  if (!spec) throw new Error(`--agent: unknown kind '${kind}' (expected one of ${agentKindNames.join(', ')})`);
  const raw: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (!field.cli) continue;
    raw[field.key] = flags[optionOf(field).attributeName()];
    if (field.cli.default !== undefined) defaults[field.key] = field.cli.default;
  }
  const { configFromFields } = await import('../agents/agent-config');
  const result = configFromFields(kind, raw, defaults);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.field?.cli?.flag ?? i.key}: ${i.message} (--agent ${kind})`).join('; '));
  return result.config;
}
