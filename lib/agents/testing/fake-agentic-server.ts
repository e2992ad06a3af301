import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pyJsonDumps } from '../../py';

/** One scripted response of the fake agentic server. */
export interface AgenticResponse {
  /** Lines: objects are written as Python `json.dumps` (like the real server), strings verbatim. */
  lines?: Array<object | string>;
  /** A non-200 answer with this body instead of a stream. */
  status?: number;
  body?: string;
  /** Destroy the socket after the lines, without the chunked terminator (a backend failure mid-run). */
  cut?: boolean;
  /** Pause before each line. */
  lineDelayMs?: number;
}

/** Responses are served in order, one per request; the last one repeats. */
export interface FakeAgenticScript {
  responses: AgenticResponse[];
}

export interface FakeAgenticRequest {
  rawBody: string;
  contentType: string | undefined;
  /** Lines actually written before the response ended or the client went away. */
  linesWritten: number;
  /** The client hung up before the scripted lines were all written. */
  clientClosedEarly: boolean;
}

export interface FakeAgenticServer {
  /** `http://127.0.0.1:<port>/api/chat`. */
  url: string;
  requests: FakeAgenticRequest[];
  close(): Promise<void>;
}

/** Line builders for the three shapes the server emits (agent-protocol.md §1.4), plus a broken one. */
export const agentic = {
  chunk: (content: string) => ({ role: 'assistant', content, type: 'chunk' }),
  done: () => ({ role: 'assistant', content: '', type: 'done' }),
  toolResult: (content: string) => ({ role: 'tool_call', content }),
  missingRole: () => ({ content: 'no role here', type: 'chunk' }),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serve(res: http.ServerResponse, r: AgenticResponse, rec: FakeAgenticRequest): Promise<void> {
  if (r.status !== undefined && r.status !== 200) {
    res.writeHead(r.status, { 'Content-Type': 'text/html; charset=utf-8' });
    return void res.end(r.body ?? '');
  }
  // Like Flask's streaming response: text/event-stream header, NDJSON body, chunked.
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' });
  for (const line of r.lines ?? []) {
    if (r.lineDelayMs) await sleep(r.lineDelayMs);
    if (res.destroyed || res.socket?.destroyed) {
      rec.clientClosedEarly = true;
      return;
    }
    res.write(`${typeof line === 'string' ? line : pyJsonDumps(line)}\n`);
    rec.linesWritten++;
  }
  if (r.cut) res.write('', () => res.socket?.destroy());
  else res.end();
}

/** Starts a scripted agentic server (NDJSON over `POST /api/chat`) on 127.0.0.1 (random port). */
export async function startFakeAgenticServer(script: FakeAgenticScript | AgenticResponse): Promise<FakeAgenticServer> {
  const responses = 'responses' in script ? script.responses : [script];
  const requests: FakeAgenticRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/api/chat') {
        res.writeHead(req.url === '/api/chat' ? 405 : 404);
        return void res.end();
      }
      const rec: FakeAgenticRequest = { rawBody: raw, contentType: req.headers['content-type'], linesWritten: 0, clientClosedEarly: false };
      requests.push(rec);
      const r = responses[Math.min(requests.length - 1, responses.length - 1)];
      serve(res, r, rec).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/chat`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
