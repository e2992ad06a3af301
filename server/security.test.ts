import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRequest } from './security';

/** A real HTTP server behind the guard, answering 200 "ok" when the guard lets a request through. */
function serve(cfg: { host: string; token: string | null }) {
  const server = createServer((req, res) => {
    if (guardRequest(req, res, cfg)) res.end('ok');
  });
  return {
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('guardRequest (loopback, no token)', () => {
  const s = serve({ host: '127.0.0.1', token: null });
  let base = '';
  beforeAll(async () => { base = await s.start(); });
  afterAll(() => s.stop());

  it.each([
    { name: 'plain GET', init: {}, status: 200 },
    { name: 'same-origin POST', init: { method: 'POST', headers: { origin: 'SELF' } }, status: 200 },
    { name: 'cross-origin POST', init: { method: 'POST', headers: { origin: 'http://evil.example' } }, status: 403 },
  ])('$name → $status', async ({ init, status }) => {
    const headers = Object.fromEntries(Object.entries((init as { headers?: Record<string, string> }).headers ?? {}).map(([k, v]) => [k, v === 'SELF' ? base : v]));
    const res = await fetch(base, { ...init, headers });
    expect(res.status).toBe(status);
  });

  // fetch() may not set Host, so send this one with node:http.
  it.each([
    { host: 'evil.example:3000', status: 403 },
    { host: 'localhost:3000', status: 200 },
  ])('Host $host → $status (DNS rebinding guard)', async ({ host, status }) => {
    const got = await new Promise<number>((resolve, reject) => {
      request(base, { headers: { host } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
    });
    expect(got).toBe(status);
  });
});

describe('guardRequest (token)', () => {
  const token = 't'.repeat(24);
  const s = serve({ host: '0.0.0.0', token });
  let base = '';
  beforeAll(async () => { base = await s.start(); });
  afterAll(() => s.stop());

  it('refuses a request without the token', async () => {
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
  });

  it('accepts ?token= and sets a cookie that works on its own afterwards', async () => {
    const first = await fetch(`${base}/?token=${token}`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/picard_token=t+; Path=\/; HttpOnly; SameSite=Strict/);
    expect((await fetch(base, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
  });

  it('accepts a bearer header', async () => {
    expect((await fetch(base, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
