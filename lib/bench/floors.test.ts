import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { timeNode, timePicard } from './process-timer';
import { buildSyntheticRun } from './scoring';
import { scoreRun } from '../scoring/score-run';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picard-floors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const floor = (name: string) => fileURLToPath(new URL(`./floors/${name}`, import.meta.url));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('benchmark floors', () => {
  it('the bare writer writes, per item, an instance folder, a conversation and one line in each JSONL file', async () => {
    const dir = path.join(tmp, 'write');
    const r = await timeNode([floor('write-items.mjs'), '--dir', dir, '--items', '50', '--concurrency', '8', '--conversation-bytes', '100']);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: 50 });
    expect(r.peakRssMB).toBeGreaterThan(10);
    // CPU time (user + system, every thread): more than none, less than the wall time on 2 cores allows.
    expect(r.cpuSeconds).toBeGreaterThan(0);
    expect(r.cpuSeconds).toBeLessThan(r.seconds * os.availableParallelism() + 0.05);
    expect(readdirSync(path.join(dir, 'sandbox'))).toHaveLength(50);
    const conversations = readdirSync(path.join(dir, 'conversations'));
    expect(conversations).toHaveLength(50);
    expect(conversations.every((f) => f.endsWith('.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'conversations', conversations[0]), 'utf8')).messages[0].content).toHaveLength(100);
    expect(lines(path.join(dir, 'responses.jsonl'))).toHaveLength(50);
    expect(new Set(lines(path.join(dir, 'scores.progress.jsonl')).map((l) => l.sample_number)).size).toBe(50);
  });

  it('the bare parse loop parses both JSONL files of a run folder', async () => {
    const dir = buildSyntheticRun(path.join(tmp, 'run'), 30);
    const r = await timeNode([floor('parse-jsonl.mjs'), dir], { rss: false });
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 60 });
    expect(r.peakRssMB).toBeNaN();
    expect(r.cpuSeconds).toBeNaN();
  });

  it('the bare scoring script gives every item the verdict picard score gives it, and writes every detailed result', async () => {
    const dir = buildSyntheticRun(path.join(tmp, 'score-work'), 36);
    const out = path.join(tmp, 'score-work.json');
    const r = await timeNode([floor('score-work.mjs'), dir, out], { rss: false });
    const picard = await scoreRun(dir, { write: false });
    expect(picard.metadata.correct_answers).toBeLessThan(36);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: 36, correct: picard.metadata.correct_answers });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { detailed_results: Array<{ scoring_type: string; details: object }> };
    expect(doc.detailed_results).toHaveLength(36);
    expect(new Set(doc.detailed_results.map((d) => d.scoring_type)).size).toBe(6);
    expect(doc.detailed_results.every((d) => Object.keys(d.details).length > 0)).toBe(true);
  });

  it('timeNode rejects with the stderr of a failing process', async () => {
    await expect(timeNode([floor('write-items.mjs')])).rejects.toThrow(/exited with 2: usage: write-items\.mjs/);
  });

  it('timePicard runs the compiled CLI and measures its peak memory', async () => {
    const r = await timePicard(['--help']);
    expect(r.stdout).toContain('Usage: picard');
    expect(r.peakRssMB).toBeGreaterThan(10);
    expect(r.seconds).toBeGreaterThan(0);
  });
});
