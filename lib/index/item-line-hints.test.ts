import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFiles } from '../results/run-files';
import type { ResponseLine } from '../results/types';
import { readExplainedItemDetail } from '../scoring/item-detail';
import { catchUpRun } from './catch-up-run';
import { itemLineHints } from './item-line-hints';
import { openResultsIndex, type ResultsIndex } from './open';
import { writeSyntheticRun } from './testing/synthetic-run';

/** Bytes this process read (the kernel's `rchar`, /proc/self/io) while `fn` ran. */
function bytesReadBy(fn: () => void): number {
  const rchar = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
  const before = rchar();
  fn();
  // The second read of /proc/self/io counts its own bytes too: a few hundred, well under the bounds asserted.
  return rchar() - before;
}

const JSONL = [runFiles.precheck, runFiles.responses, runFiles.scoresProgress];

describe('item detail through the index\'s line offsets (50,000-item run)', () => {
  const RUN = 'big_20261126_100000';
  let root: string;
  let dir: string;
  let index: ResultsIndex;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'picard-item-lines-'));
    dir = writeSyntheticRun(root, RUN, { items: 50_000 });
    index = openResultsIndex(root);
    await catchUpRun(index, dir);
  }, 60_000);
  afterAll(() => {
    index.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.skipIf(!existsSync('/proc/self/io'))('opening one item reads a few KB instead of its run\'s files, and shows the same detail', () => {
    const key = 'q2500_s7';
    const hints = itemLineHints(index, RUN, key)!;
    for (const h of [hints.precheck, hints.responses, hints.scoresProgress]) expect(h?.offset).toBeGreaterThan(1_000_000);
    let scanned: unknown;
    let viaIndex: unknown;
    const scanBytes = bytesReadBy(() => (scanned = readExplainedItemDetail(dir, key)));
    const indexBytes = bytesReadBy(() => (viaIndex = readExplainedItemDetail(dir, key, { lines: hints })));
    const filesBytes = JSONL.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(viaIndex).toEqual(scanned);
    expect(viaIndex).toMatchObject({ key, entry: { question_id: 2500, sample_number: 7 }, response: { question_id: 2500 }, score: { question_id: 2500 } });
    expect(scanBytes).toBeGreaterThan(filesBytes); // the measure sees the whole-file reads…
    expect(indexBytes).toBeLessThan(32 * 1024); // …and three line reads (4 KB each), the tail checks, the conversation look-up
  });

  it('a line answered after the index read is found; unknown items and runs scan as without an index', () => {
    const hints = itemLineHints(index, RUN, 'q5000_s10')!;
    expect(hints.responses?.readTo).toBe(statSync(join(dir, runFiles.responses)).size);
    expect(itemLineHints(index, RUN, 'q99999_s1')).toBeNull();
    expect(itemLineHints(index, 'no_such_run', 'q1_s1')).toBeNull();
  });
});

describe('item detail through stale line offsets', () => {
  const RUN = 'small_20261126_100000';
  let root: string;
  let dir: string;
  let index: ResultsIndex;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'picard-item-lines-'));
    dir = writeSyntheticRun(root, RUN, { items: 300, seed: 7 });
    index = openResultsIndex(root);
    await catchUpRun(index, dir);
  });
  afterAll(() => {
    index.close();
    rmSync(root, { recursive: true, force: true });
  });

  const lines = (f: string) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
  const keyOf = (l: string) => { const r = JSON.parse(l) as { question_id: number; sample_number: number }; return `q${r.question_id}_s${r.sample_number}`; };

  it('a `--retry-errors` rewrite of responses.jsonl and scores.progress.jsonl falls back to the scan, then the caught-up index is right again', async () => {
    const responses = lines(runFiles.responses);
    const errored = responses.filter((l) => !(JSON.parse(l) as ResponseLine).execution_successful).map(keyOf);
    expect(errored.length).toBeGreaterThan(3);
    const target = errored[errored.length - 1];
    const later = keyOf(responses[responses.length - 1]);
    const before = { target: itemLineHints(index, RUN, target)!, later: itemLineHints(index, RUN, later)! };
    // What `dropErrored` and the resumed run do: errored items' lines removed, the item answered again at the end.
    const keep = (f: string) => lines(f).filter((l) => !errored.includes(keyOf(l)));
    const retried = { ...(JSON.parse(responses.find((l) => keyOf(l) === target)!) as ResponseLine), execution_successful: true, error_message: null, response_text: 'retried' };
    writeFileSync(join(dir, runFiles.responses), [...keep(runFiles.responses), JSON.stringify(retried)].join('\n') + '\n');
    writeFileSync(join(dir, runFiles.scoresProgress), keep(runFiles.scoresProgress).join('\n') + '\n');
    for (const [key, hints] of [[target, before.target], [later, before.later]] as const) {
      expect(readExplainedItemDetail(dir, key, { lines: hints })).toEqual(readExplainedItemDetail(dir, key));
    }
    expect(readExplainedItemDetail(dir, target, { lines: before.target })).toMatchObject({ response: { response_text: 'retried' }, score: null });

    const r = await catchUpRun(index, dir);
    expect(r.reread).toBe(true);
    const now = itemLineHints(index, RUN, target)!;
    expect(now.responses?.offset).not.toBe(before.target.responses?.offset);
    expect(readExplainedItemDetail(dir, target, { lines: now })).toEqual(readExplainedItemDetail(dir, target));
  });

  it('an appended response (a live run ahead of its index) is the one shown; the next catch-up reads only it and moves the offset there', async () => {
    const first = keyOf(lines(runFiles.responses)[0]);
    const hints = itemLineHints(index, RUN, first)!;
    const again = { ...(JSON.parse(lines(runFiles.responses)[0]) as ResponseLine), response_text: 'answered again' };
    const file = join(dir, runFiles.responses);
    const at = statSync(file).size;
    appendFileSync(file, `${JSON.stringify(again)}\n`);
    expect(readExplainedItemDetail(dir, first, { lines: hints }).response?.response_text).toBe('answered again');
    const r = await catchUpRun(index, dir);
    expect({ reread: r.reread, responses: r.lines.responses }).toEqual({ reread: false, responses: 1 });
    const now = itemLineHints(index, RUN, first)!;
    expect(now.responses).toMatchObject({ offset: at, readTo: statSync(file).size });
    expect(now.precheck).toEqual(hints.precheck);
    expect(readExplainedItemDetail(dir, first, { lines: now }).response?.response_text).toBe('answered again');
  });

  it('a reference folder (verdicts in scores.json, no scores.progress.jsonl): no score offset, the verdict still shown', async () => {
    const refRoot = mkdtempSync(join(tmpdir(), 'picard-item-lines-ref-'));
    const ref = writeSyntheticRun(refRoot, 'ref_20261126_100000', { items: 30, samples: 3, seed: 3, liveStats: false });
    const scores = readFileSync(join(ref, runFiles.scoresProgress), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
    writeFileSync(join(ref, runFiles.scores), JSON.stringify({ detailed_results: scores }));
    rmSync(join(ref, runFiles.scoresProgress));
    rmSync(join(ref, runFiles.manifest));
    const refIndex = openResultsIndex(refRoot);
    try {
      await catchUpRun(refIndex, ref);
      const hints = itemLineHints(refIndex, 'ref_20261126_100000', 'q4_s2')!;
      expect(hints.scoresProgress).toEqual({ offset: null, readTo: 0, tail: null });
      const d = readExplainedItemDetail(ref, 'q4_s2', { lines: hints });
      expect(d).toEqual(readExplainedItemDetail(ref, 'q4_s2'));
      expect(d.score).toMatchObject({ question_id: 4, sample_number: 2 });
    } finally {
      refIndex.close();
      rmSync(refRoot, { recursive: true, force: true });
    }
  });
});
