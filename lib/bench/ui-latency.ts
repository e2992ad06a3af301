/**
 * Dashboard latency benchmark (`npm run bench:ui -- [--items N] [--big-dir DIR] [--think-ms MS] [--concurrency N]`).
 *
 * 1. Compiles, then starts the compiled dashboard (production build; builds it when `.next/BUILD_ID` is missing) on a
 *    free port with a temporary results folder, and headless Chromium (/usr/bin/chromium or $CHROMIUM_PATH).
 * 2. Starts a simulated run from the new-run form aimed at ~500 items/s (think 16 ms, concurrency 24; change
 *    with --think-ms / --concurrency; the achieved rate is printed) and,
 *    with `window.__picardTrace` set, records for every scored item the time the page painted the batch
 *    holding it. Latency = paint time − the item-scored event time (when its scores.progress.jsonl line is
 *    written). Same machine, same wall clock.
 * 3. Opens a finished 20,004-item run (made with the CLI unless --big-dir names a folder holding one) three
 *    times: time from navigation to the table holding every row with the first row visible.
 * Prints one JSON line of figures. Nothing is asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { cliArgs, compile, REPO_ROOT, serverArgs } from '../testing/entries';

const ROOT = REPO_ROOT;
const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const SAMPLES = Math.ceil(Number(arg('--items') ?? 6000) / 6);
const THINK_MS = arg('--think-ms') ?? '16';
const CONCURRENCY = arg('--concurrency') ?? '24';
const PORT = Number(process.env.BENCH_PORT ?? 3191);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

function startServer(resultsDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', PORT: String(PORT), PICARD_RESULTS_DIR: resultsDir },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('PICARD Live on')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** A finished 20,004-item run folder under `dir` (made with the CLI when absent). */
function bigRun(dir: string): string {
  const find = () => (existsSync(dir) ? readdirSync(dir).find((d) => d.startsWith('bench20k_')) : undefined);
  if (!find()) {
    process.stderr.write('ui-latency: generating a 20,004-item run with the CLI (about a minute)…\n');
    const r = spawnSync(process.execPath, cliArgs(['run', '-d', 'lib/suites/quickstart.yaml', '--samples', '3334',
      '--think-ms', '0', '--seed', '11', '--label', 'bench20k', '--results-dir', dir, '-q']), { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('CLI run failed');
  }
  return find()!;
}

await compile();
if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  process.stderr.write('ui-latency: no production build, running next build…\n');
  spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}
const resultsDir = arg('--big-dir') ?? mkdtempSync(path.join(os.tmpdir(), 'picard-ui-bench-'));
const big = bigRun(resultsDir);
const server = await startServer(resultsDir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const base = `http://127.0.0.1:${PORT}`;

  // Open the finished 20k run: cold, then twice warm.
  const openMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await page.goto(`${base}/runs/${big}`);
    await page.waitForSelector('[data-testid="item-table"][data-rows="20004"] [data-testid="item-row"]', { timeout: 60_000 });
    openMs.push(Math.round(performance.now() - t0));
  }

  // A live run at ~500 items/s.
  await page.addInitScript(() => { (window as unknown as { __picardTrace: unknown }).__picardTrace = { scored: [] }; });
  await page.goto(`${base}/runs/new`);
  await page.getByTestId('samples-input').fill(String(SAMPLES));
  await page.getByTestId('label-input').fill('latency');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill(THINK_MS);
  await page.getByTestId('concurrency-input').fill(CONCURRENCY);
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/latency_/, { timeout: 120_000 });
  await page.getByTestId('run-status').filter({ hasText: 'completed' }).waitFor({ timeout: 300_000 });
  await page.waitForTimeout(300); // let the last painted batch be recorded
  const trace = await page.evaluate(() => (window as unknown as { __picardTrace: { scored: Array<{ key: string; at: string; paintedAt: number }> } }).__picardTrace.scored);
  const lat = trace.map((t) => t.paintedAt - Date.parse(t.at)).sort((a, b) => a - b);
  const times = trace.map((t) => Date.parse(t.at)).sort((a, b) => a - b);
  const rate = times.length > 1 ? (times.length - 1) / ((times.at(-1)! - times[0]) / 1000) : NaN;
  const sortedOpen = [...openMs].sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({
    items: SAMPLES * 6, traced: trace.length, rate_items_per_s: Math.round(rate),
    latency_median_ms: percentile(lat, 0.5), latency_p95_ms: percentile(lat, 0.95), latency_max_ms: lat.at(-1),
    open_20k_cold_ms: openMs[0], open_20k_median_ms: sortedOpen[1],
  })}\n`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
