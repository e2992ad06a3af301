import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchUpResults } from './catch-up-results';
import { openResultsIndex } from './open';
import { runIdClash } from './run-id-clash';
import { writeSyntheticRun } from './testing/synthetic-run';

/** An experiment folder holding one configuration's run (`experiment.json` only needs to be there to mark it). */
function experimentWith(results: string, name: string, runId: string, items: number, seed: number): string {
  const exp = join(results, name);
  mkdirSync(exp, { recursive: true });
  writeFileSync(join(exp, 'experiment.json'), '{}\n');
  writeSyntheticRun(exp, runId, { items, seed });
  return exp;
}

const itemsOf = (index: ReturnType<typeof openResultsIndex>, runId: string) =>
  index.db.prepare('SELECT count(*) FROM items JOIN runs USING (run_no) WHERE run_id = ?').pluck().get(runId);
const folderOf = (index: ReturnType<typeof openResultsIndex>, runId: string) =>
  index.db.prepare('SELECT experiment_folder FROM runs WHERE run_id = ?').pluck().get(runId);

describe('two run folders of the same name (run ids are folder names)', () => {
  it('the index keeps the one it holds, names the other as refused, and stops rewriting rows at each catch-up', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-clash-'));
    const run = 'cfg_20261126_100000';
    experimentWith(results, 'exp_b', run, 7, 2);
    const index = openResultsIndex(results);
    expect((await catchUpResults(index)).failed.filter((f) => f.includes('not indexed'))).toEqual([]);
    expect(folderOf(index, run)).toBe('exp_b');
    // A copy of the run beside it, in an experiment folder that sorts first, with other contents.
    experimentWith(results, 'exp_a', run, 3, 9);
    const first = await catchUpResults(index);
    expect(first.failed.filter((f) => f.includes('not indexed'))).toEqual([
      `${join('exp_a', run)}: not indexed: its run id '${run}' (a run's id is its folder's name) is already the run folder ${join('exp_b', run)}; rename one of them`,
    ]);
    expect(first.updated).toEqual([]);
    expect(folderOf(index, run)).toBe('exp_b');
    expect(itemsOf(index, run)).toBe(7);
    // Unchanged folders: nothing read again (the two no longer take turns).
    expect((await catchUpResults(index)).updated).toEqual([]);
    // Asked for the copy by its folder, the index refuses to overwrite the run it holds.
    expect(runIdClash(index, run, join(results, 'exp_a', run))).toMatch(/^exp_a\/cfg_20261126_100000: not indexed: .* is already the run folder exp_b\/cfg_20261126_100000; rename one of them$/);
    expect(runIdClash(index, run, join(results, 'exp_b', run))).toBeNull();

    // Once the held folder is gone, the other one takes the id.
    rmSync(join(results, 'exp_b'), { recursive: true });
    expect(runIdClash(index, run, join(results, 'exp_a', run))).toBeNull();
    const after = await catchUpResults(index);
    expect(after.failed.filter((f) => f.includes('not indexed'))).toEqual([]);
    expect(folderOf(index, run)).toBe('exp_a');
    expect(itemsOf(index, run)).toBe(3);
    index.close();
  });

  it('on a fresh index, the first met keeps the id: the results folder in name order, an experiment folder in its place', async () => {
    const results = mkdtempSync(join(tmpdir(), 'picard-clash-'));
    const run = 'x_20261126_100000';
    const exp = experimentWith(results, 'exp', run, 4, 1);
    cpSync(join(exp, run), join(results, run), { recursive: true });
    const index = openResultsIndex(results);
    const s = await catchUpResults(index);
    expect(s.runs).toBe(1);
    expect(s.failed.filter((f) => f.includes('not indexed'))).toHaveLength(1);
    // `exp` sorts before `x_…`: its run is met first.
    expect(s.failed.find((f) => f.includes('not indexed'))).toMatch(/^x_20261126_100000: not indexed: .* already the run folder exp\/x_20261126_100000;/);
    expect(folderOf(index, run)).toBe('exp');
    index.close();
  });
});
