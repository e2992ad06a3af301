import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

const SHOTS = path.join(import.meta.dirname, 'screenshots');
const FINAL = '[data-testid="item-row"][data-status="passed"], [data-testid="item-row"][data-status="failed"], [data-testid="item-row"][data-status="errored"]';

/** Page errors and console errors (favicon excluded: public/favicon.svg exists, but be safe). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text()); });
  return errors;
}

async function rowKeys(page: Page): Promise<string[]> {
  return page.locator('[data-testid="item-row"]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-question-id')}/${r.getAttribute('data-sample')}`));
}

test('a run started from the form streams rows live, survives a reload, and shows conversations', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/runs/new');
  await expect(page.getByTestId('definitions-select')).toHaveValue('quickstart');
  await expect(page.getByTestId('agent-select')).toHaveValue('simulated');
  await page.getByTestId('seed-input').fill('7');
  await page.getByTestId('label-input').fill('e2e_live');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill('600');
  await page.screenshot({ path: path.join(SHOTS, '01-new-run-form.png'), fullPage: true });
  await page.getByTestId('start-run').click();

  await page.waitForURL(/\/runs\/e2e_live_\d{8}_\d{6}$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  const total = 18;
  await expect(page.getByTestId('item-row')).toHaveCount(total);

  // Finished rows must arrive one by one while the run is running, not all at once at the end.
  const seen: number[] = [];
  for (let i = 0; i < 40 && (seen.at(-1) ?? 0) < 5; i++) {
    if ((await page.getByTestId('run-status').textContent()) !== 'running') break;
    seen.push(await page.locator(FINAL).count());
    await page.waitForTimeout(150);
  }
  const distinct = [...new Set(seen)];
  expect(distinct.length, `finished-row counts over time: ${seen.join(',')}`).toBeGreaterThanOrEqual(3);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await page.screenshot({ path: path.join(SHOTS, '02-run-streaming.png'), fullPage: true });

  // Open a finished item: question, messages with tool calls, final response, expected answer, verdict.
  await page.locator(FINAL).first().click();
  const panel = page.getByTestId('conversation-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('message').first()).toBeVisible();
  await expect(panel.getByTestId('tool-call').first()).toContainText('list_directory');
  await expect(panel.getByTestId('panel-verdict')).toContainText(/Correct|Wrong/);
  await expect(panel.getByTestId('panel-expected')).not.toContainText('–');
  await page.screenshot({ path: path.join(SHOTS, '03-conversation.png'), fullPage: true });

  // Reload mid-run: the same rows, no duplicates, and it keeps streaming.
  const before = await page.locator(FINAL).count();
  expect(before).toBeLessThan(total);
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect(page.getByTestId('item-row')).toHaveCount(total);
  const keys = await rowKeys(page);
  expect(new Set(keys).size).toBe(total);
  expect(await page.locator(FINAL).count()).toBeGreaterThanOrEqual(before);
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await expect.poll(() => page.locator(FINAL).count(), { timeout: 10_000 }).toBeGreaterThan(before);

  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.getByTestId('items-done')).toHaveText(`${total} / ${total}`);
  await expect(page.locator(FINAL)).toHaveCount(total);
  expect(new Set(await rowKeys(page)).size).toBe(total);
  await expect(page.getByTestId('accuracy')).toHaveText(/\d+\.\d%/);
  await expect(page.getByTestId('by-scoring-type').getByTestId('tally-row')).toHaveCount(6);
  await page.screenshot({ path: path.join(SHOTS, '04-run-completed.png'), fullPage: true });

  // The runs list links to it.
  await page.goto('/');
  await expect(page.locator('[data-testid="run-link"]', { hasText: 'e2e_live' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '05-runs-list.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a streaming run page lays out about once per live batch, not at every frame', async ({ page }) => {
  const errors = watchErrors(page);
  // Counts the batches the page renders (the latency trace of lib/bench/ui-latency.ts).
  await page.addInitScript(() => { (window as unknown as { __picardTrace: unknown }).__picardTrace = { scored: [] }; });
  await page.goto('/runs/new');
  await page.getByTestId('label-input').fill('e2e_frames');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill('700');
  await page.getByTestId('concurrency-input').fill('2');
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/e2e_frames_\d{8}_\d{6}$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  const batches = () => page.evaluate(() => (window as unknown as { __picardTrace: { batches?: number } }).__picardTrace.batches ?? 0);
  await expect.poll(batches).toBeGreaterThan(0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const layouts = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'LayoutCount')!.value;
  const [l0, b0] = [await layouts(), await batches()];
  await page.waitForTimeout(2000);
  const [l1, b1] = [await layouts(), await batches()];
  await expect(page.getByTestId('run-status')).toHaveText('running'); // it streamed the whole time
  // Each batch, the header's one-second clock and the tallies (at most twice a second) may each lay the page out
  // once (8 layouts for 3 batches here); an animation lays it out at every frame while it runs (a transition on
  // the progress bar's width did: 21 layouts for 4 batches at this pace, ~50 a second at 500 items/s).
  expect(b1 - b0, 'batches rendered in 2 s').toBeGreaterThan(1);
  expect(l1 - l0, `layouts in 2 s for ${b1 - b0} batches`).toBeLessThanOrEqual(3 * (b1 - b0) + 4);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('invalid definitions are reported in the form with their location', async ({ page }) => {
  const errors = watchErrors(page);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-def-')), 'bad.yaml');
  writeFileSync(file, 'tests:\n  - question_id: 1\n    samples: 1\n    template: "hi"\n    scoring_type: no_such_type\n');
  await page.goto('/runs/new');
  await page.getByTestId('definitions-select').selectOption('__path');
  await page.getByTestId('definitions-path').fill(file);
  await page.getByTestId('start-run').click();
  const issues = page.getByTestId('definition-issues');
  await expect(issues).toContainText('bad.yaml:5');
  await expect(issues).toContainText('scoring_type');
  await expect(page).toHaveURL(/\/runs\/new$/);
  // The form keeps what was submitted.
  await expect(page.getByTestId('definitions-select')).toHaveValue('__path');
  await expect(page.getByTestId('definitions-path')).toHaveValue(file);
  await page.screenshot({ path: path.join(SHOTS, '06-definition-error.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the favicon and the header logo are served from public/ through the custom server', async ({ page, request }) => {
  for (const file of ['/favicon.svg', '/logo.svg']) {
    const res = await request.get(file);
    expect(res.status(), file).toBe(200);
    expect(res.headers()['content-type'], file).toContain('image/svg+xml');
    expect(await res.text(), file).toContain('<svg');
  }
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  const logo = page.getByTestId('logo');
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
  expect(errors).toEqual([]);
});

test('keyboard j/k steps through failing items and filters narrow the table', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-testid="run-link"]', { hasText: 'e2e_live' }).first().click();
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  await page.getByTestId('filter-status').selectOption('failing');
  const failing = await page.getByTestId('item-row').count();
  const statuses = await page.getByTestId('item-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
  expect(statuses.every((s) => s === 'failed' || s === 'errored')).toBe(true);
  if (failing > 0) {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await expect(page.getByTestId('conversation-panel')).toHaveAttribute('data-key', /^q\d+_s\d+$/);
  }
  await page.getByTestId('filter-status').selectOption('all');
  await expect(page.getByTestId('item-row')).toHaveCount(18);

  // The sandbox browser lists this run's files and opens one.
  await page.getByTestId('sandbox-link').click();
  const entries = page.getByTestId('sandbox-entries');
  await expect(entries.getByRole('link').first()).toBeVisible();
  const textFile = entries.locator('[data-kind="file"]:not([data-size="0"]) a', { hasText: /\.txt$/ });
  const open = async (link: ReturnType<typeof entries.locator>) => {
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await page.waitForURL((u) => `${u.pathname}${u.search}` === href);
  };
  await open(entries.getByRole('link', { name: /^q4_s1\/$/ }));
  for (let depth = 0; depth < 3 && (await textFile.count()) === 0; depth++) await open(entries.locator('[data-kind="dir"] a').first());
  await textFile.first().click();
  await expect(page.getByTestId('sandbox-file')).not.toBeEmpty();
  await page.screenshot({ path: path.join(SHOTS, '07-sandbox-file.png'), fullPage: true });
});
