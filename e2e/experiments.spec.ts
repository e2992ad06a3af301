import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { SHOTS, watchErrors } from './support';

/** The leaderboard as shown: labels in DOM order, with accuracy and interval width. */
async function board(page: Page): Promise<Array<{ label: string; accuracy: number | null; width: number | null; answered: number }>> {
  return page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => {
    const acc = r.getAttribute('data-accuracy');
    const bar = r.querySelector('[data-testid="interval-bar"]');
    return {
      label: r.getAttribute('data-label') ?? '',
      accuracy: acc ? Number(acc) : null,
      width: bar?.getAttribute('data-low') ? Number(bar.getAttribute('data-width')) : null,
      answered: Number(r.getAttribute('data-answered')),
    };
  }));
}

async function fillRow(page: Page, i: number, values: { label: string; accuracy: string; thinkMs: string; concurrency?: string }) {
  const row = page.getByTestId('model-row').nth(i);
  await row.getByTestId('model-label-input').fill(values.label);
  await row.getByTestId('accuracy-input').fill(values.accuracy);
  await row.getByTestId('think-ms-input').fill(values.thinkMs);
  if (values.concurrency) await row.getByTestId('concurrency-input').fill(values.concurrency);
}

test('a sweep started from the form: live leaderboard reorders, intervals tighten, pairwise disagreements open side by side', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/experiments/new');
  const form = page.getByTestId('new-sweep-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('definitions-select')).toHaveValue('quickstart');
  await page.getByTestId('sweep-name-input').fill('e2e-sweep');
  await page.getByTestId('seed-input').fill('7');
  await page.getByTestId('samples-input').fill('3');

  // Rows: edit the first, duplicate it, add one, add a fourth and remove it again.
  await fillRow(page, 0, { label: 'a-low', accuracy: '0.1', thinkMs: '100-200' });
  await page.getByTestId('model-row').nth(0).getByTestId('duplicate-row').click();
  await expect(page.getByTestId('model-row').nth(1).getByTestId('model-label-input')).toHaveValue('a-low-copy');
  await expect(page.getByTestId('model-row').nth(1).getByTestId('think-ms-input')).toHaveValue('100-200');
  await fillRow(page, 1, { label: 'a-low', accuracy: '0.6', thinkMs: '100-200' });
  await page.getByTestId('add-row').click();
  await fillRow(page, 2, { label: 'c-high', accuracy: '0.95', thinkMs: '1500-1800', concurrency: '3' });
  await page.getByTestId('add-row').click();
  await expect(page.getByTestId('model-row')).toHaveCount(4);
  await page.getByTestId('model-row').nth(3).getByTestId('remove-row').click();
  await expect(page.getByTestId('model-row')).toHaveCount(3);

  // A duplicate label comes back located by the experiment parser; the rows keep what was typed.
  await page.getByTestId('start-sweep').click();
  await expect(page.getByTestId('sweep-issues')).toContainText('models[1].label');
  await expect(page.getByTestId('sweep-issues')).toContainText("Label 'a-low' is already used by models[0]");
  await expect(page.getByTestId('model-row').nth(2).getByTestId('model-label-input')).toHaveValue('c-high');
  await page.getByTestId('model-row').nth(1).getByTestId('model-label-input').fill('b-mid');
  await page.screenshot({ path: path.join(SHOTS, 'experiments-01-sweep-form.png'), fullPage: true });
  await page.getByTestId('start-sweep').click();

  await page.waitForURL(/\/experiments\/e2e_sweep_\d{8}_\d{6}$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(3);

  // Watch it live: the order changes as items land (the slow c-high has no answer at first, so ranks last) and
  // c-high's interval narrows.
  const orders: string[] = [];
  const widths: number[] = [];
  for (let i = 0; i < 200; i++) {
    const rows = await board(page);
    const order = rows.map((r) => r.label).join(',');
    if (orders.at(-1) !== order) orders.push(order);
    const high = rows.find((r) => r.label === 'c-high');
    if (high?.width !== null && high?.width !== undefined && widths.at(-1) !== high.width) widths.push(high.width);
    if ((await page.getByTestId('experiment-status').textContent()) !== 'running') break;
    if (i === 15) await page.screenshot({ path: path.join(SHOTS, 'experiments-02-live-leaderboard.png'), fullPage: true });
    await page.waitForTimeout(150);
  }
  await expect(page.getByTestId('experiment-status')).toHaveText('completed', { timeout: 30_000 });
  const final = await board(page);
  expect(orders.length, `orders seen: ${orders.join(' | ')}`).toBeGreaterThanOrEqual(2);
  expect(orders[0].split(',').at(-1), `first order seen: ${orders[0]}`).toBe('c-high');
  expect(final[0].label).toBe('c-high');
  expect(widths.length, `c-high widths: ${widths.join(',')}`).toBeGreaterThanOrEqual(3);
  expect(widths.at(-1)!).toBeLessThan(widths[0]);
  // Leaderboard order is accuracy order, every configuration answered every item.
  const accs = final.map((r) => r.accuracy!);
  expect(accs).toEqual([...accs].sort((a, b) => b - a));
  expect(final.every((r) => r.answered === 18)).toBe(true);
  await expect(page.getByTestId('leaderboard-row').first().getByTestId('leaderboard-progress')).toHaveText('18 / 18');
  await page.screenshot({ path: path.join(SHOTS, 'experiments-03-finished.png'), fullPage: true });

  // Heatmap: a cell opens that configuration's items of the question, each linking to its run page.
  await page.locator('[data-testid="heatmap-cell"][data-label="a-low"]').first().click();
  const cell = page.getByTestId('cell-items');
  await expect(cell.getByTestId('cell-item')).toHaveCount(3);
  await expect(cell.getByTestId('cell-item').first().locator('a')).toHaveAttribute('href', /\/runs\/a_low_\d{8}_\d{6}\?item=q\d+_s1/);

  // Pairwise: the top vs the bottom configuration, their disagreements, two conversations side by side.
  await expect(page.getByTestId('pair-row')).toHaveCount(3);
  const pair = page.locator(`[data-testid="pair-row"][data-a="c-high"][data-b="${final[2].label}"]`);
  await expect(pair.getByTestId('pair-holm')).not.toBeEmpty();
  await pair.getByTestId('pair-disagreements').click();
  const dis = page.getByTestId('disagreements');
  await expect(dis.getByTestId('disagreement-item').first()).toBeVisible();
  await dis.getByTestId('disagreement-item').first().click();
  const side = page.getByTestId('side-by-side');
  await expect(side.getByTestId('conversation-panel')).toHaveCount(2);
  await expect(side.getByTestId('conversation-panel').nth(0)).toHaveAttribute('data-loaded', 'true');
  await expect(side.getByTestId('conversation-panel').nth(1)).toHaveAttribute('data-loaded', 'true');
  await expect(side.getByTestId('panel-verdict').nth(0)).toContainText(/Correct|Wrong/);
  await side.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'experiments-04-disagreement-side-by-side.png'), fullPage: true });

  // A run page of a configuration opens from the leaderboard (its folder is inside the experiment folder).
  const href = await page.getByTestId('leaderboard-run-link').first().getAttribute('href');
  // The list shows the experiment, finished, with its best configuration; it reads the same after a reload.
  await page.goto('/experiments');
  const row = page.locator('[data-testid="experiment-row"]').filter({ hasText: 'e2e-sweep' });
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row.getByTestId('experiment-best')).toContainText('c-high');
  await page.goto(href!);
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  expect(errors).toEqual([]);
});
