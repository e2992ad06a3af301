import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../index/testing/synthetic-run';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const picard = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8' });

describe('picard index', () => {
  it('creates the index, then updates only what changed, and --rebuild reads everything again', () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-cli-index-'));
    writeSyntheticRun(results, 'a_20261126_100000', { items: 30 });
    writeSyntheticRun(results, 'b_20261126_100000', { items: 20, answered: 5 });
    const first = picard('index', results);
    expect(first).toContain('a_20261126_100000: 30 precheck, 30 response, 30 score lines');
    expect(first).toMatch(/: 2 runs, 2 updated, 0 removed, 0 unreadable/);
    expect(existsSync(join(results, '.picard', 'index.sqlite'))).toBe(true);
    expect(picard('index', results)).toMatch(/: 2 runs, 0 updated/);
    const rebuilt = picard('index', '--rebuild', results);
    expect(rebuilt).toMatch(/: 2 runs, 2 updated/);
    expect(rebuilt).toContain('b_20261126_100000: 20 precheck, 5 response, 5 score lines');
  }, 60_000);
});
