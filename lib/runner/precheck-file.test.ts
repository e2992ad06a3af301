import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFiles } from '../results/run-files';
import { readPrecheckLazily } from './precheck-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'picard-precheck-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(skip?: Set<string>) {
  const out: Array<{ question_id: number; sample_number: number; substituted_question: string }> = [];
  for await (const e of readPrecheckLazily(dir, skip)) out.push(e as never);
  return out;
}

describe('readPrecheckLazily', () => {
  it('reads every line of a multi-megabyte file whole, multi-byte characters across chunk boundaries included', async () => {
    // ~3 MB: several read chunks; every line carries multi-byte characters, so some straddle a chunk boundary.
    const lines: string[] = [];
    const n = 6000;
    for (let i = 1; i <= n; i++) {
      lines.push(JSON.stringify({ question_id: (i % 6) + 1, sample_number: i, substituted_question: `é✓😀 ${'x'.repeat(i % 700)} ${i}` }));
    }
    writeFileSync(join(dir, runFiles.precheck), `${lines.join('\n')}\n`);
    const got = await readAll();
    expect(got).toHaveLength(n);
    got.forEach((e, k) => {
      expect(e.sample_number).toBe(k + 1);
      expect(e.substituted_question).toBe(`é✓😀 ${'x'.repeat((k + 1) % 700)} ${k + 1}`);
    });
  });

  it('breaks lines at \\r\\n and \\n (the one JSONL reader\'s rule, lib/results/jsonl-reader.ts), skips blank and unreadable lines and the keys asked, keeps a last line without a break', async () => {
    const line = (q: number, s: number) => JSON.stringify({ question_id: q, sample_number: s, substituted_question: 'q' });
    writeFileSync(join(dir, runFiles.precheck), `${line(1, 1)}\r\n${line(1, 2)}\n\n  \n{"torn":\n${line(2, 1)}\r\n${line(2, 2)}\n${line(3, 1)}`);
    const got = await readAll(new Set(['q2_s2']));
    expect(got.map((e) => `q${e.question_id}_s${e.sample_number}`)).toEqual(['q1_s1', 'q1_s2', 'q2_s1', 'q3_s1']);
  });

  it('yields nothing when there is no precheck file', async () => {
    expect(await readAll()).toEqual([]);
  });
});
