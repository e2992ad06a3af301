import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { cliArgs, serverArgs } from '../lib/testing/entries';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SHOTS = path.join(import.meta.dirname, 'screenshots');
export const FINAL_ROW = '[data-testid="item-row"][data-status="passed"], [data-testid="item-row"][data-status="failed"], [data-testid="item-row"][data-status="errored"]';

/** Page errors and console errors; socket errors while a server is deliberately down are expected by callers. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text()); });
  return errors;
}

/** Waits until `child` prints a line matching `re` on stdout; rejects when it exits first. */
function waitForLine(child: ChildProcess, re: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = out.match(re);
      if (m) { child.stdout?.off('data', onData); resolve(m[0]); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => { out += b.toString(); });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before ready:\n${out}`)));
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Sends `signal` and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the dashboard (production build, compiled server: the webServer command compiled it for this session, see
 * lib/testing/entries.ts) as a child process on `port` with its own results folder.
 */
export async function startServer(port: number, resultsDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', PORT: String(port), PICARD_RESULTS_DIR: resultsDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /PICARD Live on http:\/\/\S+/, 'dashboard server');
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Starts the fake OpenAI-compatible server (lib/bench/fake-openai-process.ts); resolves with its base URL. */
export async function startFakeOpenAI(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/bench/fake-openai-process.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForLine(child, /http:\/\/\S+/, 'fake OpenAI server');
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Runs the picard CLI (the compiled bin) to completion; resolves with the result folder it printed. */
export async function runCli(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, cliArgs([...args, '-q']), { cwd: ROOT, maxBuffer: 1 << 24 });
  return stdout.trim().split('\n').at(-1)!;
}

/** Number of complete lines in a JSONL file (0 when missing). */
export function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}
