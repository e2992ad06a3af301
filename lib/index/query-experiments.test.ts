import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWordSuite } from '../agents/testing/write-word-task';
import { parseExperimentText } from '../experiments/experiment-file';
import { startSweep } from '../experiments/sweep';
import { catchUpResults } from './catch-up-results';
import { indexFileFor, openResultsIndex, type ResultsIndex } from './open';
import { getExperiment, queryExperiments } from './query-experiments';
import { queryRuns } from './query-runs';

const open: ResultsIndex[] = [];
afterEach(() => {
  for (const i of open.splice(0)) i.close();
});

function openIndex(results: string): ResultsIndex {
  const i = openResultsIndex(results);
  open.push(i);
  return i;
}

/** A finished sweep written as the CLI writes it (no index), of simulated configurations of known accuracy. */
async function sweep(root: string, results: string, name: string, accuracies: Record<string, number>): Promise<string> {
  const yaml = `name: ${name}\ndefinitions: defs.yaml\nseed: 5\nsamples: 2\nmodels:\n${Object.entries(accuracies)
    .map(([label, a]) => `  - { label: ${label}, agent: simulated, accuracy: ${a}, think_ms: 0 }`).join('\n')}\n`;
  const handle = await startSweep({ experiment: parseExperimentText(yaml, join(root, `${name}.yaml`)), resultsDir: results });
  await handle.done;
  return handle.id;
}

describe('experiments in the results index', () => {
  it('lists experiment folders written by another process from their files, with progress and best configuration, paged, sorted and searched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'picard-idx-exp-'));
    writeFileSync(join(root, 'defs.yaml'), writeWordSuite(3));
    const results = join(root, 'results');
    const a = await sweep(root, results, 'alpha', { 'a-top': 1, 'a-bottom': 0 });
    const b = await sweep(root, results, 'beta', { 'b-only': 0 });
    const index = openIndex(results);
    const summary = await catchUpResults(index);
    expect(summary).toMatchObject({ runs: 3, experiments: 2, failed: [] });

    const all = queryExperiments(index);
    expect(all.total).toBe(2);
    const alpha = all.rows.find((e) => e.id === a)!;
    expect(alpha).toMatchObject({
      name: 'alpha', dir: join(results, a), suite: 'defs.yaml', seed: 5, samples: 2, status: 'completed', error: null,
      configurations: 2, labels: ['a-top', 'a-bottom'], runs: 2, done: 4, total: 4, best: { label: 'a-top', accuracy: 1 },
    });
    expect(getExperiment(index, b)).toMatchObject({ name: 'beta', configurations: 1, done: 2, best: { label: 'b-only', accuracy: 0 } });
    expect(getExperiment(index, 'nope')).toBeNull();

    // Sorted by best accuracy both ways, paged, searched by a configuration's label.
    expect(queryExperiments(index, { sort: 'best', dir: 'desc' }).rows.map((e) => e.name)).toEqual(['alpha', 'beta']);
    expect(queryExperiments(index, { sort: 'best', dir: 'asc' }).rows.map((e) => e.name)).toEqual(['beta', 'alpha']);
    expect(queryExperiments(index, { sort: 'name', dir: 'asc', offset: 1, limit: 1 })).toMatchObject({ total: 2, rows: [{ name: 'beta' }] });
    expect(queryExperiments(index, { search: 'B-ONL' }).rows.map((e) => e.name)).toEqual(['beta']);
    expect(queryExperiments(index, { status: ['failed'] }).total).toBe(0);
    expect(() => queryExperiments(index, { sort: 'bogus' as never })).toThrow("Unknown experiment sort 'bogus'");

    // A configuration's run row points at its folder inside the experiment folder.
    const runs = queryRuns(index, { experimentId: a, sort: 'label', dir: 'asc' }).rows;
    expect(runs.map((r) => r.label)).toEqual(['a-bottom', 'a-top']);
    for (const r of runs) {
      expect(r.experimentFolder).toBe(a);
      expect(r.dir).toBe(join(results, a, r.runId));
      expect(existsSync(join(r.dir, 'run.json'))).toBe(true);
    }
  }, 60_000);

  it('rebuilds the same list after the index file is deleted, follows folders copied in, removed or broken, and a dead writer reads interrupted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'picard-idx-exp-'));
    writeFileSync(join(root, 'defs.yaml'), writeWordSuite(3));
    const results = join(root, 'results');
    const a = await sweep(root, results, 'alpha', { 'a-top': 1, 'a-bottom': 0 });
    const first = openIndex(results);
    await catchUpResults(first);
    const before = queryExperiments(first);
    first.close();
    open.splice(0);
    rmSync(indexFileFor(results));
    const again = openIndex(results);
    await catchUpResults(again);
    expect(queryExperiments(again)).toEqual(before);

    // Copied into another results folder: listed there after a catch-up, with the runs' folders in the new place.
    const elsewhere = join(root, 'elsewhere');
    cpSync(join(results, a), join(elsewhere, a), { recursive: true });
    const copied = openIndex(elsewhere);
    await catchUpResults(copied);
    expect(queryExperiments(copied).rows).toMatchObject([{ id: a, dir: join(elsewhere, a), done: 4, best: { label: 'a-top' } }]);
    expect(queryRuns(copied, { experimentId: a }).rows.every((r) => r.dir.startsWith(join(elsewhere, a)))).toBe(true);

    // A manifest that says running but whose writer is gone reads interrupted; a broken one is listed, failed,
    // naming the file; a removed folder goes, with its runs.
    const file = join(elsewhere, a, 'experiment.json');
    const m = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...m, status: 'running' }));
    await catchUpResults(copied);
    expect(getExperiment(copied, a)?.status).toBe('interrupted');
    writeFileSync(file, '{ half');
    const broken = await catchUpResults(copied);
    expect(broken.failed).toEqual([expect.stringMatching(new RegExp(`^${a}: ${file}: .*not valid JSON`))]);
    expect(getExperiment(copied, a)).toMatchObject({ status: 'failed', error: expect.stringContaining(file) });
    renameSync(join(elsewhere, a), join(root, 'moved-away'));
    const gone = await catchUpResults(copied);
    expect(gone.removed).toHaveLength(2);
    expect(queryExperiments(copied).total).toBe(0);
    expect(queryRuns(copied).total).toBe(0);
  }, 60_000);
});
