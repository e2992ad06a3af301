import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { catchUpResults } from '../lib/index/catch-up-results';
import { openResultsIndex } from '../lib/index/open';
import { writeSyntheticRun } from '../lib/index/testing/synthetic-run';
import { SHOTS, startServer, watchErrors } from './support';
import type { ServerProcess } from './support';

/**
 * A finished synthetic 200,000-item run (lib/index/testing/synthetic-run.ts) with its results index present,
 * opened on a fresh server of its own: the first rows come from the index (never the whole run), a status
 * filter and a sort are answered server-side. Prints the figures; the limits here are generous (a shared
 * 2-core machine), the goals are measured by `npm run bench:ui`.
 */
const PORT = Number(process.env.E2E_INDEX_PORT ?? 3110);
const ITEMS = 200_000;
const RUN = 'synthetic200k_20261126_100000';
let server: ServerProcess | null = null;
test.afterAll(async () => { await server?.stop(); });

test('a finished 200,000-item run opens from the index; filter and sort are answered by the server', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-200k-'));
  let t = Date.now();
  writeSyntheticRun(dir, RUN, { items: ITEMS, label: 'synthetic 200k', seed: 3 });
  const index = openResultsIndex(dir);
  await catchUpResults(index);
  index.close();
  console.log(`200,000-item folder written and indexed in ${Date.now() - t} ms`);
  server = await startServer(PORT, dir);
  const errors = watchErrors(page);

  const requests: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/runs/')) requests.push(r.url()); });
  t = Date.now();
  await page.goto(`${server.url}/runs/${RUN}`);
  await expect(page.getByTestId('item-row').first()).toBeVisible({ timeout: 30_000 });
  const firstRowsMs = Date.now() - t;
  const table = page.getByTestId('item-table');
  await expect(table).toHaveAttribute('data-rows', String(ITEMS));
  await expect(page.getByTestId('items-done')).toHaveText('200,000 / 200,000');
  await expect(page.getByTestId('items-shown')).toContainText('200,000 of 200,000 items');
  await expect(page.getByTestId('accuracy')).toHaveText(/\d+\.\d%/);
  expect(await page.getByTestId('item-row').count()).toBeLessThan(100);

  // Status filter: the server counts and pages the failing items.
  t = Date.now();
  await page.getByTestId('filter-status').selectOption('failing');
  await expect(table).toHaveAttribute('data-query', /"status":\["failed","errored"\]/);
  await expect(table).toHaveAttribute('data-loading', 'false');
  const filterMs = Date.now() - t;
  const failing = Number(await table.getAttribute('data-rows'));
  expect(failing).toBeGreaterThan(0);
  expect(failing).toBeLessThan(ITEMS);
  const statuses = await page.getByTestId('item-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 'failed' || s === 'errored')).toBe(true);
  expect(requests.some((u) => /[?&]status=failed%2Cerrored/.test(u))).toBe(true);

  // Search and sort, also server-side; scrolling deep loads the page it lands on.
  await page.getByTestId('filter-status').selectOption('all');
  await page.getByTestId('filter-text').fill('q12345_s7');
  await expect(table).toHaveAttribute('data-rows', '1');
  await expect(page.getByTestId('item-row')).toHaveAttribute('data-key', 'q12345_s7');
  await page.getByTestId('filter-text').fill('');
  t = Date.now();
  await page.getByTestId('sort').selectOption('tokens');
  await expect(table).toHaveAttribute('data-query', /"sort":"tokens"/);
  await expect(table).toHaveAttribute('data-loading', 'false');
  const sortMs = Date.now() - t;
  await page.getByTestId('sort').selectOption('order');
  await expect(table).toHaveAttribute('data-loading', 'false');
  await table.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(page.locator(`[data-testid="item-row"][data-key="q20000_s10"]`)).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: path.join(SHOTS, '21-index-200k.png'), fullPage: true });

  console.log(`200,000-item run: first rows ${firstRowsMs} ms, status filter ${filterMs} ms, sort by tokens ${sortMs} ms`);
  test.info().annotations.push({ type: 'figures', description: JSON.stringify({ firstRowsMs, filterMs, sortMs }) });
  expect(errors).toEqual([]);
});
