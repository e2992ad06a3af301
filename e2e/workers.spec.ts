import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { connectRedis } from '../lib/distributed/redis';
import { REDIS_SERVER, startTestRedis, type TestRedis } from '../lib/distributed/testing/redis-server';
import { cliArgs } from '../lib/testing/entries';
import { FINAL_ROW, lineCount, ROOT, SHOTS, startServer, watchErrors } from './support';
import type { ServerProcess } from './support';

/**
 * Distributed runs from the browser: its own redis-server (random port), one real `picard worker` process and a
 * dashboard started with PICARD_REDIS_URL (port $E2E_WORKERS_PORT, default 3111). The worker shows on /workers;
 * a simulated run launched from the form is done by it and completes. redis-server is required (CI installs it):
 * without it this spec fails, it does not skip.
 */
const PORT = Number(process.env.E2E_WORKERS_PORT ?? 3111);
const TOTAL = 18;
let redis: TestRedis | null = null;
let worker: ChildProcess | null = null;
let server: ServerProcess | null = null;

test.afterAll(async () => {
  await server?.stop('SIGKILL');
  worker?.kill('SIGKILL');
  await redis?.stop();
});

test('without PICARD_REDIS_URL (the shared server) /workers says distributed runs are off and how to turn them on', async ({ page }) => {
  await page.goto('/workers');
  await expect(page.getByTestId('workers-off')).toContainText('Distributed runs are off');
  await expect(page.getByTestId('workers-off')).toContainText('PICARD_REDIS_URL=redis://host:6379 npm start');
  await expect(page.getByTestId('worker-row')).toHaveCount(0);
});

test('an unreachable PICARD_REDIS_URL: the server starts within seconds, the new-run and workers pages say Redis cannot be reached', async ({ page }) => {
  test.setTimeout(60_000);
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-noredis-'));
  const t0 = Date.now();
  const down = await startServer(PORT, resultsDir, { PICARD_REDIS_URL: 'redis://127.0.0.1:1' });
  try {
    expect(Date.now() - t0).toBeLessThan(30_000);
    await page.goto(`${down.url}/runs/new`);
    await expect(page.getByTestId('redis-error')).toContainText('cannot reach Redis at redis://127.0.0.1:1');
    await page.goto(`${down.url}/workers`);
    await expect(page.getByTestId('redis-error')).toContainText('cannot reach Redis');
  } finally {
    await down.stop('SIGKILL');
  }
});

test('a run launched from the form goes to a worker listed on /workers, and completes', async ({ page }) => {
  test.setTimeout(120_000);
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install redis-server (apt-get install redis-server) to run this spec`);
  redis = await startTestRedis();
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.PICARD_REDIS_URL;
  worker = spawn(process.execPath, cliArgs(['worker', '--redis', redis.url, '--name', 'e2e-worker', '--concurrency', '4']), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let workerLog = '';
  worker.stderr!.on('data', (d: Buffer) => (workerLog += d.toString()));
  await expect.poll(() => workerLog, { timeout: 30_000 }).toContain('waiting for items');

  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-workers-'));
  server = await startServer(PORT, resultsDir, { PICARD_REDIS_URL: redis.url });
  const errors = watchErrors(page);

  await page.goto(server.url);
  await page.getByTestId('nav-workers').click();
  await page.waitForURL(/\/workers$/);
  const row = page.getByTestId('worker-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('worker-name')).toHaveText('e2e-worker');
  await expect(row).toContainText(os.hostname());
  await expect(row).toContainText('0 / 4');

  await page.goto(`${server.url}/runs/new`);
  await expect(page.getByTestId('distributed-on')).toContainText(redis.url);
  await page.getByTestId('seed-input').fill('5');
  await page.getByTestId('label-input').fill('e2e_workers');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill('400');
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/e2e_workers_\d{8}_\d{6}$/);
  const runDir = path.join(resultsDir, decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!));
  await expect(page.getByTestId('item-row')).toHaveCount(TOTAL);
  // Items being worked on say which worker has them.
  await expect(page.getByTestId('item-worker').first()).toHaveText(/on e2e-worker/, { timeout: 20_000 });
  await page.screenshot({ path: path.join(SHOTS, '30-distributed-run-items.png'), fullPage: true });

  // Meanwhile the workers page, refreshing by itself, shows the worker busy with the run's items.
  const workersPage = await page.context().newPage();
  await workersPage.goto(`${server.url}/workers`);
  await expect(workersPage.getByTestId('worker-row')).toContainText(path.basename(runDir), { timeout: 10_000 });
  await workersPage.screenshot({ path: path.join(SHOTS, '31-workers-page.png'), fullPage: true });

  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 60_000 });
  await expect(page.locator(FINAL_ROW)).toHaveCount(TOTAL);
  expect(lineCount(path.join(runDir, 'responses.jsonl'))).toBe(TOTAL);
  expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).executor).toEqual({ kind: 'queue', coordinator: 'dashboard' });
  // The worker's count of items done reaches the run's (its heartbeat every 2 s, the page every 2 s).
  await expect(workersPage.getByTestId('worker-done')).toHaveText(String(TOTAL), { timeout: 15_000 });
  await expect(workersPage.getByTestId('worker-row')).toContainText('idle');
  await expect(workersPage.getByTestId('worker-declined')).toHaveText('none');

  // A run another version of PICARD Live listed: the worker refuses it, and the page says why.
  const client = await connectRedis(redis.url, { name: 'e2e' });
  try {
    const queue = 'run-old_20250101_000000-0badc0de';
    await client.set(`picard:spec:${queue}`, JSON.stringify({ format: 'picard-run-spec/1', runId: 'old_20250101_000000' }));
    await client.hset('picard:runs', queue, JSON.stringify({ runId: 'old_20250101_000000', state: 'running', coordinator: { host: 'h', pid: 1 }, updatedAt: new Date().toISOString() }));
    await expect(workersPage.getByTestId('worker-declined')).toContainText('old_20250101_000000: run run-old_20250101_000000-0badc0de comes from another version of PICARD Live', { timeout: 15_000 });
    await client.multi().hdel('picard:runs', queue).del(`picard:spec:${queue}`).exec();
  } finally {
    client.disconnect();
  }
  expect(errors).toEqual([]);
});
