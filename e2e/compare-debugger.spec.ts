import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { runCli, SHOTS, watchErrors } from './support';

/**
 * Three CLI runs of the standard suite (CSV, SQLite, JSON, YAML, XML tasks) in the shared results folder:
 * two over the same instances (seed 5) at different simulated accuracies, one with another seed.
 */
let low = '';
let high = '';
let other = '';
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dir = process.env.E2E_RESULTS_DIR!;
  const common = ['run', '-d', 'lib/suites/standard.yaml', '--samples', '2', '--think-ms', '0', '--results-dir', dir];
  [low, high, other] = (await Promise.all([
    runCli([...common, '--seed', '5', '--accuracy', '0.3', '--label', 'cmp_low']),
    runCli([...common, '--seed', '5', '--accuracy', '0.9', '--label', 'cmp_high']),
    runCli([...common, '--seed', '6', '--label', 'cmp_other']),
  ])).map((d) => path.basename(d));
});

async function openItem(page: Page, runId: string, key: string) {
  await page.goto(`/runs/${runId}?item=${key}`);
  const panel = page.getByTestId('conversation-panel');
  await expect(panel).toHaveAttribute('data-key', key);
  await expect(panel).toHaveAttribute('data-loaded', 'true');
  return panel;
}

test('compare: pick two runs, see accuracies, McNemar, deltas, chart, and click through differing items', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.locator(`[data-testid="run-select"][value="${low}"]`).check();
  await page.locator(`[data-testid="run-select"][value="${high}"]`).check();
  await page.getByTestId('compare-selected').click();
  await page.waitForURL(/\/compare\?runs=/);
  await expect(page.getByTestId('compare-run')).toHaveCount(2);
  const acc = async (runId: string) => parseFloat((await page.locator(`[data-testid="compare-run"][data-run="${runId}"] [data-testid="compare-accuracy"]`).textContent())!);
  expect(await acc(high)).toBeGreaterThan(await acc(low));
  // The first selected run (in list order) is the base A; open-a / open-b go to the pair's runs.
  const pair = page.getByTestId('compare-pair');
  const runA = (await pair.getAttribute('data-a'))!;
  const runB = (await pair.getAttribute('data-b'))!;
  expect([runA, runB].sort()).toEqual([low, high].sort());
  await expect(page.getByTestId('mcnemar-p')).toHaveText(/^\d\.\d{4}$|e-/);
  await expect(page.getByTestId('question-delta')).toHaveCount(12);
  await expect(page.getByTestId('chart-question')).toHaveCount(12);
  await expect(page.getByTestId('chart-point')).toHaveCount(24);
  const differing = page.getByTestId('differing-item');
  expect(await differing.count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SHOTS, '23-compare.png'), fullPage: true });

  const key = (await differing.first().getAttribute('data-key'))!;
  await differing.first().getByTestId('open-a').click();
  await expect(page.getByTestId('conversation-panel')).toHaveAttribute('data-key', key);
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runA);
  await page.goBack();
  await differing.first().getByTestId('open-b').click();
  await expect(page.getByTestId('conversation-panel')).toHaveAttribute('data-key', key);
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runB);

  // Runs over different instances are refused with the reason.
  await page.goto(`/compare?runs=${low}&runs=${other}`);
  await expect(page.getByTestId('compare-error')).toContainText('seed');
  expect(errors).toEqual([]);
});

test('conversation debugger: answer key, diff, rounds, sandbox files as tables, j/k through failures', async ({ page }) => {
  const errors = watchErrors(page);
  // SQLite task: the generated database opens as tables.
  let panel = await openItem(page, low, 'q401_s1');
  await expect(panel.getByTestId('panel-question')).not.toBeEmpty();
  await expect(panel.getByTestId('tool-call').first()).toBeVisible();
  await expect(panel.getByTestId('round-stats')).toContainText('rounds');
  await expect(panel.getByTestId('panel-expected')).not.toContainText('–');
  await expect(panel.getByTestId('panel-diff')).toBeVisible();
  await panel.locator('[data-testid="files-generated"] [data-testid="item-file"][data-rel$=".db"]').first().click();
  await expect(panel.getByTestId('sqlite-table').first()).toBeVisible();
  await expect(panel.getByTestId('sqlite-rows').first().locator('td').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '21-debugger-sqlite.png'), fullPage: true });

  // CSV as a table; JSON, YAML and XML pretty-printed.
  panel = await openItem(page, low, 'q301_s1');
  await panel.locator('[data-testid="item-file"][data-rel$=".csv"]').first().click();
  await expect(panel.getByTestId('csv-table').locator('th').first()).toBeVisible();
  for (const [key, ext, format] of [['q501_s1', '.json', 'json'], ['q502_s1', '.yaml', 'yaml'], ['q503_s1', '.xml', 'xml']] as const) {
    panel = await openItem(page, low, key);
    await panel.locator(`[data-testid="item-file"][data-rel$="${ext}"]`).first().click();
    await expect(panel.getByTestId('text-preview')).toHaveAttribute('data-format', format);
  }

  // A wrong jsonmatch answer shows a structural diff (or why it did not parse); a wrong string answer a line diff.
  await page.goto(`/runs/${low}`);
  await page.getByTestId('filter-status').selectOption('failing');
  await page.getByTestId('filter-scoring').selectOption('jsonmatch');
  if ((await page.getByTestId('item-row').count()) > 0) {
    await page.getByTestId('item-row').first().click();
    await expect(page.getByTestId('conversation-panel')).toHaveAttribute('data-loaded', 'true');
    await expect(page.locator('[data-testid="json-difference"], [data-testid="json-error"]').first()).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, '22-debugger-json-diff.png'), fullPage: true });
  }
  await page.getByTestId('filter-scoring').selectOption('stringmatch');
  await page.getByTestId('item-row').first().click();
  await expect(page.getByTestId('line-diff').locator('[data-op="+"]').first()).toBeVisible();

  // j / k walk the failing items in table order, whatever the filter.
  await page.getByTestId('filter-scoring').selectOption('');
  await page.getByTestId('filter-status').selectOption('all');
  await page.getByTestId('close-panel').click();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  const first = await page.getByTestId('conversation-panel').getAttribute('data-key');
  await page.keyboard.press('j');
  await expect(page.getByTestId('conversation-panel')).not.toHaveAttribute('data-key', first!);
  const second = await page.getByTestId('conversation-panel').getAttribute('data-key');
  for (const k of [first, second]) await expect(page.locator(`[data-testid="item-row"][data-key="${k}"]`)).toHaveAttribute('data-status', /failed|errored/);
  await page.keyboard.press('k');
  await expect(page.getByTestId('conversation-panel')).toHaveAttribute('data-key', first!);
  expect(errors).toEqual([]);
});
