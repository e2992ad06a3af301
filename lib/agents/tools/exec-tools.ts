import { spawn } from 'node:child_process';
import { realRoot } from './sandbox-path';
import { strArg, ToolError, type Tool } from './types';

/** Wall-clock limit of one execution (agent-protocol.md §4.3). */
export const EXEC_TIMEOUT_MS = 30_000;
/** Per-stream output cap. */
const EXEC_OUTPUT_CAP = 50_000;

interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  aborted?: boolean;
}

/** Keeps the first `EXEC_OUTPUT_CAP` characters of a stream and counts the rest. */
function collector(): { push(b: Buffer): void; text(): string } {
  let text = '';
  let dropped = 0;
  return {
    push(b) {
      const s = b.toString('utf8');
      const room = EXEC_OUTPUT_CAP - text.length;
      text += s.slice(0, Math.max(0, room));
      dropped += Math.max(0, s.length - Math.max(0, room));
    },
    text: () => (dropped ? `${text}\n[truncated: ${dropped} more characters]` : text),
  };
}

/**
 * Runs a command in its own process group with cwd = sandbox and a minimal environment, feeding `stdin`.
 * NOT a sandbox: the process can read and write anything the user can (hence off by default).
 */
export function runProcess(cmd: string, argv: string[], stdin: string, root: string, signal: AbortSignal, timeoutMs = EXEC_TIMEOUT_MS): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const cwd = realRoot(root);
    // Minimal environment: no API keys or other secrets of the parent reach model-written code.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: cwd, PYTHONIOENCODING: 'utf-8' };
    const child = spawn(cmd, argv, { cwd, env: env as unknown as NodeJS.ProcessEnv, detached: true, stdio: 'pipe' });
    const out = collector();
    const err = collector();
    let timedOut = false;
    // Kill the whole group: a shell's children would otherwise keep the pipes open.
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    signal.addEventListener('abort', killGroup, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // EPIPE when the program exits without reading its input
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ToolError(`cannot start ${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', killGroup);
      resolve({ stdout: out.text(), stderr: err.text(), code, timedOut, aborted: signal.aborted });
    });
    child.stdin.end(stdin);
  });
}

/** Reference layout (`Standard Output:` / `Standard Error:`), keeping output printed before a crash. */
export function formatExec(r: ExecResult, timeoutMs = EXEC_TIMEOUT_MS): string {
  let text = '';
  if (r.stdout) text += `Standard Output:\n${r.stdout}\n`;
  if (r.stderr) text += `Standard Error:\n${r.stderr}\n`;
  if (r.timedOut) text += `Error: execution timed out after ${timeoutMs / 1000} s and was killed\n`;
  else if (r.aborted) text += 'Error: execution aborted\n';
  else if (r.code !== 0) text += `Exit code: ${r.code}\n`;
  return text || 'Code executed successfully with no output.';
}

const pythonExecuteCode: Tool = {
  name: 'python_execute_code',
  description: 'Run Python 3 code in a fresh process whose working directory is the sandbox; returns its output.',
  parameters: {
    type: 'object',
    required: ['code'],
    additionalProperties: false,
    properties: { code: { type: 'string', description: 'Python 3 source code' } },
  },
  async run(args, ctx) {
    const code = strArg(args, 'code', 'python_execute_code');
    return formatExec(await runProcess('python3', ['-I', '-'], code, ctx.root, ctx.signal));
  },
};

const shellExecute: Tool = {
  name: 'shell_execute',
  description: 'Run a POSIX shell command (sh -c) whose working directory is the sandbox; returns its output.',
  parameters: {
    type: 'object',
    required: ['command'],
    additionalProperties: false,
    properties: { command: { type: 'string', description: 'Shell command line' } },
  },
  async run(args, ctx) {
    const command = strArg(args, 'command', 'shell_execute');
    return formatExec(await runProcess('/bin/sh', ['-c', command], '', ctx.root, ctx.signal));
  },
};

/** Code execution tools: only offered when the run enables them (`allowExec`). */
export const execTools: Tool[] = [pythonExecuteCode, shellExecute];
