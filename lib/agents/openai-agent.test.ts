import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { fixedClock } from '../util/clock';
import { createOpenAIAgent, type OpenAIAgentConfig } from './openai-agent';
import { startFakeOpenAIServer, type FakeFault, type FakeOpenAIServer, type FakeTurn } from './testing/fake-openai-server';
import type { AgentFailure, AgentProgress, AgentRequest } from './types';

const KEY = 'sk-test-SECRET-123';
let root: string;
let server: FakeOpenAIServer | undefined;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-')));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

const entry = { scoring_type: 'stringmatch', question_id: 1, sample_number: 1, template: 'Q', substituted_question: 'Q' } as PrecheckEntry;
function request(question: string, signal = new AbortController().signal, progress?: AgentProgress[]): AgentRequest {
  return { entry, question, sandboxDir: root, attempt: 1, signal, onProgress: progress && ((p) => progress.push(p)) };
}
async function agentFor(turns: FakeTurn[], cfg: Partial<OpenAIAgentConfig> = {}) {
  server = await startFakeOpenAIServer({ conversations: [{ turns }], model: 'served-model-v2' });
  const config: OpenAIAgentConfig = { kind: 'openai', baseUrl: server.url, model: 'requested-model', requestTimeoutS: 5, temperature: 0.4, ...cfg };
  return createOpenAIAgent(config, KEY, { clock: fixedClock('2026-01-01T00:00:00Z') });
}
const writeCall = (p: string): FakeTurn => ({ toolCalls: [{ id: 'call_w1', name: 'write_file', arguments: JSON.stringify({ path: p, content: 'Hello Jean-Luc!' }) }] });

describe('OpenAI agent', () => {
  it('runs a tool round trip that writes in the sandbox, then answers', async () => {
    const target = path.join(root, 'hello.txt');
    const agent = await agentFor([writeCall(target), { content: 'Done: wrote hello.txt' }]);
    const progress: AgentProgress[] = [];
    const out = await agent.run(request(`Write to ${target}`, undefined, progress));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(fs.readFileSync(target, 'utf8')).toBe('Hello Jean-Luc!');
    expect(out.responseText).toBe('Done: wrote hello.txt');
    expect(out.modelInfo).toBe('served-model-v2');
    expect(out.conversation.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(out.conversation[0].content).toContain(root);
    expect(out.conversation[2]).toEqual({
      role: 'assistant', content: null,
      tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path: target, content: 'Hello Jean-Luc!' }) } }],
    });
    expect(out.conversation[3]).toEqual({ role: 'tool', tool_call_id: 'call_w1', name: 'write_file', content: `File written successfully: ${target}` });
    // Fake usage: prompt = 20 × messages sent, completion = 5 + turn.
    expect(out.statistics).toMatchObject({ inference_rounds: 2, tool_calls: 1, tools_used: ['write_file'], total_messages: 5, prompt_tokens: 40 + 80, completion_tokens: 5 + 6, total_tokens: 131 });
    expect(out.statistics.rounds).toMatchObject([
      { round: 1, started_at: '2026-01-01T00:00:00.000Z', prompt_tokens: 40, completion_tokens: 5, tool_calls: 1 },
      { round: 2, prompt_tokens: 80, completion_tokens: 6, tool_calls: 0 },
    ]);
    expect(progress).toEqual([{ kind: 'round', round: 1, tokens: 45 }, { kind: 'tool', name: 'write_file', ok: true }, { kind: 'round', round: 2, tokens: 86 }]);
    // What went over the wire.
    const [first, second] = server!.requests;
    expect(first.authorization).toBe(`Bearer ${KEY}`);
    expect(first.body).toMatchObject({ model: 'requested-model', stream: true, stream_options: { include_usage: true }, temperature: 0.4 });
    expect(first.body.tools.map((t: { function: { name: string } }) => t.function.name)).toContain('write_file');
    expect(second.body.messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_w1', content: `File written successfully: ${target}` });
    // The key is never recorded.
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(JSON.stringify(agent.describe())).not.toContain(KEY);
  });

  it('refuses paths outside the sandbox but keeps going', async () => {
    const agent = await agentFor([{ toolCalls: [{ id: '', name: 'read_file', arguments: '{"path":"/etc/passwd"}' }] }, { content: 'Could not read it.' }]);
    const out = await agent.run(request('read /etc/passwd'));
    expect(out.ok).toBe(true);
    expect(out.conversation[3]).toMatchObject({ role: 'tool', tool_call_id: 'c00010000', content: expect.stringMatching(/^Error: path '\/etc\/passwd' is outside the sandbox/) });
  });

  it('stops at maxRounds without running the last round\u2019s tool calls', async () => {
    const loop: FakeTurn = { content: 'thinking', toolCalls: [{ name: 'create_directory', arguments: '{"path":"d"}' }] };
    const agent = await agentFor([loop, { ...loop, toolCalls: [{ name: 'create_directory', arguments: '{"path":"e"}' }] }, { content: 'never' }], { maxRounds: 2 });
    const out = await agent.run(request('loop'));
    expect(out.ok).toBe(true);
    expect(out.statistics).toMatchObject({ inference_rounds: 2, tool_calls: 1 });
    expect(fs.existsSync(path.join(root, 'd')) && !fs.existsSync(path.join(root, 'e'))).toBe(true);
    expect(out.ok && out.responseText).toBe('thinking');
  });

  const faults: Array<[string, FakeFault, Partial<AgentFailure['error']>]> = [
    ['429 with Retry-After seconds', { fault: 'rate-limit', retryAfter: '7' }, { reason: 'rate-limited', retryable: true, status: 429, retryAfterMs: 7000 }],
    ['429 without Retry-After', { fault: 'rate-limit' }, { reason: 'rate-limited', retryable: true, status: 429 }],
    ['500', { fault: 'status', status: 500, message: 'boom' }, { reason: 'server-error', retryable: true, status: 500, message: 'HTTP 500: boom' }],
    ['503', { fault: 'status', status: 503 }, { reason: 'server-error', retryable: true, status: 503 }],
    ['400', { fault: 'status', status: 400, message: 'context too long' }, { reason: 'client-error', retryable: false, status: 400 }],
    ['401 as run-fatal', { fault: 'status', status: 401, message: 'Incorrect API key provided' }, { reason: 'unauthorized', retryable: false, fatal: true, status: 401 }],
    ['403 as run-fatal', { fault: 'status', status: 403, message: 'project has no access' }, { reason: 'forbidden', retryable: false, fatal: true, status: 403 }],
    ['404 as run-fatal', { fault: 'status', status: 404, message: 'The model does not exist' }, { reason: 'not-found', retryable: false, fatal: true, status: 404 }],
    ['hang before headers', { fault: 'hang' }, { reason: 'timeout', retryable: true }],
    ['hang mid-stream', { fault: 'hang-mid-stream', afterChunks: 2 }, { reason: 'timeout', retryable: true }],
    ['stream cut', { fault: 'cut', afterChunks: 2 }, { reason: 'stream-cut', retryable: true }],
    ['stream cut before any chunk', { fault: 'cut', afterChunks: 0 }, { reason: 'stream-cut', retryable: true }],
    ['malformed chunk', { fault: 'malformed', afterChunks: 1 }, { reason: 'server-error', retryable: true }],
  ];
  it.each(faults)('classifies %s (after one good round, keeping the partial conversation)', async (_n, fault, expected) => {
    const agent = await agentFor([writeCall('a.txt'), { content: 'final', faults: [fault] }], { requestTimeoutS: 0.4 });
    const out = await agent.run(request('go'));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject(expected);
    if (!('retryAfterMs' in expected)) expect(out.error.retryAfterMs).toBeUndefined();
    expect(out.conversation.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(out.statistics).toMatchObject({ inference_rounds: 2, tool_calls: 1 });
    expect(out.modelInfo).toBe('served-model-v2');
    expect(JSON.stringify(out)).not.toContain(KEY);
  });

  it('parses an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const agent = await agentFor([{ content: 'x', faults: [{ fault: 'rate-limit', retryAfter: at }] }]);
    const out = await agent.run(request('go'));
    expect(!out.ok && out.error.retryAfterMs).toBeGreaterThan(55_000);
    expect(!out.ok && out.error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('a refused connection before any server ever answered is run-fatal (nothing there); after one, it is network', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const agent = createOpenAIAgent({ kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }, KEY);
    const out = await agent.run(request('go'));
    expect(!out.ok && out.error).toMatchObject({ reason: 'unreachable', retryable: false, fatal: true });
    expect(!out.ok && out.error.message).toBe(
      `Nothing answers at http://127.0.0.1:${port}/v1 (connection refused, ECONNREFUSED). Start the server or fix the base URL, then resume the run.`,
    );
    expect(out.modelInfo).toBe('m');

    // The same agent, once a server has answered: a refused connection is the server restarting, retried.
    const live = await agentFor([{ content: 'ok' }]);
    expect((await live.run(request('go'))).ok).toBe(true);
    await server!.close();
    server = undefined;
    const later = await live.run(request('go'));
    expect(!later.ok && later.error).toMatchObject({ reason: 'network', retryable: true });
    expect(!later.ok && later.error.fatal).toBeUndefined();
  });

  it('says what to fix on a run-fatal status, naming the env var that held the key and never the key', async () => {
    const say = async (status: number, message: string, cfg: Partial<OpenAIAgentConfig>, key: string | undefined, keyFrom?: 'env' | 'form') => {
      server = await startFakeOpenAIServer({ conversations: [{ turns: [{ content: 'x', faults: [{ fault: 'status', status, message }] }] }] });
      const agent = createOpenAIAgent({ kind: 'openai', baseUrl: server.url, model: 'gpt-x', ...cfg }, key, { keyFrom });
      const out = await agent.run(request('go'));
      const url = server.url;
      await server.close();
      server = undefined;
      return { error: !out.ok ? out.error : undefined, url };
    };
    // A server that echoes the key it refused: the key is redacted from the reason.
    const a = await say(401, `Incorrect API key provided: ${KEY}`, { apiKeyEnv: 'MY_KEY' }, KEY);
    expect(a.error?.message).toBe(`The provider at ${a.url} refused the API key in $MY_KEY (401: Incorrect API key provided: [redacted]). Set a valid key, then resume the run.`);
    const b = await say(401, 'Missing bearer', {}, '');
    expect(b.error?.message).toMatch(/refused the request without an API key \(\$OPENAI_API_KEY is not set\) \(401: Missing bearer\)/);
    const c = await say(403, 'no access to model', {}, KEY, 'form');
    expect(c.error?.message).toBe(`The provider at ${c.url} denied the API key entered in the form access (403: no access to model). Use a key allowed to call model 'gpt-x', then resume the run.`);
    const d = await say(404, "The model 'gpt-x' does not exist", {}, KEY);
    expect(d.error?.message).toBe(`The provider at ${d.url} does not know model 'gpt-x' (404: The model 'gpt-x' does not exist). Check the model name and the base URL, then resume the run.`);
    for (const e of [a, b, c, d]) expect(JSON.stringify(e)).not.toContain(KEY);
  });

  it('reports an abort as aborted, not retryable', async () => {
    const agent = await agentFor([{ content: 'x', faults: [{ fault: 'hang' }] }]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const out = await agent.run(request('go', ac.signal));
    expect(!out.ok && out.error).toMatchObject({ reason: 'aborted', retryable: false });
  });

  it('sends max_tokens and omits temperature when unset', async () => {
    const agent = await agentFor([{ content: 'ok' }], { maxTokens: 123, temperature: undefined });
    await agent.run(request('go'));
    expect(server!.requests[0].body.max_tokens).toBe(123);
    expect('temperature' in server!.requests[0].body).toBe(false);
  });
});
