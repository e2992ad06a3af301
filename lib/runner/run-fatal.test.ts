import { getEventListeners } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { solveWriteWord, writeWordSuite } from '../agents/testing/write-word-task';
import { agentic, startFakeAgenticServer } from '../agents/testing/fake-agentic-server';
import { startFakeOpenAIServer, type FakeOpenAIScript } from '../agents/testing/fake-openai-server';
import type { RunEvent } from '../events/types';
import { resumeRun } from './resume-run';
import { startRun } from './start-run';
import type { AgentConfig } from '../agents/agent-kinds';
import type { RunHandle, RunOptions } from './types';

const GOOD = 'sk-good-key-31415926';
const WRONG = 'sk-wrong-key-27182818';
const ENV = 'PICARD_FATAL_TEST_KEY';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function definitions(samples: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'picard-fatal-')), 'defs.yaml');
  writeFileSync(
    file,
    writeWordSuite(samples),
  );
  return file;
}

async function fakeOpenAI(script: Partial<FakeOpenAIScript>) {
  const server = await startFakeOpenAIServer({ respond: (r) => solveWriteWord(r.question, r.turn), chunkDelayMs: 5, ...script });
  closers.push(() => server.close());
  return server;
}

/** A port nothing listens on: bound, then closed. */
function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function go(agent: AgentConfig, samples: number, extra: Partial<RunOptions> = {}) {
  const handle = await startRun({ definitionsFile: definitions(samples), resultsDir: mkdtempSync(join(tmpdir(), 'picard-fatal-res-')), seed: 3, delayS: 0.01, agent, ...extra });
  return follow(handle);
}

async function follow(handle: RunHandle) {
  const events: RunEvent[] = [];
  handle.bus.subscribe((e) => events.push(e));
  const result = await handle.done;
  return { handle, result, events, dir: handle.dir };
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
const allFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? allFiles(join(dir, f)) : [join(dir, f)]));

describe('run-fatal failures stop the run at the first one', () => {
  it('a refused key (401): failed at once with a reason naming the env var, nothing written as errored; fixed key + resume completes', async () => {
    const server = await fakeOpenAI({ apiKey: GOOD });
    process.env[ENV] = WRONG;
    const agent: AgentConfig = { kind: 'openai', baseUrl: server.url, model: 'fake-model', apiKeyEnv: ENV };
    const { result, events, dir } = await go(agent, 20, { concurrency: 4, retries: 5 });

    expect(result.status).toBe('failed');
    expect(result.error).toBe(
      `The provider at ${server.url} refused the API key in $${ENV} (401: Incorrect API key provided: sk-****2818. ` +
        'You can find your API key in your account settings.). Set a valid key, then resume the run.',
    );
    // Stopped at the first: at most one request per worker went out (not 20 items × 6 attempts).
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.length).toBeLessThanOrEqual(4);
    expect(events.some((e) => e.type === 'item-retrying')).toBe(false);
    // The refused items were abandoned, not recorded: nothing in responses, conversations or scores.
    expect(lines(join(dir, 'responses.jsonl'))).toEqual([]);
    expect(lines(join(dir, 'scores.progress.jsonl'))).toEqual([]);
    expect(manifest(dir)).toMatchObject({ status: 'failed', error: result.error });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: result.error });
    for (const f of allFiles(dir)) expect(readFileSync(f).includes(WRONG), f).toBe(false);

    process.env[ENV] = GOOD;
    const resumed = await follow(await resumeRun(dir));
    expect(resumed.result).toMatchObject({ status: 'completed', completed: 20, correct: 20, errored: 0 });
    expect(lines(join(dir, 'responses.jsonl'))).toHaveLength(20);
    expect(manifest(dir).status).toBe('completed');
    expect(manifest(dir).error).toBeUndefined();
  });

  it('an unknown model (404) and a key without access (403) are run-fatal too', async () => {
    process.env[ENV] = GOOD;
    const unknown = await fakeOpenAI({ apiKey: GOOD, models: ['real-model'] });
    const a = await go({ kind: 'openai', baseUrl: unknown.url, model: 'no-such-model', apiKeyEnv: ENV }, 12, { concurrency: 3 });
    expect(a.result.status).toBe('failed');
    expect(a.result.error).toBe(
      `The provider at ${unknown.url} does not know model 'no-such-model' (404: The model \`no-such-model\` does not exist or you do not have access to it.). ` +
        'Check the model name and the base URL, then resume the run.',
    );
    expect(unknown.requests.length).toBeLessThanOrEqual(3);

    const denied = await fakeOpenAI({ respond: () => ({ content: 'x', faults: [{ fault: 'status', status: 403, message: 'Project does not have access' }] }) });
    const b = await go({ kind: 'openai', baseUrl: denied.url, model: 'm', apiKeyEnv: ENV }, 12, { concurrency: 3 });
    expect(b.result.status).toBe('failed');
    expect(b.result.error).toMatch(new RegExp(`denied the API key in \\$${ENV} access \\(403: Project does not have access\\)`));
    expect(denied.requests.length).toBeLessThanOrEqual(3);
    expect(lines(join(b.dir, 'responses.jsonl'))).toEqual([]);
  });

  it('an endpoint that refuses the first connection: openai and agentic-server runs fail at once', async () => {
    const port = await refusedPort();
    const o = await go({ kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }, 10, { concurrency: 2, retries: 5, delayS: 5 });
    expect(o.result.status).toBe('failed');
    expect(o.result.error).toBe(`Nothing answers at http://127.0.0.1:${port}/v1 (connection refused, ECONNREFUSED). Start the server or fix the base URL, then resume the run.`);
    expect(o.result.durationMs).toBeLessThan(4000); // no retry waits (5 s base delay)

    const endpoint = `http://127.0.0.1:${port}/api/chat`;
    const g = await go({ kind: 'agentic-server', endpoint }, 10, { concurrency: 2 });
    expect(g.result.status).toBe('failed');
    expect(g.result.error).toMatch(/^Nothing answers at .* \(connection refused, ECONNREFUSED\)\. Start the agentic server or fix the endpoint URL/);
    expect(lines(join(g.dir, 'responses.jsonl'))).toEqual([]);
    expect(manifest(g.dir)).toMatchObject({ status: 'failed', error: g.result.error });
  });

  it('agentic-server 401/404 from its endpoint stop the run', async () => {
    for (const status of [401, 404]) {
      const server = await startFakeAgenticServer({ status, body: 'nope' });
      closers.push(() => server.close());
      const { result } = await go({ kind: 'agentic-server', endpoint: server.url }, 8, { concurrency: 2 });
      expect(result.status).toBe('failed');
      expect(result.error).toContain(`The agentic server at ${server.url}`);
      expect(result.error).toContain(`(${status}: nope)`);
      expect(server.requests.length).toBeLessThanOrEqual(2);
    }
  });

  it('429 and 500 stay per item: retried, and the run completes', async () => {
    process.env[ENV] = GOOD;
    const server = await fakeOpenAI({
      apiKey: GOOD,
      respond: (r) => ({ ...solveWriteWord(r.question, r.turn), ...(r.turn === 0 && { faults: [{ fault: 'rate-limit', retryAfter: '0' }, { fault: 'status', status: 500 }] }) }),
    });
    const { result, events } = await go({ kind: 'openai', baseUrl: server.url, model: 'm', apiKeyEnv: ENV }, 6, { concurrency: 3, retries: 3 });
    expect(result).toMatchObject({ status: 'completed', completed: 6, correct: 6, errored: 0 });
    const retries = events.filter((e): e is Extract<RunEvent, { type: 'item-retrying' }> => e.type === 'item-retrying');
    expect(retries.filter((e) => e.reason === 'rate-limited')).toHaveLength(6);
    expect(retries.filter((e) => e.reason === 'server-error')).toHaveLength(6);
  });
});

describe('abort listeners on the run signal stay bounded', () => {
  it('at concurrency 50 with every item in flight: at most 2 listeners during the run, none after', async () => {
    // Each request stays open ~300 ms, so 50 items are in flight together (the client listens on each one's signal).
    const server = await startFakeAgenticServer({ lines: [agentic.chunk('answer'), agentic.done()], lineDelayMs: 150 });
    closers.push(() => server.close());
    const handle = await startRun({
      definitionsFile: definitions(120),
      resultsDir: mkdtempSync(join(tmpdir(), 'picard-fatal-res-')),
      seed: 3,
      concurrency: 50,
      agent: { kind: 'agentic-server', endpoint: server.url },
    });
    let peak = 0;
    let inFlight = 0;
    let peakInFlight = 0;
    handle.bus.subscribe((e) => {
      if (e.type === 'item-started') peakInFlight = Math.max(peakInFlight, ++inFlight);
      if (e.type === 'item-finished') inFlight--;
      peak = Math.max(peak, getEventListeners(handle.signal, 'abort').length);
    });
    const sampler = setInterval(() => (peak = Math.max(peak, getEventListeners(handle.signal, 'abort').length)), 10);
    const result = await handle.done;
    clearInterval(sampler);
    expect(result).toMatchObject({ status: 'completed', completed: 120 });
    expect(peakInFlight).toBe(50);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
    expect(getEventListeners(handle.signal, 'abort')).toHaveLength(0);
  });

  it('cancelling 50 in-flight items still reaches each of them', async () => {
    const server = await startFakeAgenticServer({ lines: [agentic.chunk('slow'), agentic.done()], lineDelayMs: 30_000 });
    closers.push(() => server.close());
    const handle = await startRun({
      definitionsFile: definitions(60),
      resultsDir: mkdtempSync(join(tmpdir(), 'picard-fatal-res-')),
      seed: 3,
      concurrency: 50,
      agent: { kind: 'agentic-server', endpoint: server.url },
    });
    while (server.requests.length < 50) await new Promise((r) => setTimeout(r, 10));
    expect(getEventListeners(handle.signal, 'abort').length).toBeLessThanOrEqual(2);
    handle.cancel();
    const result = await handle.done;
    expect(result.status).toBe('cancelled');
    expect(result.completed).toBe(0);
    expect(lines(join(handle.dir, 'responses.jsonl'))).toEqual([]);
  });
});
