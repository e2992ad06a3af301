/**
 * Browser-safe face of lib/agents (components import lib only through index files): the agent kinds as plain
 * data and their config validation. Nothing here may pull node-only modules (the factories live in registry.ts).
 */
export type { AgentField, AgentFieldType, AgentKindSpec, AnyAgentKindSpec } from './agent-kind';
export { agentKindNames, agentKinds, defaultAgentKind, findAgentKind, isAgentKind, takesApiKey } from './agent-kinds';
export type { AgentConfig, AgentConfigOf, AgentKind } from './agent-kinds';
export { configFromFields, validateAgentConfig } from './agent-config';
export type { AgentConfigIssue, AgentConfigResult } from './agent-config';
