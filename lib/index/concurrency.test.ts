import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openResultsIndex } from './open';
import { getRun } from './query-runs';
import { writeSyntheticRun } from './testing/synthetic-run';

const child = fileURLToPath(new URL('./testing/catch-up-child.ts', import.meta.url));
const opener = fileURLToPath(new URL('./testing/open-child.ts', import.meta.url));

function run(args: string[], script = child): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('several writers at once', () => {
  it('two processes writing different runs into one index both finish and leave it whole', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-index-mp-'));
    const a = writeSyntheticRun(results, 'a_20261126_100000', { items: 4000, seed: 1 });
    const b = writeSyntheticRun(results, 'b_20261126_100000', { items: 3000, seed: 2 });
    // Small batches: dozens of interleaved write transactions per process.
    const [ra, rb] = await Promise.all([run([results, a, '100']), run([results, b, '100'])]);
    expect(ra.err).toBe('');
    expect(rb.err).toBe('');
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(JSON.parse(ra.out)).toEqual({ precheck: 4000, responses: 4000, scores: 4000 });
    expect(JSON.parse(rb.out)).toEqual({ precheck: 3000, responses: 3000, scores: 3000 });
    const index = openResultsIndex(results);
    expect(index.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(getRun(index, 'a_20261126_100000')).toMatchObject({ total: 4000, answered: 4000, scored: 4000 });
    expect(getRun(index, 'b_20261126_100000')).toMatchObject({ total: 3000, answered: 3000, scored: 3000 });
    index.close();
  }, 60_000);

  it('processes opening, writing and closing one index over and over all get it (a closing connection\'s checkpoint does not refuse an opening one)', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-index-open-'));
    const rs = await Promise.all(Array.from({ length: 4 }, () => run([results, '150'], opener)));
    expect(rs.map((r) => [r.code, r.err.split('\n').find((l) => l.startsWith('Error')) ?? ''])).toEqual(rs.map(() => [0, '']));
  }, 120_000);

  it('two processes catching up the same run agree on it', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-index-mp-'));
    const a = writeSyntheticRun(results, 'same_20261126_100000', { items: 2000, seed: 5 });
    const [r1, r2] = await Promise.all([run([results, a, '100']), run([results, a, '100'])]);
    expect([r1.code, r2.code, r1.err, r2.err]).toEqual([0, 0, '', '']);
    const index = openResultsIndex(results);
    expect(index.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(getRun(index, 'same_20261126_100000')).toMatchObject({ total: 2000, answered: 2000, scored: 2000 });
    index.close();
  }, 60_000);
});
