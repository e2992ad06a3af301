/** A failure the model should see as a tool result (bad path, bad argument, missing file), not a crash. */
export class ToolError extends Error {
  /** `denied` marks sandbox escapes so transcripts can highlight them. */
  constructor(
    message: string,
    readonly kind: 'denied' | 'error' = 'error',
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** What every tool run gets: the instance's sandbox root and the attempt's abort signal. */
export interface ToolContext {
  root: string;
  /**
   * `root`'s realpath, resolved once for the item (`toolContext`); absent: resolved on every call. Only the root is
   * taken as known: every path below it is checked on every call.
   */
  realRoot?: string;
  signal: AbortSignal;
}

/** JSON schema of a tool's parameters (an object schema). */
export interface ToolParameters {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
}

/** The `path` parameter of the file tools, as the model reads it. */
export const pathProp = { type: 'string', description: 'Absolute path inside the sandbox, or relative to it' };
/** Parameters of a tool that takes a path only. */
export const pathOnly: ToolParameters = { type: 'object', required: ['path'], additionalProperties: false, properties: { path: pathProp } };

/** One tool offered to the model. `run` returns the result text or throws `ToolError`. */
export interface Tool {
  name: string;
  description: string;
  parameters: ToolParameters;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<string>;
}

/** Maximum characters of any tool result (agent-protocol.md §4.3). */
export const MAX_TOOL_OUTPUT = 50_000;

/** Cuts `text` to `max` characters with a notice telling the model how to read the rest. */
export function capOutput(text: string, max = MAX_TOOL_OUTPUT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[truncated: ${text.length - max} more characters; use start_line/end_line]`;
}

/** A required string argument, or a clear `ToolError` naming it. */
export function strArg(args: Record<string, unknown>, name: string, tool: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new ToolError(`${tool}: argument '${name}' must be a string`);
  return v;
}

/** An optional string argument. */
export function optStrArg(args: Record<string, unknown>, name: string, tool: string): string | undefined {
  return args[name] === undefined || args[name] === null ? undefined : strArg(args, name, tool);
}

/** An optional positive integer argument. */
export function optIntArg(args: Record<string, unknown>, name: string, tool: string): number | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ToolError(`${tool}: argument '${name}' must be a positive integer`);
  }
  return v;
}

/** An optional boolean argument (default false). */
export function boolArg(args: Record<string, unknown>, name: string, tool: string): boolean {
  const v = args[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new ToolError(`${tool}: argument '${name}' must be a boolean`);
  return v;
}

/** Turns a Node fs error into a short message for the model (no stack, path shown as the model gave it). */
export function fsErrorMessage(err: unknown, userPath: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such file or directory: ${userPath}`;
    case 'EISDIR':
      return `is a directory: ${userPath}`;
    case 'ENOTDIR':
      return `not a directory: ${userPath}`;
    case 'EEXIST':
      return `already exists: ${userPath}`;
    case 'ENOTEMPTY':
      return `directory not empty: ${userPath}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${userPath}`;
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Runs a synchronous fs operation, turning its errors into `ToolError`s. The tools use the synchronous calls for the
 * sandbox's small local files: each promise call is a thread-pool round trip that costs more than the call itself.
 */
export function fsOpSync<T>(userPath: string, op: () => T): T {
  try {
    return op();
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(fsErrorMessage(err, userPath));
  }
}

/** Runs an fs operation, turning its errors into `ToolError`s. */
export async function fsOp<T>(userPath: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(fsErrorMessage(err, userPath));
  }
}
