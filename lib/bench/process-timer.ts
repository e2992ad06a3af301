/**
 * Whole-process measurements for the benchmark: wall time from spawn to exit and the process's peak RSS (read
 * through the report-rss.mjs preload), for the compiled `picard` command and the bare floor scripts alike.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_BIN } from '../testing/entries';

const RSS_PRELOAD = pathToFileURL(fileURLToPath(new URL('./report-rss.mjs', import.meta.url))).href;

export interface ProcessRun {
  seconds: number;
  /** Peak resident set size of the process (MB); NaN when not measured. */
  peakRssMB: number;
  /** User + system CPU time of the process, every thread (s); NaN when not measured. */
  cpuSeconds: number;
  stdout: string;
  stderr: string;
}

/** Runs `node [--import report-rss] …args` to completion; rejects (with its stderr) unless it exits 0. */
export async function timeNode(args: string[], opts: { cwd?: string; rss?: boolean; env?: Record<string, string> } = {}): Promise<ProcessRun> {
  const tmp = opts.rss === false ? null : mkdtempSync(join(tmpdir(), 'picard-bench-rss-'));
  const rssFile = tmp ? join(tmp, 'rss') : '';
  const nodeArgs = tmp ? ['--import', RSS_PRELOAD, ...args] : args;
  try {
    const t0 = performance.now();
    const child = spawn(process.execPath, nodeArgs, {
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0', ...opts.env, ...(tmp ? { PICARD_BENCH_RSS_FILE: rssFile } : {}) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((res, rej) => {
      child.once('error', rej);
      child.once('close', (c) => res(c));
    });
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const [rssKiB, userUs, sysUs] = tmp ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN, NaN];
    return { seconds, peakRssMB: rssKiB / 1024, cpuSeconds: (userUs + sysUs) / 1e6, stdout, stderr };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the compiled `picard` bin with `args` (see timeNode). */
export function timePicard(args: string[], opts: { cwd?: string; rss?: boolean; env?: Record<string, string> } = {}): Promise<ProcessRun> {
  return timeNode([CLI_BIN, ...args], opts);
}

/** Runs any command (e.g. `cp -r`) to completion and returns its wall time; rejects unless it exits 0. */
export async function timeCommand(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('close', (c) => res(c));
  });
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
  return (performance.now() - t0) / 1000;
}
