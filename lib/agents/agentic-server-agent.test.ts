import { afterEach, describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { createAgenticServerAgent } from './agentic-server-agent';
import { agentic, startFakeAgenticServer, type AgenticResponse, type FakeAgenticServer } from './testing/fake-agentic-server';
import type { AgentOutcome } from './types';

const { chunk, done, toolResult, missingRole } = agentic;
let server: FakeAgenticServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const entry = { scoring_type: 'stringmatch', question_id: 1, sample_number: 1, template: 'Q', substituted_question: 'Q' } as PrecheckEntry;
async function run(script: AgenticResponse | AgenticResponse[], maxRounds = 20, signal = new AbortController().signal, requestTimeoutS = 5): Promise<AgentOutcome> {
  server = await startFakeAgenticServer(Array.isArray(script) ? { responses: script } : script);
  const agent = createAgenticServerAgent({ kind: 'agentic-server', endpoint: server.url, maxRounds, requestTimeoutS });
  return agent.run({ entry, question: 'Q?', sandboxDir: '/tmp/unused', attempt: 1, signal });
}
const c72 = [chunk('Let me '), chunk('check.'), done(), toolResult('Tool result: file listing'), chunk('   '), done(), chunk('Final '), chunk('answer'), done()];

describe('agentic-server client', () => {
  it('C72: counts rounds and tool calls like the reference, records OpenAI form', async () => {
    const out = await run({ lines: c72 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.responseText).toBe('Final answer');
    expect(out.conversation).toEqual([
      { role: 'user', content: 'Q?' },
      { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_r1', type: 'function', function: { name: 'unparsed_tool_call', arguments: '' } }] },
      { role: 'tool', tool_call_id: 'call_r1', name: 'unparsed_tool_call', content: 'Tool result: file listing' },
      { role: 'assistant', content: 'Final answer' },
    ]);
    expect(out.statistics).toMatchObject({ total_messages: 4, inference_rounds: 2, tool_calls: 1, tools_used: ['tool_executed'], total_tokens_estimated: 15.600000000000001 });
    expect(out.statistics.rounds).toHaveLength(3); // the blank round is timed but not counted
    expect(out.modelInfo).toMatch(/^unknown \(agentic server http:\/\/127\.0\.0\.1:\d+\/api\/chat\)$/);
  });

  it('C73: stops at maxRounds and hangs up', async () => {
    const out = await run({ lines: c72, lineDelayMs: 30 }, 1);
    expect(out.ok && out.responseText).toBe('Let me check.');
    expect(out.statistics).toMatchObject({ inference_rounds: 1, tool_calls: 0 });
    await new Promise((r) => setTimeout(r, 150));
    expect(server!.requests[0].clientClosedEarly).toBe(true);
  });

  it('C75: sends the reference request body', async () => {
    await run({ lines: [chunk('x'), done()] });
    expect(server!.requests[0].rawBody).toBe('{"messages":[{"role":"user","content":"Q?"}],"temperature":0.4,"max_output_tokens":4000}');
    expect(server!.requests[0].contentType).toBe('application/json');
  });

  it('parses the captured happy path (§1.4): synthetic calls named from the text protocol', async () => {
    const call = (name: string, input: object) => chunk(`<tool_call>\n${JSON.stringify({ name, input }, null, 4)}\n</tool_call>`);
    const out = await run({ lines: [
      chunk('<think>The user wants a file.'), chunk(' I will use write_file.</think>'), chunk("\nI'll create the file now.\n"),
      call('write_file', { path: '/tmp/qas_sandbox/test.txt', content: 'Hello Jean-Luc!' }), done(),
      toolResult('Tool result: ```File written successfully: /tmp/qas_sandbox/test.txt```'),
      call('list_directory', { path: '/tmp/qas_sandbox' }), done(), toolResult("Tool result: ```Contents of directory '/tmp/qas_sandbox': test.txt```"),
      call('read_file', { path: '/tmp/qas_sandbox/test.txt', show_line_numbers: true }), done(), toolResult('Tool result: ```     1  Hello Jean-Luc!```'),
      chunk('Done'), chunk('. I wrote `test.txt` containing: Hello Jean-Luc!'), done(),
    ] });
    expect(out.ok).toBe(true);
    expect(out.statistics).toMatchObject({ total_messages: 8, inference_rounds: 4, tool_calls: 3, tools_used: ['tool_executed'], total_tokens_estimated: 67.60000000000001 }) // Python: 52 * 1.3;
    expect(out.conversation[1].tool_calls?.[0]).toEqual({ id: 'call_r1', type: 'function', function: { name: 'write_file', arguments: '{"path":"/tmp/qas_sandbox/test.txt","content":"Hello Jean-Luc!"}' } });
    expect(out.conversation.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.name])).toEqual([
      ['call_r1', 'write_file'], ['call_r2', 'list_directory'], ['call_r3', 'read_file'],
    ]);
    expect(out.ok && out.responseText).toBe('Done. I wrote `test.txt` containing: Hello Jean-Luc!');
  });

  it('C74: skips blank and invalid lines', async () => {
    const out = await run({ lines: ['not json', '', chunk('X'), done()] });
    expect(out.ok && out.responseText).toBe('X');
  });

  const failing: Array<[string, AgenticResponse, object, number]> = [
    ['a trailing chunk without done (C74a; the reference accepts it)', { lines: [chunk('A'), done(), chunk('trailing')] }, { reason: 'stream-cut', retryable: true }, 1],
    ['a cut after a tool result', { lines: [chunk('<tool_call>{"name":"get_cwd","input":{}}</tool_call>'), done(), toolResult('Tool result: ```/tmp```')], cut: true }, { reason: 'stream-cut', retryable: true }, 1],
    ['a clean end after a tool request with no result', { lines: [chunk('<tool_call>{"name":"get_cwd","input":{}}</tool_call>'), done()] }, { reason: 'stream-cut', retryable: true }, 1],
    ['a socket cut mid-round', { lines: [chunk('A'), done(), chunk('partial')], cut: true }, { reason: 'stream-cut', retryable: true }, 1],
    ['an empty 200 body', { lines: [] }, { reason: 'stream-cut', retryable: true }, 0],
    ['a line without role (C74c)', { lines: [chunk('A'), done(), missingRole()] }, { reason: 'server-error', retryable: true, message: expect.stringContaining("no 'role'") }, 1],
    ['HTTP 500 (C74d)', { status: 500, body: 'boom\n' }, { reason: 'server-error', retryable: true, status: 500, message: 'HTTP 500: boom\n' }, 0],
    ['HTTP 400 with a JSON error', { status: 400, body: '{"error":"could not convert string to float: \'hot\'"}' }, { reason: 'client-error', retryable: false, status: 400, message: "HTTP 400: could not convert string to float: 'hot'" }, 0],
    ['HTTP 429', { status: 429, body: 'slow down' }, { reason: 'rate-limited', retryable: true, status: 429 }, 0],
  ];
  it.each(failing)('fails on %s, keeping the partial conversation', async (_n, script, error, rounds) => {
    const out = await run(script);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject(error);
    expect(out.statistics.inference_rounds).toBe(rounds);
    expect(out.conversation[0]).toEqual({ role: 'user', content: 'Q?' });
    expect(out.conversation.filter((m) => m.role === 'assistant')).toHaveLength(rounds);
  });

  it('times out on a silent server and reports an abort as aborted', async () => {
    const slow = { lines: [chunk('A'), done(), chunk('B'), done()], lineDelayMs: 2000 };
    const t = await run(slow, 20, undefined, 0.3);
    expect(!t.ok && t.error).toMatchObject({ reason: 'timeout', retryable: true });
    await server!.close();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const a = await run(slow, 20, ac.signal);
    expect(!a.ok && a.error).toMatchObject({ reason: 'aborted', retryable: false });
  });

  it('a refused connection on the very first request is run-fatal; once the server has answered, it is network', async () => {
    server = await startFakeAgenticServer({ lines: [] });
    const url = server.url;
    await server.close();
    server = undefined;
    const ask = (agent: ReturnType<typeof createAgenticServerAgent>) => agent.run({ entry, question: 'Q?', sandboxDir: '/tmp', attempt: 1, signal: new AbortController().signal });
    const out = await ask(createAgenticServerAgent({ kind: 'agentic-server', endpoint: url }));
    expect(!out.ok && out.error).toMatchObject({ reason: 'unreachable', retryable: false, fatal: true });
    expect(!out.ok && out.error.message).toBe(`Nothing answers at ${url} (connection refused, ECONNREFUSED). Start the agentic server or fix the endpoint URL, then resume the run.`);

    server = await startFakeAgenticServer({ lines: [chunk('hi'), done()] });
    const agent = createAgenticServerAgent({ kind: 'agentic-server', endpoint: server.url });
    expect((await ask(agent)).ok).toBe(true);
    await server.close();
    server = undefined;
    const later = await ask(agent);
    expect(!later.ok && later.error).toMatchObject({ reason: 'network', retryable: true });
  });

  it.each([
    [401, 'unauthorized', /refused the request \(401: <h1>Unauthorized<\/h1>\)\. PICARD Live sends it no credentials/],
    [403, 'forbidden', /refused the request \(403: <h1>Unauthorized<\/h1>\)/],
    [404, 'not-found', /has no such endpoint \(404: <h1>Unauthorized<\/h1>\)\. Fix the endpoint URL/],
  ])('an HTTP %i from the endpoint is run-fatal (%s) and says what to fix', async (status, reason, text) => {
    const out = await run({ status, body: '<h1>Unauthorized</h1>' });
    expect(!out.ok && out.error).toMatchObject({ reason, status, fatal: true, retryable: false });
    expect(!out.ok && out.error.message).toMatch(text);
    expect(!out.ok && out.error.message).toContain(server!.url);
  });

  it('a wrong path on a live server (404, empty body) names the endpoint', async () => {
    server = await startFakeAgenticServer({ lines: [] });
    const endpoint = server.url.replace('/api/chat', '/chat');
    const out = await createAgenticServerAgent({ kind: 'agentic-server', endpoint }).run({ entry, question: 'Q?', sandboxDir: '/tmp', attempt: 1, signal: new AbortController().signal });
    expect(!out.ok && out.error.message).toBe(`The agentic server at ${endpoint} has no such endpoint (404). Fix the endpoint URL (the reference server serves POST /api/chat), then resume the run.`);
  });
});
