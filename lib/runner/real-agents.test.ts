import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { solveWriteWord, writeWordSuite } from '../agents/testing/write-word-task';
import { agentic, startFakeAgenticServer } from '../agents/testing/fake-agentic-server';
import type { FakeOpenAIScript, FakeTurn } from '../agents/testing/fake-openai-server';
import { startFakeOpenAIServer } from '../agents/testing/fake-openai-server';
import type { RunEvent } from '../events/types';
import { startRun } from './start-run';
import type { RunOptions } from './types';

const KEY = 'sk-secret-test-4242';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function definitions(samples: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'picard-agents-'));
  const file = join(dir, 'defs.yaml');
  writeFileSync(
    file,
    writeWordSuite(samples),
  );
  return file;
}

async function fakeOpenAI(script: Partial<FakeOpenAIScript> = {}) {
  const server = await startFakeOpenAIServer({ respond: (r) => solveWriteWord(r.question, r.turn), ...script });
  closers.push(() => server.close());
  return server;
}

async function run(opts: Partial<RunOptions> & Pick<RunOptions, 'agent'>, samples = 4) {
  process.env.PICARD_TEST_KEY = KEY;
  const handle = await startRun({ definitionsFile: definitions(samples), resultsDir: mkdtempSync(join(tmpdir(), 'picard-res-')), seed: 5, delayS: 0.01, ...opts });
  const events: RunEvent[] = [];
  handle.bus.subscribe((e) => events.push(e));
  const result = await handle.done;
  return { handle, result, events };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe('runs on the built-in OpenAI-compatible agent (fake server on 127.0.0.1)', () => {
  it('retries 429 (honouring Retry-After), 500 and a cut stream; scores with real tool use; never writes the key', async () => {
    // q1_s2..q1_s4 meet one fault each on their first request; the replies themselves come from `solve`.
    const faults: Record<string, NonNullable<FakeTurn['faults']>> = {
      '[q1_s2]': [{ fault: 'rate-limit', retryAfter: '1' }],
      '[q1_s3]': [{ fault: 'status', status: 500 }],
      '[q1_s4]': [{ fault: 'cut', afterChunks: 1 }],
    };
    const live = await fakeOpenAI({
      respond: (r) => {
        const tag = Object.keys(faults).find((k) => r.question.startsWith(k));
        return { ...solveWriteWord(r.question, r.turn), ...(tag && r.turn === 0 ? { faults: faults[tag] } : {}) };
      },
    });
    const { handle, result, events } = await run({
      agent: { kind: 'openai', baseUrl: live.url, model: 'fake-model', apiKeyEnv: 'PICARD_TEST_KEY', requestTimeoutS: 5 },
      retries: 3,
      concurrency: 2,
    });
    expect(result).toMatchObject({ status: 'completed', completed: 4, correct: 4, errored: 0 });
    const retries = events.filter((e): e is Extract<RunEvent, { type: 'item-retrying' }> => e.type === 'item-retrying');
    const byKey = Object.fromEntries(retries.map((e) => [e.key, e]));
    expect(byKey.q1_s2).toMatchObject({ reason: 'rate-limited', attempt: 2 });
    expect(byKey.q1_s2.delayMs).toBeGreaterThanOrEqual(1000);
    expect(byKey.q1_s3).toMatchObject({ reason: 'server-error' });
    expect(byKey.q1_s4).toMatchObject({ reason: 'stream-cut' });
    expect(byKey.q1_s1).toBeUndefined();

    const conv = JSON.parse(readFileSync(join(handle.dir, 'conversations', 'q1_s1.json'), 'utf8'));
    expect(conv.model_info).toBe('fake-model');
    expect(conv.conversation_history.filter((m: { role: string }) => m.role === 'tool')).toHaveLength(2);
    expect(conv.statistics.prompt_tokens).toBeGreaterThan(0);
    expect(conv.statistics.inference_rounds).toBe(2);
    expect(live.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    for (const f of allFiles(handle.dir)) expect(readFileSync(f).includes(KEY)).toBe(false);
  });

  it('a 400 is not retried: the item is errored and the run goes on; --max-errors stops a run failing everywhere', async () => {
    const server = await fakeOpenAI({ respond: (r) => ({ ...solveWriteWord(r.question, r.turn), faults: [{ fault: 'status', status: 400, message: 'context too long' }] }) });
    const agent = { kind: 'openai' as const, baseUrl: server.url, model: 'm', apiKeyEnv: 'PICARD_TEST_KEY' };
    const { result, handle } = await run({ agent, retries: 3, concurrency: 1, maxErrors: 2 }, 6);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/error budget/);
    expect(result.errored).toBe(2);
    const lines = readFileSync(join(handle.dir, 'responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].error_message).toMatch(/^Failed after 1 attempts\. Last error: .*400/);
    expect(JSON.parse(readFileSync(join(handle.dir, 'run.json'), 'utf8')).status).toBe('failed');

    const ff = await run({ agent, failFast: true, concurrency: 1 }, 6);
    expect(ff.result.status).toBe('failed');
    expect(ff.result.completed).toBe(1);
  });

  it('keeps at most --concurrency items in flight, and more than one', async () => {
    const server = await fakeOpenAI({ chunkDelayMs: 15 });
    const { events, result } = await run({ agent: { kind: 'openai', baseUrl: server.url, model: 'm', apiKeyEnv: 'PICARD_TEST_KEY' }, concurrency: 3 }, 9);
    expect(result.correct).toBe(9);
    let inFlight = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === 'item-started') peak = Math.max(peak, ++inFlight);
      if (e.type === 'item-finished') inFlight--;
    }
    expect(peak).toBe(3);
  });
});

describe('runs on the agentic-server client (fake server on 127.0.0.1)', () => {
  it('retries a stream cut off mid-way and records the conversation', async () => {
    const server = await startFakeAgenticServer({
      responses: [
        { lines: [agentic.chunk('Let me'), agentic.chunk(' check')], cut: true },
        { lines: [agentic.chunk('Looking.'), agentic.done(), agentic.toolResult('Tool result: ok'), agentic.chunk('final'), agentic.done()] },
      ],
    });
    closers.push(() => server.close());
    const { result, events, handle } = await run({ agent: { kind: 'agentic-server', endpoint: server.url }, retries: 2 }, 1);
    expect(result.completed).toBe(1);
    expect(events.find((e) => e.type === 'item-retrying')).toMatchObject({ reason: 'stream-cut' });
    const conv = JSON.parse(readFileSync(join(handle.dir, 'conversations', 'q1_s1.json'), 'utf8'));
    expect(conv.final_response).toBe('final');
    expect(conv.statistics).toMatchObject({ inference_rounds: 2, tool_calls: 1 });
  });

  it('C76: --fail-fast stops at the first errored item; the folder stays valid and scorable', async () => {
    // A server that answers, but with a stream the protocol calls cut: errored after its retries (none here).
    const server = await startFakeAgenticServer({ lines: [agentic.chunk('half')], cut: true });
    closers.push(() => server.close());
    const { result, handle } = await run({ agent: { kind: 'agentic-server', endpoint: server.url }, retries: 0, failFast: true }, 3);
    expect(result.status).toBe('failed');
    const precheck = readFileSync(join(handle.dir, 'precheck.jsonl'), 'utf8').trim().split('\n');
    expect(precheck).toHaveLength(3);
    const responses = readFileSync(join(handle.dir, 'responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ execution_successful: false, response_text: '' });
    expect(responses[0].error_message).toMatch(/^Failed after 1 attempts\. Last error: /);
    const scores = JSON.parse(readFileSync(join(handle.dir, 'scores.json'), 'utf8'));
    expect(scores.metadata).toMatchObject({ total_questions: 1, correct_answers: 0 });
    expect(scores.picard_live).toMatchObject({ unanswered: 2, errored_responses: 1 });
  });

  it('a retry starts from the generated sandbox: what the failed attempt wrote is gone', async () => {
    const firstTurns = new Map<string, number>();
    const server = await fakeOpenAI({
      respond: (r) => {
        const m = /into (\S+)$/.exec(r.question)!;
        const junk = join(dirname(m[1]), '..', 'junk.txt');
        if (r.turn === 0) {
          const n = (firstTurns.get(r.question) ?? 0) + 1;
          firstTurns.set(r.question, n);
          // First attempt: leave a stray file, then the stream of the next request is cut.
          if (n === 1) return { toolCalls: [{ name: 'write_file', arguments: JSON.stringify({ path: junk, content: 'x' }) }] };
          return solveWriteWord(r.question, 0);
        }
        if (firstTurns.get(r.question) === 1) return { ...solveWriteWord(r.question, 1), faults: [{ fault: 'cut', afterChunks: 1 }] };
        return solveWriteWord(r.question, 1);
      },
    });
    const { result, handle, events } = await run({ agent: { kind: 'openai', baseUrl: server.url, model: 'm', apiKeyEnv: 'PICARD_TEST_KEY' }, retries: 2 }, 1);
    expect(events.some((e) => e.type === 'item-retrying')).toBe(true);
    expect(result.correct).toBe(1);
    expect(readdirSync(join(handle.dir, 'sandbox', 'q1_s1'))).not.toContain('junk.txt');
  });
});
