import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPicard } from '../testing/entries';
import { startFakeOpenAIServer } from '../agents/testing/fake-openai-server';

const root = resolve(__dirname, '../..');
const suite = join(root, 'lib/suites/quickstart.yaml');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('picard run exit status and stderr', () => {
  it('a refused API key: exits 1 at once, says what to fix (even with -q), never prints the key', async () => {
    const server = await startFakeOpenAIServer({ apiKey: 'sk-right-000000', respond: () => ({ content: 'x' }) });
    closers.push(() => server.close());
    const wrong = 'sk-wrong-1234567890';
    const res = await runPicard(
      ['run', '-d', suite, '--agent', 'openai', '--base-url', server.url, '--model', 'fake-model', '--api-key-env', 'PICARD_CLI_KEY', '--concurrency', '3', '--results-dir', mkdtempSync(join(tmpdir(), 'picard-cli-fatal-')), '-q'],
      { PICARD_CLI_KEY: wrong },
    );
    expect(res.code).toBe(1);
    const dir = res.stdout.trim().split('\n').at(-1)!;
    expect(res.stderr).toContain(`Run failed: The provider at ${server.url} refused the API key in $PICARD_CLI_KEY (401: Incorrect API key provided: sk-****7890.`);
    expect(res.stderr).toContain(`Continue it after the fix: picard run --resume ${dir}`);
    expect(`${res.stdout}${res.stderr}`).not.toContain(wrong);
    expect(server.requests.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'failed', error: expect.stringContaining('$PICARD_CLI_KEY') });
  });

  it('--concurrency 50 prints no MaxListenersExceededWarning', async () => {
    const res = await runPicard(['run', '-d', suite, '--seed', '4', '--think-ms', '150', '--concurrency', '50', '--results-dir', mkdtempSync(join(tmpdir(), 'picard-cli-c50-'))]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/Run completed: \d+\/18 correct/);
    expect(res.stderr).not.toMatch(/MaxListenersExceeded|memory leak/);
  });
});
