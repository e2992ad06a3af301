import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { SHOTS, startServer, watchErrors } from './support';
import type { ServerProcess } from './support';

/**
 * Runs its own dashboard process (port $E2E_EXP_RESUME_PORT, default 3112, own results folder): a sweep started
 * from the form is cancelled as a whole and resumed as a whole from its page, then listed on /experiments by a fresh
 * server from the results index, and again after the index file is deleted (a catch-up from the folders); each
 * fresh server's experiment page (read from the index) shows the same leaderboard rows and pairwise matrix as the
 * live page did.
 */
const PORT = Number(process.env.E2E_EXP_RESUME_PORT ?? 3112);
const ITEMS = 18; // quickstart: 6 questions × 3 samples
let server: ServerProcess | null = null;
test.afterAll(async () => { await server?.stop('SIGKILL'); });

async function fillRow(page: Page, i: number, v: { label: string; accuracy: string }) {
  const row = page.getByTestId('model-row').nth(i);
  await row.getByTestId('model-label-input').fill(v.label);
  await row.getByTestId('accuracy-input').fill(v.accuracy);
  await row.getByTestId('think-ms-input').fill('500');
  await row.getByTestId('concurrency-input').fill('1');
}

const answered = (page: Page) => page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-answered'))));

/** The leaderboard rows (their data attributes and text) and the pairwise matrix and table, as shown. */
const standings = (page: Page) => page.evaluate(() => {
  const data = (el: Element): Record<string, string | null> => Object.fromEntries([...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name, a.value]));
  const all = (id: string) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((el): Record<string, string | null> => ({ ...data(el), text: el.textContent }));
  return { rows: all('leaderboard-row'), cells: all('pair-cell'), pairs: all('pair-row') };
});

/** The experiment's page on a fresh server (read from the results index) shows what the live page showed. */
async function expectSameStandings(page: Page, url: string, id: string, live: Awaited<ReturnType<typeof standings>>) {
  await page.goto(`${url}/experiments/${encodeURIComponent(id)}`);
  await expect(page.getByTestId('experiment-status')).toHaveText('completed');
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(live.rows.length);
  expect(await standings(page)).toEqual(live);
}

async function expectListed(page: Page, url: string, id: string) {
  await page.goto(`${url}/experiments`);
  const row = page.locator(`[data-testid="experiment-row"][data-experiment-id="${id}"]`);
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('experiment-progress')).toHaveText(`${2 * ITEMS} / ${2 * ITEMS}`);
  await expect(row.getByTestId('experiment-best')).toContainText(/sure|unsure/);
}

test('a whole sweep is cancelled and resumed from its page, then listed from the results index by a fresh server, with and without the index file', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-expresume-'));
  server = await startServer(PORT, resultsDir);
  await page.goto(`${server.url}/experiments/new`);
  await page.getByTestId('sweep-name-input').fill('resume-me');
  await page.getByTestId('seed-input').fill('4');
  await page.getByTestId('samples-input').fill('3');
  await fillRow(page, 0, { label: 'sure', accuracy: '0.9' });
  await page.getByTestId('add-row').click();
  await fillRow(page, 1, { label: 'unsure', accuracy: '0.3' });
  await page.getByTestId('start-sweep').click();
  await page.waitForURL(/\/experiments\/resume_me_\d{8}_\d{6}$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  const status = page.getByTestId('experiment-status');
  await expect(status).toHaveText('running');

  // Some items land, then the whole sweep is cancelled: every configuration stops part-way.
  await expect.poll(async () => Math.min(...(await answered(page)))).toBeGreaterThanOrEqual(1);
  await page.getByTestId('experiment-cancel').click();
  await expect(status).toHaveText('cancelled', { timeout: 20_000 });
  await expect(page.getByTestId('experiment-cancel')).toHaveCount(0);
  const stopped = await answered(page);
  expect(stopped.every((n) => n < ITEMS), `answered when cancelled: ${stopped}`).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'experiments-05-cancelled.png'), fullPage: true });

  // Resume: running again, then to the end, each configuration answering every item once.
  await page.getByTestId('experiment-resume').click();
  await expect(status).toHaveText('running', { timeout: 20_000 });
  await expect(page.getByTestId('experiment-cancel')).toBeVisible();
  await expect(status).toHaveText('completed', { timeout: 60_000 });
  await expect.poll(() => answered(page)).toEqual([ITEMS, ITEMS]);
  await expect(page.getByTestId('leaderboard-row').first()).toHaveAttribute('data-label', 'sure');
  await page.screenshot({ path: path.join(SHOTS, 'experiments-06-resumed-finished.png'), fullPage: true });
  const live = await standings(page);
  expect(live.rows.map((r) => r['data-label'])).toEqual(['sure', 'unsure']);
  expect(live.cells).toHaveLength(1);
  expect(live.pairs).toHaveLength(1);

  // A fresh server lists it from the results index it finds (the page is closed first: no socket to a dead server).
  expect(errors).toEqual([]);
  await page.goto('about:blank');
  await server.stop();
  server = await startServer(PORT, resultsDir);
  await expectListed(page, server.url, id);
  await expectSameStandings(page, server.url, id, live);
  await page.goto('about:blank');

  // Without the index file: the fresh server catches the folders up and lists the same.
  await page.goto('about:blank');
  await server.stop();
  const indexFile = path.join(resultsDir, '.picard', 'index.sqlite');
  for (const f of [indexFile, `${indexFile}-wal`, `${indexFile}-shm`]) rmSync(f, { force: true });
  server = await startServer(PORT, resultsDir);
  await expectListed(page, server.url, id);
  expect(existsSync(indexFile)).toBe(true);
  await page.getByTestId('experiment-link').first().click();
  await expect(page.getByTestId('experiment-status')).toHaveText('completed');
  expect(await standings(page)).toEqual(live);
  await expect(page.getByTestId('experiment-resume')).toHaveCount(0);
  expect(errors).toEqual([]);
});
