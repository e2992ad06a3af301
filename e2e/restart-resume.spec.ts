import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FINAL_ROW, lineCount, SHOTS, startServer } from './support';
import type { ServerProcess } from './support';

/**
 * Runs its own dashboard process (port $E2E_RESTART_PORT, default 3108, own results folder) so it can kill and restart it:
 * a run started from the page must come back as interrupted with Resume, finish, then retry its errored items.
 * Along the way the browser's socket is dropped mid-run and must catch up without duplicates.
 */
const PORT = Number(process.env.E2E_RESTART_PORT ?? 3108);
const TOTAL = 18;
let server: ServerProcess | null = null;
test.afterAll(async () => { await server?.stop('SIGKILL'); });

async function statusCounts(page: import('@playwright/test').Page): Promise<{ keys: number; unique: number; final: number }> {
  const keys = await page.getByTestId('item-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  return { keys: keys.length, unique: new Set(keys).size, final: await page.locator(FINAL_ROW).count() };
}

test('a dashboard run survives a server crash: interrupted, Resume, reconnect mid-run, retry errored', async ({ page }) => {
  test.setTimeout(120_000);
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-restart-'));
  server = await startServer(PORT, resultsDir);
  await page.goto(`${server.url}/runs/new`);
  await page.getByTestId('seed-input').fill('3');
  await page.getByTestId('label-input').fill('restart_me');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill('300');
  await page.getByTestId('error-rate-input').fill('0.3');
  await page.getByTestId('retries-input').fill('0');
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/restart_me_\d{8}_\d{6}$/);
  const runDir = path.join(resultsDir, decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!));
  await expect(page.getByTestId('item-row')).toHaveCount(TOTAL);
  await expect.poll(() => page.locator(FINAL_ROW).count()).toBeGreaterThanOrEqual(3);

  // Crash the server mid-run (no chance to write anything), then start a new one on the same port.
  await server.stop('SIGKILL');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'offline');
  const answered = lineCount(path.join(runDir, 'responses.jsonl'));
  expect(answered).toBeLessThan(TOTAL);
  server = await startServer(PORT, resultsDir);

  // The open page reconnects by itself and gets the run as the files describe it: interrupted, resumable.
  await expect(page.getByTestId('run-status')).toHaveText('interrupted', { timeout: 20_000 });
  await expect(page.getByTestId('resume-run')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '10-interrupted-after-restart.png'), fullPage: true });
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveText('interrupted');
  expect((await statusCounts(page)).final).toBeGreaterThanOrEqual(answered - 1);
  await page.goto(server.url);
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${path.basename(runDir)}"]`)).toHaveAttribute('data-status', 'interrupted');
  await page.goBack();

  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await expect(page.getByTestId('connection')).toHaveText(/live/);

  // Drop the socket while the run goes on; on reconnect the page catches up from a fresh snapshot.
  await page.evaluate(() => (window as unknown as { __picardSocket: { disconnect(): void } }).__picardSocket.disconnect());
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'offline');
  const shownWhileOffline = await page.locator(FINAL_ROW).count();
  const onDisk = lineCount(path.join(runDir, 'scores.progress.jsonl'));
  await expect.poll(() => lineCount(path.join(runDir, 'scores.progress.jsonl'))).toBeGreaterThanOrEqual(onDisk + 2);
  expect(await page.locator(FINAL_ROW).count()).toBe(shownWhileOffline);
  await page.evaluate(() => (window as unknown as { __picardSocket: { connect(): void } }).__picardSocket.connect());
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect.poll(() => page.locator(FINAL_ROW).count()).toBeGreaterThanOrEqual(shownWhileOffline + 2);
  const mid = await statusCounts(page);
  expect(mid.unique).toBe(TOTAL);
  expect(mid.keys).toBe(TOTAL);

  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.locator(FINAL_ROW)).toHaveCount(TOTAL);
  const erroredBefore = await page.locator('[data-testid="item-row"][data-status="errored"]').count();
  expect(erroredBefore, 'error rate 0.3 without retries leaves errored items').toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SHOTS, '11-completed-with-errors.png'), fullPage: true });

  // Retry only the errored items: they run again (a new attempt epoch), the others keep their verdicts.
  const passedBefore = await page.locator('[data-testid="item-row"][data-status="passed"]').count();
  await expect(page.getByTestId('retry-errors')).toHaveText(`Retry ${erroredBefore} errored`);
  await page.getByTestId('retry-errors').click();
  await expect(page.getByTestId('action-message')).toHaveText('Retrying errored items');
  // The run folder says when the retry is over (the page briefly shows the errored items as pending).
  const manifestStatus = () => JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).status as string;
  await expect.poll(() => [manifestStatus(), lineCount(path.join(runDir, 'responses.jsonl'))], { timeout: 30_000 }).toEqual(['completed', TOTAL]);
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  await expect(page.locator(FINAL_ROW)).toHaveCount(TOTAL);
  expect(await page.locator('[data-testid="item-row"][data-status="errored"]').count()).toBeLessThan(erroredBefore);
  expect(await page.locator('[data-testid="item-row"][data-status="passed"]').count()).toBeGreaterThanOrEqual(passedBefore);
  expect(lineCount(path.join(runDir, 'responses.jsonl'))).toBe(TOTAL);
});
