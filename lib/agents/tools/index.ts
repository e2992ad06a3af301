import { execTools } from './exec-tools';
import { fsManageTools } from './fs-manage-tools';
import { fsReadTools } from './fs-read-tools';
import { fsWriteTools } from './fs-write-tools';
import { searchTools } from './search-tool';
import { sqliteTools } from './sqlite-tools';
import type { Tool } from './types';

export { runTool, type ToolRunResult } from './run-tool';
export { resolveInSandbox, resolveEntryInSandbox, isWithin, realRoot, toolContext } from './sandbox-path';
export { ToolError, MAX_TOOL_OUTPUT, type Tool, type ToolContext, type ToolParameters } from './types';

/** Options of a toolset. `allowExec` adds python_execute_code and shell_execute (not sandboxed: off by default). */
export interface ToolsetOptions {
  allowExec?: boolean;
}

/** The tools offered to an agent, in a stable order. */
export function createToolset(opts: ToolsetOptions = {}): Tool[] {
  return [
    ...fsReadTools,
    ...searchTools,
    ...fsWriteTools,
    ...fsManageTools,
    ...sqliteTools,
    ...(opts.allowExec ? execTools : []),
  ];
}

/** The toolset in OpenAI Chat Completions `tools` form (`strict` off: most local servers ignore it). */
export function toOpenAITools(tools: Tool[]): Array<{
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}> {
  return tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: t.parameters as unknown as Record<string, unknown> },
  }));
}
