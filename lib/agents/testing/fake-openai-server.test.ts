import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fake OpenAI server', () => {
  it('answers non-stream requests from a respond function', async () => {
    server = await startFakeOpenAIServer({ respond: (req) => ({ content: `echo: ${req.question}` }), model: 'm1' });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const r = await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.choices[0].message.content).toBe('echo: hi');
    expect(r.model).toBe('m1');
    expect(r.usage).toEqual({ prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 });
  });

  it('serves each fault once, then the reply (so a retried attempt succeeds)', async () => {
    server = await startFakeOpenAIServer({ conversations: [{ match: 'go', turns: [{ content: 'ok', faults: [{ fault: 'status', status: 500 }, { fault: 'rate-limit', retryAfter: '1' }] }] }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'go' }] });
    await expect(ask()).rejects.toMatchObject({ status: 500 });
    await expect(ask()).rejects.toMatchObject({ status: 429 });
    expect((await ask()).choices[0].message.content).toBe('ok');
    expect(server.requests.map((r) => r.fault)).toEqual(['status', 'rate-limit', undefined]);
  });

  it('streams split tool calls the SDK can accumulate, and usage only when asked', async () => {
    server = await startFakeOpenAIServer({ conversations: [{ turns: [{ toolCalls: [{ name: 'f', arguments: '{"a":1}' }] }] }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'q' }], stream: true });
    let args = '';
    let sawUsage = false;
    for await (const c of stream) {
      args += c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      sawUsage ||= Boolean(c.usage);
    }
    expect(args).toBe('{"a":1}');
    expect(sawUsage).toBe(false);
  });

  it('reports a missing scripted turn as a 500', async () => {
    server = await startFakeOpenAIServer({ conversations: [{ match: 'only-this', turns: [] }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'only-this' }] })).rejects.toThrow(/no turn 0/);
  });
});
