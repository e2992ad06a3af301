import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionObject, streamChunks, type FakeReply, type FakeUsage } from './fake-openai-chunks';

export type { FakeReply, FakeToolCall, FakeUsage } from './fake-openai-chunks';

/** A failure served instead of a reply. `afterChunks`: how many stream chunks go out first. */
export type FakeFault =
  | { fault: 'rate-limit'; retryAfter?: string }
  | { fault: 'status'; status: number; message?: string }
  | { fault: 'hang' }
  | { fault: 'hang-mid-stream'; afterChunks?: number }
  | { fault: 'cut'; afterChunks?: number }
  | { fault: 'malformed'; afterChunks?: number };

/** A scripted turn; its `faults` are served first, one per request, each once. */
export interface FakeTurn extends FakeReply {
  faults?: FakeFault[];
}

/** A scripted conversation, picked when `match` is a substring of the first user message (no match = any). */
export interface FakeConversation {
  match?: string;
  turns: FakeTurn[];
}

export interface FakeOpenAIScript {
  conversations?: FakeConversation[];
  /** Computed replies (tried when no conversation matches), e.g. for benchmarks. */
  respond?: (req: FakeChatRequest) => FakeTurn;
  /** Served model id (default `fake-model`). */
  model?: string;
  /** Pause between stream chunks. */
  chunkDelayMs?: number;
  /** When set, a request without `Authorization: Bearer <apiKey>` gets OpenAI's 401 (which echoes the key, masked). */
  apiKey?: string;
  /** When set, a request for another model gets OpenAI's 404 "model does not exist". */
  models?: string[];
}

/** A request as the fake saw it. */
export interface FakeChatRequest {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test double: the body is whatever the client sent
  body: any;
  authorization: string | undefined;
  /** Number of assistant messages in the request: which scripted turn answers it. */
  turn: number;
  /** First user message. */
  question: string;
  /** Fault served, if any. */
  fault?: FakeFault['fault'];
}

export interface FakeOpenAIServer {
  /** Base URL to give the SDK (`http://127.0.0.1:<port>/v1`). */
  url: string;
  requests: FakeChatRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function defaultUsage(body: { messages?: unknown[] }, turn: number): FakeUsage {
  const prompt = 20 * (body.messages?.length ?? 1);
  return { prompt_tokens: prompt, completion_tokens: 5 + turn, total_tokens: prompt + 5 + turn };
}

function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null } }));
}

async function writeStream(res: http.ServerResponse, chunks: object[], fault: FakeFault | undefined, delayMs: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const stopAt = fault && 'afterChunks' in fault ? (fault.afterChunks ?? 1) : Infinity;
  for (let i = 0; i < chunks.length; i++) {
    if (i === stopAt && fault) {
      if (fault.fault === 'hang-mid-stream') return; // leave the response open; close() ends it
      const bad = fault.fault === 'malformed' ? 'data: {"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content\n\n' : '';
      // Destroy only once what was written is flushed, so the client really sees the first chunks.
      res.write(bad, () => res.socket?.destroy());
      return;
    }
    res.write(`data: ${JSON.stringify(chunks[i])}\n\n`);
    if (delayMs) await sleep(delayMs);
  }
  res.end('data: [DONE]\n\n');
}

/** Starts a scripted OpenAI-compatible Chat Completions server on 127.0.0.1 (random port). */
export async function startFakeOpenAIServer(script: FakeOpenAIScript): Promise<FakeOpenAIServer> {
  const requests: FakeChatRequest[] = [];
  const faultsServed = new Map<string, number>();
  const model = script.model ?? 'fake-model';

  function pick(req: FakeChatRequest): { turn: FakeTurn | undefined; key: string } {
    const convs = script.conversations ?? [];
    const ci = convs.findIndex((c) => c.match === undefined || req.question.includes(c.match));
    if (ci >= 0) return { turn: convs[ci].turns[req.turn], key: `${ci}:${req.turn}` };
    return { turn: script.respond?.(req), key: `respond:${req.question}:${req.turn}` };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return sendError(res, 404, `no route ${req.method} ${req.url}`);
    let body: { messages?: Array<{ role: string; content: unknown }>; stream?: boolean; stream_options?: { include_usage?: boolean } };
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'request body is not JSON');
    }
    const messages = body.messages ?? [];
    const question = String(messages.find((m) => m.role === 'user')?.content ?? '');
    const rec: FakeChatRequest = { body, authorization: req.headers.authorization, turn: messages.filter((m) => m.role === 'assistant').length, question };
    requests.push(rec);
    if (script.apiKey !== undefined && rec.authorization !== `Bearer ${script.apiKey}`) {
      const given = rec.authorization?.replace(/^Bearer /, '') ?? '';
      return sendError(res, 401, `Incorrect API key provided: ${given.slice(0, 3)}****${given.slice(-4)}. You can find your API key in your account settings.`);
    }
    const requested = (body as { model?: unknown }).model;
    if (script.models && !script.models.includes(String(requested))) {
      return sendError(res, 404, `The model \`${String(requested)}\` does not exist or you do not have access to it.`);
    }
    const { turn, key } = pick(rec);
    if (!turn) return sendError(res, 500, `fake script has no turn ${rec.turn} for question ${JSON.stringify(question.slice(0, 80))}`);
    const served = faultsServed.get(key) ?? 0;
    const fault = turn.faults?.[served];
    if (fault) {
      faultsServed.set(key, served + 1);
      rec.fault = fault.fault;
      if (fault.fault === 'rate-limit') return sendError(res, 429, 'Rate limit exceeded', fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {});
      if (fault.fault === 'status') return sendError(res, fault.status, fault.message ?? `fake error ${fault.status}`);
      if (fault.fault === 'hang') return; // never answer; close() ends it
    }
    const served_model = turn.model ?? model;
    const wantUsage = body.stream ? body.stream_options?.include_usage === true : true;
    const usage = turn.usage === null || !wantUsage ? null : (turn.usage ?? defaultUsage(body, rec.turn));
    if (!body.stream) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(completionObject(turn, rec.turn, served_model, usage)));
    }
    await writeStream(res, streamChunks(turn, rec.turn, served_model, usage), fault, script.chunkDelayMs ?? 0);
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      handle(req, res, raw).catch((err: unknown) => {
        if (!res.headersSent) sendError(res, 500, `fake server bug: ${String(err)}`);
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
