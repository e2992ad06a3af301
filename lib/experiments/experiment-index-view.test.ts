import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { solveWriteWord, writeWordSuite } from '../agents/testing/write-word-task';
import { startFakeOpenAIServer } from '../agents/testing/fake-openai-server';
import { catchUpResults } from '../index/catch-up-results';
import { openResultsIndex } from '../index/open';
import { writeSyntheticRun } from '../index/testing/synthetic-run';
import { ExperimentTracker } from './experiment-tracker';
import { writeExperimentManifest, type ExperimentManifest } from './experiment-folder';
import { indexedDisagreements, indexedExperimentView, indexedQuestionItems } from './experiment-index-view';
import { startSweep } from './sweep';

const KEY = 'sk-expindex-31415926';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  delete process.env.PICARD_EXPINDEX_KEY;
});

describe('an experiment view from the results index', () => {
  it('equals the view rebuilt from the run folders: standings, cost, pairs, heatmap, disagreements and cells', async () => {
    const server = await startFakeOpenAIServer({ apiKey: KEY, respond: (r) => solveWriteWord(r.question, r.turn), chunkDelayMs: 1 });
    closers.push(() => server.close());
    process.env.PICARD_EXPINDEX_KEY = KEY;
    const root = mkdtempSync(join(tmpdir(), 'picard-expindex-'));
    writeFileSync(join(root, 'defs.yaml'), writeWordSuite(3));
    writeFileSync(join(root, 'exp.yaml'), `name: index-view
definitions: defs.yaml
seed: 7
samples: 12
concurrency: 4
models:
  - { label: high, agent: simulated, accuracy: 0.9, think_ms: 0 }
  - { label: mid, agent: simulated, accuracy: 0.5, think_ms: 0 }
  - { label: low, agent: simulated, accuracy: 0.1, think_ms: 0 }
  - label: gpt-fake
    agent: openai
    base_url: ${server.url}
    model: fake-model
    api_key_env: PICARD_EXPINDEX_KEY
    price_per_mtok: { input: 0.15, output: 0.60 }
  - label: refused
    agent: openai
    base_url: ${server.url}
    model: fake-model
    api_key_env: PICARD_EXPINDEX_MISSING
`);
    const results = join(root, 'results');
    // The runs' index writer fills the index as items land (as the dashboard's runs do).
    const index = openResultsIndex(results);
    closers.push(() => index.close());
    const handle = await startSweep({ experiment: join(root, 'exp.yaml'), resultsDir: results, index });
    await handle.done;

    const fromFiles = (await ExperimentTracker.load(handle.dir)).view();
    expect(fromFiles.leaderboard.find((r) => r.label === 'gpt-fake')!.costUsd).toBeGreaterThan(0);
    expect(fromFiles.leaderboard.find((r) => r.label === 'mid')!.correct).toBeGreaterThan(0);
    expect(fromFiles.pairwise.some((p) => p.aOnly + p.bOnly > 0)).toBe(true);
    await catchUpResults(index);
    expect(indexedExperimentView(index, handle.dir)).toEqual(fromFiles);
    // A fresh index, filled from the files by a catch-up (a dashboard opening the experiment later).
    await catchUpResults(index, { rebuild: true });
    const fromIndex = indexedExperimentView(index, handle.dir);
    expect(fromIndex).toEqual(fromFiles);

    // The disagreements of every pair and the items of every heatmap cell: the same items, in the same order.
    const loaded = await ExperimentTracker.load(handle.dir);
    for (const p of fromIndex.pairwise) {
      const files = loaded.disagreements(p.labelA, p.labelB)!;
      const sql = indexedDisagreements(index, handle.dir, p.labelA, p.labelB)!;
      expect(sql.total).toBe(p.aOnly + p.bOnly);
      expect(sql.items.map((d) => [d.key, d.a.correct, d.b.correct])).toEqual(files.items.map((d) => [d.key, d.a.correct, d.b.correct]));
      expect([sql.runA, sql.runB]).toEqual([files.runA, files.runB]);
    }
    const some = fromIndex.pairwise.find((p) => p.aOnly + p.bOnly > 1)!;
    const page = indexedDisagreements(index, handle.dir, some.labelA, some.labelB, { offset: 1, limit: 1 })!;
    expect(page.items.map((d) => d.key)).toEqual([loaded.disagreements(some.labelA, some.labelB)!.items[1].key]);
    for (const q of fromIndex.heatmap.questions) {
      for (const label of fromIndex.heatmap.labels) {
        const files = loaded.questionItems(label, q)!;
        const sql = indexedQuestionItems(index, handle.dir, label, q)!;
        expect(sql.items.map((i) => [i.key, i.status, i.correct])).toEqual(files.items.map((i) => [i.key, i.status, i.correct]));
      }
    }
    expect(indexedDisagreements(index, handle.dir, 'high', 'nope')).toBeNull();
    expect(indexedQuestionItems(index, handle.dir, 'nope', '1')).toBeNull();
  }, 60_000);

  it('opens a 3 × 20,000-item experiment from the index without its item files, in well under a second', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-expindex-big-'));
    const id = 'big_20261126_100000';
    const expDir = join(results, id);
    mkdirSync(expDir);
    const labels = ['alpha', 'beta', 'gamma'];
    const runs = labels.map((label, i) => writeSyntheticRun(expDir, `${label}_20261126_100000`, { items: 20_000, seed: i + 1, label, answered: 20_000 - i * 1000, conversations: true }));
    const manifest: ExperimentManifest = {
      format: 'picard-live-experiment/1', id, name: 'big', file: null,
      definitions: { file: '/defs.yaml', as_written: 'defs.yaml', sha256: '0', samples_override: null }, seed: 1, entity_pool: null,
      status: 'completed', created_at: '2026-11-26T10:00:00.000Z', updated_at: '2026-11-26T11:00:00.000Z', resumes: 0,
      configurations: labels.map((label, i) => ({
        label, agent: { kind: 'simulated' } as ExperimentManifest['configurations'][number]['agent'], options: {} as ExperimentManifest['configurations'][number]['options'],
        price_per_mtok: { input: 1, output: 2 }, run: `${label}_20261126_100000`, status: 'completed', duration_ms: 1000 * (i + 1),
      })),
    };
    writeExperimentManifest(expDir, manifest);
    const index = openResultsIndex(results);
    closers.push(() => index.close());
    await catchUpResults(index);
    const fromFiles = (await ExperimentTracker.load(expDir)).view();
    // The item files gone: the index alone answers.
    for (const dir of runs) {
      for (const f of ['precheck.jsonl', 'responses.jsonl', 'scores.progress.jsonl']) rmSync(join(dir, f));
      rmSync(join(dir, 'conversations'), { recursive: true });
    }
    const t0 = performance.now();
    const view = indexedExperimentView(index, expDir);
    const ms = performance.now() - t0;
    expect(view).toEqual(fromFiles);
    expect(view.leaderboard.map((r) => r.items)).toEqual([20_000, 20_000, 20_000]);
    expect(view.leaderboard.every((r) => r.costUsd !== null && r.costUsd > 0)).toBe(true);
    expect(view.pairwise).toHaveLength(3);
    expect(view.pairwise[0].pairs).toBeGreaterThan(17_000);
    expect(indexedDisagreements(index, expDir, 'alpha', 'beta', { limit: 50 })!.items).toHaveLength(50);
    expect(ms).toBeLessThan(1000);
  }, 120_000);
});
