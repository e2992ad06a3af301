import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, readServerConfig } from './config';

describe('readServerConfig', () => {
  it('defaults to 127.0.0.1:3000 and ./results', () => {
    expect(readServerConfig({}, '/srv/app')).toEqual({ host: '127.0.0.1', port: 3000, resultsDir: path.resolve('/srv/app/results'), token: null, dev: true, simThinkMs: null, redisUrl: null });
  });

  it.each([
    { env: { HOST: '0.0.0.0' }, error: /PICARD_TOKEN/ },
    { env: { HOST: '192.168.1.5', PICARD_TOKEN: 'short' }, error: /at least 16/ },
    { env: { PORT: 'abc' }, error: /PORT must be an integer/ },
    { env: { PICARD_SIM_THINK_MS: '-1' }, error: /PICARD_SIM_THINK_MS/ },
  ] as Array<{ env: Record<string, string>; error: RegExp }>)('refuses $env', ({ env, error }) => {
    expect(() => readServerConfig(env)).toThrow(error);
  });

  it('accepts a public host with a token, and reads the other settings', () => {
    const cfg = readServerConfig({ HOST: '0.0.0.0', PORT: '8080', PICARD_TOKEN: 'x'.repeat(20), PICARD_RESULTS_DIR: '/data/r', NODE_ENV: 'production', PICARD_SIM_THINK_MS: '50', PICARD_REDIS_URL: ' redis://10.0.0.5:6379 ' });
    expect(cfg).toEqual({ host: '0.0.0.0', port: 8080, token: 'x'.repeat(20), resultsDir: '/data/r', dev: false, simThinkMs: 50, redisUrl: 'redis://10.0.0.5:6379' });
  });

  it.each([
    ['127.0.0.1', true], ['127.1.2.3', true], ['localhost', true], ['::1', true], ['[::1]', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.1', false], ['example.com', false],
  ])('isLoopbackHost(%s) = %s', (host, want) => {
    expect(isLoopbackHost(host)).toBe(want);
  });
});
