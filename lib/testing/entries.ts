/**
 * How tests start the `picard` CLI and the dashboard server: one rule, one place.
 *
 * Tests run the compiled output — exactly what `npx picard` and `npm start` run — and every test session compiles
 * first, so it is never stale: Vitest's globalSetup (lib/testing/compile-setup.ts) and Playwright's webServer command
 * (playwright.config.ts, `e2e`'s first step; its globalSetup and specs run after it) call lib/build/compile.mjs before
 * any test. The compile itself is tested in lib/build/compile.test.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BUILD_DIR, ROOT } from '../build/compile.mjs';

export { compile } from '../build/compile.mjs';

/** The repository root. */
export const REPO_ROOT = ROOT;
/** The `picard` bin (runs `.build/cli.mjs`). */
export const CLI_BIN = join(ROOT, 'lib/cli/bin.mjs');
/** The compiled dashboard server. */
export const SERVER_ENTRY = join(BUILD_DIR, 'server.mjs');

/** `node` arguments that run the CLI with `args`, e.g. `spawn(process.execPath, cliArgs(['run', …]))`. */
export function cliArgs(args: string[]): string[] {
  return [CLI_BIN, ...args];
}

/** `node` arguments that start the compiled dashboard server (configured through HOST, PORT, … in its env). */
export function serverArgs(): string[] {
  return ['--enable-source-maps', SERVER_ENTRY];
}

/**
 * Runs the compiled CLI without blocking this process (fake servers in it must keep answering) and collects its
 * exit code and output.
 */
export function runPicard(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, cliArgs(args), { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
