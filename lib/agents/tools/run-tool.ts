import { ToolError, type Tool, type ToolContext } from './types';

/** Outcome of one tool call: `output` is what the model sees. `denied` marks a sandbox escape attempt. */
export interface ToolRunResult {
  ok: boolean;
  output: string;
  denied?: boolean;
}

/** Parses the model's argument text: must be a JSON object (empty text means no arguments). */
function parseArgs(name: string, argsJson: string): Record<string, unknown> {
  if (argsJson.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argsJson);
  } catch (err) {
    throw new ToolError(`invalid JSON arguments for ${name}: ${(err as Error).message}. Arguments must be a JSON object.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ToolError(`invalid arguments for ${name}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Checks required and unknown keys against the tool's schema (types are checked by the tool). */
function checkKeys(tool: Tool, args: Record<string, unknown>): void {
  const missing = (tool.parameters.required ?? []).filter((k) => args[k] === undefined);
  if (missing.length) throw new ToolError(`invalid arguments for ${tool.name}: missing required ${missing.join(', ')}`);
  if (tool.parameters.additionalProperties === false) {
    const unknown = Object.keys(args).filter((k) => !(k in tool.parameters.properties));
    if (unknown.length) {
      const allowed = Object.keys(tool.parameters.properties).join(', ') || '(none)';
      throw new ToolError(`invalid arguments for ${tool.name}: unknown ${unknown.join(', ')} (allowed: ${allowed})`);
    }
  }
}

/**
 * Runs tool `name` with the model's JSON argument text. Never throws: a bad call, a refused path or a failing
 * operation becomes `{ ok: false, output: 'Error: …' }`, which goes back to the model as the tool result.
 */
export async function runTool(tools: Tool[], name: string, argsJson: string, ctx: ToolContext): Promise<ToolRunResult> {
  const tool = tools.find((t) => t.name === name);
  if (!tool) {
    return { ok: false, output: `Error: unknown tool '${name}'. Available tools: ${tools.map((t) => t.name).join(', ')}` };
  }
  try {
    const args = parseArgs(name, argsJson);
    checkKeys(tool, args);
    return { ok: true, output: await tool.run(args, ctx) };
  } catch (err) {
    if (err instanceof ToolError) {
      return { ok: false, output: `Error: ${err.message}`, ...(err.kind === 'denied' && { denied: true }) };
    }
    return { ok: false, output: `Error: ${name} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
