import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from './config';

export const TOKEN_COOKIE = 'picard_token';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The token a request presents: `Authorization: Bearer`, the cookie, or `?token=`. */
export function presentedToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const fromCookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (fromCookie) return fromCookie;
  return new URL(req.url ?? '/', 'http://x').searchParams.get('token');
}

export function tokenMatches(expected: string | null, given: string | null | undefined): boolean {
  return expected === null || (typeof given === 'string' && safeEqual(expected, given));
}

/**
 * Origin check for sockets and state-changing requests: a browser always sends Origin cross-site, so a
 * present Origin must name this very host. A missing Origin (same-origin GET, non-browser client) passes.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * DNS-rebinding guard: when bound to loopback, the Host header must be a loopback name too; otherwise a
 * page on evil.example resolving to 127.0.0.1 would pass the same-origin check.
 */
export function hostAllowed(req: IncomingMessage, bindHost: string): boolean {
  if (!isLoopbackHost(bindHost)) return true;
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return isLoopbackHost(name);
}

/**
 * Gate for every HTTP request (pages, actions, assets). Returns false after answering 403/401 itself.
 * A valid `?token=` also sets an HttpOnly cookie so later requests and the socket carry it.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, cfg: { host: string; token: string | null }): boolean {
  if (!hostAllowed(req, cfg.host)) return deny(res, 403, 'Forbidden host');
  if (req.method !== 'GET' && req.method !== 'HEAD' && !originAllowed(req)) return deny(res, 403, 'Forbidden origin');
  if (cfg.token === null) return true;
  const given = presentedToken(req);
  if (!tokenMatches(cfg.token, given)) return deny(res, 401, 'Unauthorized: open this page with ?token=<PICARD_TOKEN>');
  if (cookieValue(req.headers.cookie, TOKEN_COOKIE) !== cfg.token) {
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(cfg.token)}; Path=/; HttpOnly; SameSite=Strict`);
  }
  return true;
}

function deny(res: ServerResponse, status: number, message: string): false {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(message);
  return false;
}

/** Checks a Socket.IO handshake: origin, host and token (from `auth.token`, the cookie or the header). */
export function socketHandshakeAllowed(req: IncomingMessage, authToken: unknown, cfg: { host: string; token: string | null }): string | null {
  if (!hostAllowed(req, cfg.host)) return 'forbidden host';
  if (!originAllowed(req)) return 'forbidden origin';
  const given = typeof authToken === 'string' && authToken ? authToken : presentedToken(req);
  return tokenMatches(cfg.token, given) ? null : 'unauthorized';
}
