import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../lib/index/testing/synthetic-run';
import { startRun } from '../lib/runner/start-run';
import { readExplainedItemDetail } from '../lib/scoring/item-detail';
import { loadRunState } from '../lib/state';
import { findBundledSuite } from '../lib/suites';
import { RunManager } from './run-manager';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'picard-mi-'));

/** What the files say, through the reducer that once built every page (the old path): the reference to match. */
function fromFiles(dir: string) {
  const s = loadRunState(dir, { conversations: false });
  return { total: s.total, counts: s.counts, correct: s.correct, scored: s.scored, byScoringType: s.byScoringType, byQuestion: s.byQuestion };
}

describe('RunManager on the results index', () => {
  it('a folder copied in opens from the index: aggregates equal the files, windows filter, sort and search server-side', async () => {
    const src = tmp();
    writeSyntheticRun(src, 'copied_20261126_100000', { items: 600, samples: 6, seed: 9, label: 'copied' });
    const results = tmp();
    cpSync(path.join(src, 'copied_20261126_100000'), path.join(results, 'copied_20261126_100000'), { recursive: true });
    const m = new RunManager(results, { startRun });

    const snap = await m.snapshot('copied_20261126_100000');
    const files = fromFiles(path.join(results, 'copied_20261126_100000'));
    expect(snap?.state.items).toEqual({});
    expect(snap?.state.order).toEqual([]);
    expect({ total: snap?.state.total, counts: snap?.state.counts, correct: snap?.state.correct, scored: snap?.state.scored,
      byScoringType: snap?.state.byScoringType, byQuestion: snap?.state.byQuestion }).toEqual(files);
    // The page's quick header (index row only) agrees on counts and has no tallies.
    const quick = await m.snapshot('copied_20261126_100000', { tallies: false });
    expect(quick?.state.counts).toEqual(files.counts);
    expect(quick?.state.byQuestion).toEqual({});

    const first = await m.items('copied_20261126_100000', { offset: 0, limit: 50 });
    expect(first?.total).toBe(600);
    expect(first?.rows.map((r) => r.key).slice(0, 3)).toEqual(['q1_s1', 'q1_s2', 'q1_s3']);
    expect(first?.seq).toBe(0);
    const failing = await m.items('copied_20261126_100000', { status: ['failed', 'errored'], limit: 5000 });
    expect(failing?.total).toBe(files.counts.failed + files.counts.errored);
    expect(failing?.rows.every((r) => r.status === 'failed' || r.status === 'errored')).toBe(true);
    const page2 = await m.items('copied_20261126_100000', { offset: 590, limit: 50 });
    expect(page2?.rows.map((r) => r.key)).toHaveLength(10);
    expect(page2?.offset).toBe(590);
    const found = await m.items('copied_20261126_100000', { search: 'Q7_S3' });
    expect(found?.rows.map((r) => r.key)).toEqual(['q7_s3']);
    const one = await m.items('copied_20261126_100000', { key: 'q100_s6' });
    expect(one?.rows.map((r) => [r.key, r.question_id, r.sample_number])).toEqual([['q100_s6', 100, 6]]);
    expect(await m.items('nope_20990101_000000', {})).toBeNull();
    await expect(m.items('copied_20261126_100000', { sort: 'bogus' as never })).rejects.toThrow(/Unknown item sort 'bogus'/);
  });

  it('a folder another process appends to is caught up when looked at again (stale by size/mtime)', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'growing_20261126_100000', { items: 40, answered: 10, samples: 4, seed: 2 });
    const m = new RunManager(results, { startRun });
    expect((await m.snapshot('growing_20261126_100000'))?.state.done).toBe(10);
    // Another writer answers and scores q3_s3 (line formats as the runner writes them).
    appendFileSync(path.join(dir, 'responses.jsonl'), `${JSON.stringify({ question_id: 3, sample_number: 3, timestamp: '2026-11-26T10:01:00.000Z', response_text: 'x', execution_successful: true, error_message: null, model_info: 'm' })}\n`);
    appendFileSync(path.join(dir, 'scores.progress.jsonl'), `${JSON.stringify({ question_id: 3, sample_number: 3, scoring_type: 'files_exist', correct: true, error_message: null, details: {}, timestamp: '2026-11-26T10:01:00.000Z' })}\n`);
    const after = await m.snapshot('growing_20261126_100000');
    expect(after?.state.done).toBe(11);
    const row = (await m.items('growing_20261126_100000', { key: 'q3_s3' }))?.rows[0];
    expect(row?.status).toBe('passed');
    // Deleting the index loses nothing: a new manager rebuilds it from the files.
    rmSync(path.join(results, '.picard'), { recursive: true });
    const again = new RunManager(results, { startRun });
    expect((await again.snapshot('growing_20261126_100000'))?.state.done).toBe(11);
  });

  it('one item\'s detail is read at the index\'s line offsets; a run not indexed yet is scanned', async () => {
    const results = tmp();
    const runId = 'detail_20261126_100000';
    const dir = writeSyntheticRun(results, runId, { items: 600, samples: 6, seed: 4 });
    const m = new RunManager(results, { startRun });
    expect(m.itemDetail(runId, 'q5_s2')).toEqual(readExplainedItemDetail(dir, 'q5_s2'));
    await m.items(runId, { limit: 1 }); // the index catches the run up
    // A later line overwritten in place (same length, tail untouched) with a decoy answer of q5_s2: a scan picks
    // the decoy, the read at the indexed offset the real line.
    const file = path.join(dir, 'responses.jsonl');
    const bytes = readFileSync(file);
    const lines = bytes.toString('utf8').split('\n');
    const at = lines.slice(0, 300).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    const decoy = JSON.stringify({ ...JSON.parse(lines[0]), question_id: 5, sample_number: 2, response_text: 'decoy', error_message: null });
    expect(decoy.length).toBeLessThanOrEqual(Buffer.byteLength(lines[300]));
    Buffer.from(decoy.padEnd(Buffer.byteLength(lines[300]), ' ')).copy(bytes, at);
    writeFileSync(file, bytes);
    expect(readExplainedItemDetail(dir, 'q5_s2').response?.response_text).toBe('decoy');
    const real = JSON.parse(lines.find((l) => l.includes('"question_id": 5, "sample_number": 2,'))!) as { response_text: string };
    expect(m.itemDetail(runId, 'q5_s2')?.response?.response_text).toBe(real.response_text);
    expect(m.itemDetail(runId, 'q5_s2')?.entry).toEqual(readExplainedItemDetail(dir, 'q5_s2').entry);
  });

  it('the run list is one page of the index, searched by label/model and sorted', async () => {
    const results = tmp();
    for (let i = 0; i < 7; i++) {
      writeSyntheticRun(results, `r${i}_20261126_10000${i}`, { items: 6, samples: 3, seed: i, label: i % 2 ? `odd ${i}` : `even ${i}`, model: i < 3 ? 'gpt-x' : 'llama-y', createdAt: `2026-11-2${i}T10:00:00.000Z` });
    }
    const m = new RunManager(results, { startRun });
    const page = await m.runsPage({ limit: 3 });
    expect(page.total).toBe(7);
    expect(page.rows.map((r) => r.label)).toEqual(['even 6', 'odd 5', 'even 4']);
    expect((await m.runsPage({ limit: 3, offset: 6 })).rows.map((r) => r.label)).toEqual(['even 0']);
    expect((await m.runsPage({ search: 'llama' })).rows.map((r) => r.label).sort()).toEqual(['even 4', 'even 6', 'odd 3', 'odd 5']);
    expect((await m.runsPage({ search: 'odd', sort: 'label', dir: 'asc' })).rows.map((r) => r.label)).toEqual(['odd 1', 'odd 3', 'odd 5']);
    // A new folder appears in the list without a restart.
    writeSyntheticRun(results, 'late_20261130_100000', { items: 6, samples: 3, label: 'late', createdAt: '2026-11-30T10:00:00.000Z' });
    expect((await m.runsPage({ limit: 1 })).rows[0].label).toBe('late');
  });

  it('a run started here: windows carry the live rows and their seq; the index is written by the runner', async () => {
    const m = new RunManager(tmp(), { startRun });
    const runId = await m.start({ definitionsFile: findBundledSuite('quickstart')!.file, agent: { kind: 'simulated', thinkMs: 0 }, seed: 5, label: 'here' });
    await new Promise<void>((resolve) => m.onEvent((id, e) => { if (id === runId && e.type === 'run-finished') resolve(); }));
    const live = m.liveSnapshot(runId)!;
    const w = await m.items(runId, { limit: 100 });
    expect(w?.seq).toBe(live.seq);
    expect(w?.total).toBe(18);
    const passed = await m.items(runId, { status: ['passed'], limit: 100 });
    expect(passed?.total).toBe(live.state.counts.passed);
    expect(passed?.rows.every((r) => r.status === 'passed')).toBe(true);
    // The index knows the run (written by the runner's hook, not by a catch-up).
    const [row] = (await m.runsPage()).rows;
    expect([row.runId, row.total, row.correct]).toEqual([runId, 18, live.state.correct]);
    expect(JSON.parse(readFileSync(path.join(m.runDir(runId)!, 'run.json'), 'utf8')).status).toBe('completed');
  });
});
