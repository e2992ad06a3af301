import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, startFakeOpenAI, watchErrors } from './support';

const GOOD = 'tests:\n  - question_id: 1\n    samples: 2\n    template: "Reply with exactly this word: {{entity1}}"\n    scoring_type: stringmatch\n    expected_response: "{{entity1}}"\n';
const BAD = 'tests:\n  - question_id: 1\n    samples: 1\n    template: "hi"\n    scoring_type: no_such_type\n';
const yaml = (name: string, text: string) => ({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size < 5_000_000 && readFileSync(p).includes(needle)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

test('an uploaded YAML file is validated with located errors, and a valid one starts a run', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/runs/new');
  await page.getByTestId('definitions-select').selectOption('__upload');
  await page.getByTestId('definitions-upload').setInputFiles(yaml('uploaded-bad.yaml', BAD));
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('definition-issues')).toContainText('uploaded-bad.yaml:5');
  await expect(page.getByTestId('definition-issues')).toContainText('scoring_type');
  await expect(page).toHaveURL(/\/runs\/new$/);

  await page.getByTestId('definitions-select').selectOption('__upload');
  await page.getByTestId('definitions-upload').setInputFiles(yaml('uploaded-good.yaml', GOOD));
  await page.getByTestId('label-input').fill('uploaded');
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('think-ms-input').fill('0');
  await page.getByTestId('concurrency-input').fill('2');
  await page.getByTestId('start-run').click();
  await page.waitForURL(/\/runs\/uploaded_\d{8}_\d{6}$/);
  await expect(page.getByTestId('item-row')).toHaveCount(2);
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  expect(errors).toEqual([]);
});

test('an OpenAI-compatible agent runs end to end; its key never reaches a file or the page', async ({ page }) => {
  const errors = watchErrors(page);
  const fake = await startFakeOpenAI();
  const secret = 'sk-e2e-do-not-write-0123456789';
  try {
    await page.goto('/runs/new');
    await page.getByTestId('agent-select').selectOption('openai');
    await page.getByTestId('base-url-input').fill(fake.url);
    await page.getByTestId('model-input').fill('bench-model');
    await page.getByTestId('api-key-input').fill(secret);
    await page.getByTestId('max-rounds-input').fill('5');
    await page.getByTestId('samples-input').fill('1');
    await page.getByTestId('seed-input').fill('9');
    await page.getByTestId('label-input').fill('openai_e2e');
    await page.screenshot({ path: path.join(SHOTS, '08-new-run-openai.png'), fullPage: true });
    await page.getByTestId('start-run').click();
    await page.waitForURL(/\/runs\/openai_e2e_\d{8}_\d{6}$/);
    await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
    await page.locator('[data-testid="item-row"][data-question-id="2"]').first().click();
    const panel = page.getByTestId('conversation-panel');
    await expect(panel).toHaveAttribute('data-loaded', 'true');
    await expect(panel.getByTestId('tool-call').first()).toContainText('list_directory');
    // Real token usage per round from the (fake) server.
    await expect(panel.getByTestId('round-row')).toHaveCount(2);
    await page.screenshot({ path: path.join(SHOTS, '09-openai-conversation.png'), fullPage: true });
    expect(await page.content()).not.toContain(secret);
    expect(filesContaining(process.env.E2E_RESULTS_DIR!, secret)).toEqual([]);
  } finally {
    fake.stop();
  }
  expect(errors).toEqual([]);
});

test('a refused API key stops the run at once (failed, the reason at the top); Resume with a new key completes it', async ({ page }) => {
  const errors = watchErrors(page);
  const secret = 'sk-e2e-refused-9876543210';
  const good = 'sk-e2e-accepted-1357924680';
  // A provider that refuses every key but `good`, as OpenAI does (401 with a JSON error); `good` gets a streamed answer.
  let requests = 0;
  const provider = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${good}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(`${chunk({ role: 'assistant', content: 'done' }, null)}${chunk({}, 'stop')}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
  try {
    await page.goto('/runs/new');
    await page.getByTestId('agent-select').selectOption('openai');
    await page.getByTestId('base-url-input').fill(url);
    await page.getByTestId('model-input').fill('bench-model');
    await page.getByTestId('api-key-input').fill(secret);
    await page.getByTestId('samples-input').fill('5');
    await page.getByTestId('label-input').fill('refused_key');
    await page.getByTestId('start-run').click();
    await page.waitForURL(/\/runs\/refused_key_\d{8}_\d{6}$/);
    await expect(page.getByTestId('run-status')).toHaveText('failed', { timeout: 30_000 });
    const reason = page.getByTestId('run-error');
    await expect(reason).toHaveText(`The provider at ${url} refused the API key entered in the form (401: Incorrect API key provided). Set a valid key, then resume the run.`);
    // At the top: above the progress numbers.
    const [r, done] = await Promise.all([reason.boundingBox(), page.getByTestId('items-done').boundingBox()]);
    expect(r!.y).toBeLessThan(done!.y);
    await expect(page.getByTestId('resume-run')).toBeVisible();
    await expect(page.locator('section').first()).toContainText('0 running · 0 errored'); // the abandoned item is not running
    await page.screenshot({ path: path.join(SHOTS, '10-run-fatal-reason.png'), fullPage: true });
    expect(requests).toBeLessThanOrEqual(1); // concurrency 1: the first refusal stopped the run
    expect(await page.content()).not.toContain(secret);

    // The fix: a new key typed next to Resume (memory only), sent with the resume action.
    const keyInput = page.getByTestId('resume-api-key-input');
    await expect(keyInput).toHaveAttribute('type', 'password');
    await keyInput.fill(good);
    await page.getByTestId('resume-run').click();
    // Cleared at once: the key does not stay in the page (the field may also be gone already, the run resuming).
    await expect.poll(() => page.evaluate(() => (document.querySelector('[data-testid="resume-api-key-input"]') as HTMLInputElement | null)?.value ?? '')).toBe('');
    await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 30_000 });
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    await expect(page.getByTestId('items-done')).toHaveText('30 / 30');
    await expect(page.getByTestId('resume-api-key-input')).toHaveCount(0); // nothing left to resume
    await page.reload();
    await expect(page.getByTestId('run-status')).toHaveText('completed');
    const html = await page.content();
    expect(html).not.toContain(good);
    expect(html).not.toContain(secret);
    expect(filesContaining(process.env.E2E_RESULTS_DIR!, good)).toEqual([]);
    expect(filesContaining(process.env.E2E_RESULTS_DIR!, secret)).toEqual([]);
  } finally {
    await new Promise((r) => provider.close(r));
  }
  expect(errors).toEqual([]);
});
