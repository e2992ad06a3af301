import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { fixedClock } from '../util/clock';
import { startRun } from '../runner/start-run';
import { loadRunState } from '../state/load-run-state';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { catchUpRun } from './catch-up-run';
import { catchUpResults } from './catch-up-results';
import { indexFileFor, openResultsIndex, type ResultsIndex } from './open';
import { SCHEMA_VERSION } from './schema';
import { getRun } from './query-runs';
import { getItem, queryItems } from './query-items';
import { runAggregates } from './aggregates';
import { writeSyntheticRun } from './testing/synthetic-run';

const quickstart = findBundledSuite('quickstart')!.file;
const tmp = () => mkdtempSync(join(tmpdir(), 'picard-index-'));

function dump(index: ResultsIndex) {
  return {
    runs: index.db.prepare('SELECT * FROM runs ORDER BY run_id').all(),
    items: index.db.prepare('SELECT r.run_id, i.*, t.* FROM items i JOIN runs r USING (run_no) LEFT JOIN item_text t ON t.id = i.id ORDER BY r.run_id, i.key').all(),
    groups: index.db.prepare('SELECT r.run_id, g.* FROM item_groups g JOIN runs r USING (run_no) ORDER BY r.run_id, g.question_id, g.scoring_type').all(),
  };
}

function fileState(index: ResultsIndex, runId: string, file: string) {
  return index.db.prepare('SELECT * FROM file_state WHERE run_id = ? AND file = ?').get(runId, file) as { offset: number; line: number; size: number };
}

/** Every item of the folder as the live view derives it from the files (the brute-force reference). */
function fromFiles(dir: string) {
  const state = loadRunState(dir);
  return state.order.map((k) => state.items[k]);
}

describe('the results index, fed by the runner', () => {
  // 30 items catch up on the runner's thread, 1,002 on the index thread (launch.ts INDEX_THREAD_FROM_ITEMS).
  it.each([5, 167])('indexes a simulated run as items land, and the rows equal what the files say and what a rebuild gives (%i samples per question)', async (samples) => {
    const results = tmp();
    const index = openResultsIndex(results);
    const handle = await startRun({
      definitionsFile: quickstart, label: 'Indexed', resultsDir: results, seed: 7, samples,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 0.6, errorRate: 0.2 }, retries: 0, delayS: 0,
      clock: fixedClock('2026-11-26T10:00:00Z', 5), index,
    });
    const live = new Map<string, { durationMs: number; rounds: number; toolCalls: number; tokens: number; attempts: number; startedAt?: string; finishedAt: string }>();
    const startedAt = new Map<string, string>();
    handle.bus.subscribe((e) => {
      if (e.type === 'item-started' && !startedAt.has(e.key)) startedAt.set(e.key, e.at);
      if (e.type === 'item-finished') live.set(e.key, { durationMs: e.durationMs, rounds: e.rounds, toolCalls: e.toolCalls, tokens: e.tokens, attempts: e.attempts, startedAt: startedAt.get(e.key), finishedAt: e.at });
    });
    const result = await handle.done;
    const run = getRun(index, handle.runId)!;
    expect(run.status).toBe(result.status);
    expect(run.total).toBe(result.total);
    expect(run.correct).toBe(result.correct);
    expect(run.counts.errored).toBe(result.errored);
    expect(result.errored).toBeGreaterThan(0);

    // Every item row carries what the live view shows for it, derived from the files (its statistics from the
    // conversations agree, but for the duration: a conversation has the agent's time, the index the item's wall time).
    const items = queryItems(index, handle.runId, { limit: 5000 }).rows;
    const truth = fromFiles(handle.dir);
    expect(items.map((i) => i.key)).toEqual(truth.map((t) => t.key));
    for (const [i, t] of items.map((it, n) => [it, truth[n]] as const)) {
      expect({ status: i.status, correct: i.correct, rounds: i.rounds, toolCalls: i.toolCalls, tokens: i.tokens, attempt: i.attempt, verdict: i.verdictMessage, error: i.error, type: i.scoring_type })
        .toEqual({ status: t.status, correct: t.correct, rounds: t.rounds, toolCalls: t.toolCalls, tokens: t.tokens, attempt: t.attempt, verdict: t.verdictMessage ?? null, error: t.error?.slice(0, 501), type: t.scoring_type });
    }
    // ... and exactly what the live events said: the statistics come from the items' scores.progress.jsonl lines.
    expect(live.size).toBe(items.length);
    for (const i of items) {
      expect({ durationMs: i.durationMs, rounds: i.rounds, toolCalls: i.toolCalls, tokens: i.tokens, attempts: i.attempt, startedAt: i.startedAt, finishedAt: i.finishedAt }).toEqual(live.get(i.key));
    }
    const before = dump(index);
    index.close();

    // Deleting the index loses nothing: a rebuild from the files gives the same rows.
    rmSync(indexFileFor(results));
    rmSync(`${indexFileFor(results)}-wal`, { force: true });
    rmSync(`${indexFileFor(results)}-shm`, { force: true });
    const again = openResultsIndex(results);
    const summary = await catchUpResults(again);
    expect(summary.updated.map((u) => u.runId)).toEqual([handle.runId]);
    expect(dump(again)).toEqual(before);
    // And `--rebuild` on a live index gives them too.
    await catchUpResults(again, { rebuild: true });
    expect(dump(again)).toEqual(before);
    again.close();
  });
});

describe('catching up a run folder from its files', () => {
  it('reads only the new bytes of each JSONL file', async () => {
    const results = tmp();
    const full = writeSyntheticRun(tmp(), 'full_20261126_100000', { items: 300, conversations: true });
    const dir = join(results, 'grow_20261126_100000');
    cpSync(full, dir, { recursive: true });
    const responses = readFileSync(join(full, 'responses.jsonl'), 'utf8').split(/(?<=\n)/);
    const scores = readFileSync(join(full, 'scores.progress.jsonl'), 'utf8').split(/(?<=\n)/);
    writeFileSync(join(dir, 'responses.jsonl'), responses.slice(0, 100).join(''));
    writeFileSync(join(dir, 'scores.progress.jsonl'), scores.slice(0, 100).join(''));
    const index = openResultsIndex(results);

    const first = await catchUpRun(index, dir);
    expect(first.lines).toEqual({ precheck: 300, responses: 100, scores: 100 });
    const off1 = fileState(index, 'grow_20261126_100000', 'responses.jsonl');
    expect(off1.offset).toBe(statSync(join(dir, 'responses.jsonl')).size);
    expect(off1.line).toBe(100);
    expect(getRun(index, 'grow_20261126_100000')!.answered).toBe(100);

    const appended = responses.slice(100, 250).join('');
    appendFileSync(join(dir, 'responses.jsonl'), appended);
    appendFileSync(join(dir, 'scores.progress.jsonl'), scores.slice(100, 250).join(''));
    const second = await catchUpRun(index, dir);
    expect(second.reread).toBe(false);
    expect(second.lines).toEqual({ precheck: 0, responses: 150, scores: 150 });
    expect(second.bytesRead).toBe(Buffer.byteLength(appended) + Buffer.byteLength(scores.slice(100, 250).join('')));
    const off2 = fileState(index, 'grow_20261126_100000', 'responses.jsonl');
    expect(off2.offset).toBe(off1.offset + Buffer.byteLength(appended));
    expect(off2.line).toBe(250);
    const run = getRun(index, 'grow_20261126_100000')!;
    expect(run.answered).toBe(250);
    expect(run.scored).toBe(250);
    expect(run.counts.pending).toBe(50);

    // Nothing new: nothing read.
    const third = await catchUpRun(index, dir);
    expect(third.upToDate).toBe(true);
    expect(third.bytesRead).toBe(0);
    index.close();
  });

  it('leaves a torn last line for later and picks it up once it is complete', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'torn_20261126_100000', { items: 20, answered: 10 });
    const index = openResultsIndex(results);
    await catchUpRun(index, dir);
    const line = JSON.stringify({ question_id: 2, sample_number: 1, timestamp: '2026-11-26T10:05:00.000Z', response_text: 'x', execution_successful: true, error_message: null, model_info: 'm' });
    appendFileSync(join(dir, 'responses.jsonl'), line.slice(0, 40));
    const before = fileState(index, 'torn_20261126_100000', 'responses.jsonl');
    const torn = await catchUpRun(index, dir);
    expect(torn.problems).toEqual([]);
    expect(torn.lines.responses).toBe(0);
    expect(fileState(index, 'torn_20261126_100000', 'responses.jsonl').offset).toBe(before.offset);
    expect(queryItems(index, 'torn_20261126_100000', { search: 'q2_s1' }).rows[0].responded).toBe(false);

    appendFileSync(join(dir, 'responses.jsonl'), `${line.slice(40)}\n`);
    const done = await catchUpRun(index, dir);
    expect(done.lines.responses).toBe(1);
    expect(queryItems(index, 'torn_20261126_100000', { search: 'q2_s1' }).rows[0]).toMatchObject({ responded: true, status: 'running' });
    expect(fileState(index, 'torn_20261126_100000', 'responses.jsonl').offset).toBe(statSync(join(dir, 'responses.jsonl')).size);
    index.close();
  });

  it('records an unreadable line with its file and line number and goes on', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'bad_20261126_100000', { items: 10, answered: 3 });
    appendFileSync(join(dir, 'responses.jsonl'), '{not json}\n');
    const index = openResultsIndex(results);
    const r = await catchUpRun(index, dir);
    expect(r.problems).toEqual([expect.stringMatching(/^responses\.jsonl line 4: /)]);
    expect(getRun(index, 'bad_20261126_100000')!.answered).toBe(3);
    expect(index.db.prepare('SELECT file, line FROM problems').all()).toEqual([{ file: 'responses.jsonl', line: 4 }]);
    index.close();
  });

  it('reads a run again when a file was rewritten rather than appended to (resume --retry-errors)', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'rw_20261126_100000', { items: 50 });
    const index = openResultsIndex(results);
    await catchUpRun(index, dir);
    const keep = (f: string) => {
      const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
      writeFileSync(join(dir, f), lines.filter((l) => !l.includes('"execution_successful": false') && !l.includes('HTTP 503')).map((l) => `${l}\n`).join(''));
    };
    const erroredBefore = getRun(index, 'rw_20261126_100000')!.counts.errored;
    expect(erroredBefore).toBeGreaterThan(0);
    keep('responses.jsonl');
    // scores of the dropped items go too (as resume does)
    const kept = new Set(readFileSync(join(dir, 'responses.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => { const r = JSON.parse(l); return `${r.question_id}/${r.sample_number}`; }));
    const sc = readFileSync(join(dir, 'scores.progress.jsonl'), 'utf8').split('\n').filter(Boolean).filter((l) => { const s = JSON.parse(l); return kept.has(`${s.question_id}/${s.sample_number}`); });
    writeFileSync(join(dir, 'scores.progress.jsonl'), sc.map((l) => `${l}\n`).join(''));
    const r = await catchUpRun(index, dir);
    expect(r.reread).toBe(true);
    const run = getRun(index, 'rw_20261126_100000')!;
    expect(run.counts.errored).toBe(0);
    expect(run.counts.pending).toBe(erroredBefore);
    index.close();
  });

  it('marks a run whose writer died as interrupted', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'crash_20261126_100000', { items: 10, answered: 4, status: 'running' });
    const index = openResultsIndex(results);
    await catchUpRun(index, dir, { isRunning: () => true });
    expect(getRun(index, 'crash_20261126_100000')!.status).toBe('running');
    await catchUpResults(index, { isRunning: () => false });
    expect(getRun(index, 'crash_20261126_100000')!.status).toBe('interrupted');
    index.close();
  });

  it('drops runs whose folder is gone', async () => {
    const results = tmp();
    writeSyntheticRun(results, 'a_20261126_100000', { items: 5 });
    const b = writeSyntheticRun(results, 'b_20261126_100000', { items: 5 });
    const index = openResultsIndex(results);
    expect((await catchUpResults(index)).runs).toBe(2);
    rmSync(b, { recursive: true });
    const s = await catchUpResults(index);
    expect(s.removed).toEqual(['b_20261126_100000']);
    expect(index.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(5);
    expect(index.db.prepare('SELECT count(*) FROM item_text').pluck().get()).toBe(5);
    expect(index.db.prepare("SELECT count(*) FROM runs WHERE run_id = 'b_20261126_100000'").pluck().get()).toBe(0);
    index.close();
  });

  it('empties and recreates an index of another schema version', async () => {
    const results = tmp();
    writeSyntheticRun(results, 'a_20261126_100000', { items: 5 });
    const index = openResultsIndex(results);
    await catchUpResults(index);
    index.db.pragma(`user_version = ${SCHEMA_VERSION + 100}`);
    index.close();
    const reopened = openResultsIndex(results);
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(0);
    await catchUpResults(reopened);
    expect(reopened.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(5);
    reopened.close();
  });
});

describe.skipIf(!sharedDir)('a reference result folder', () => {
  it('ingests without run.json, and takes verdicts from scores.json when there is no scores.progress.jsonl', async () => {
    const results = tmp();
    const dir = join(results, 'debug_20250101_000000');
    cpSync(sharedPath('conformance', 'debug__exact', 'run'), dir, { recursive: true });
    const index = openResultsIndex(results);
    await catchUpResults(index);
    const truth = fromFiles(dir);
    let run = getRun(index, 'debug_20250101_000000')!;
    expect(run).toMatchObject({ origin: 'reference', label: 'debug', status: 'completed', total: truth.length, answered: truth.filter((t) => t.responded).length, model: 'oracle-fabricated' });
    expect(run.scored).toBe(0);

    // Verdicts written by a scorer into scores.json only.
    const precheck = readFileSync(join(dir, 'precheck.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const detailed = precheck.map((p, i) => ({ question_id: p.question_id, sample_number: p.sample_number, scoring_type: p.scoring_type, correct: i % 3 !== 0, error_message: i % 3 ? null : 'wrong', details: {}, timestamp: '2025-01-01T00:00:01' }));
    writeFileSync(join(dir, 'scores.json'), JSON.stringify({ metadata: {}, detailed_results: detailed }));
    await catchUpResults(index);
    run = getRun(index, 'debug_20250101_000000')!;
    expect(run.scored).toBe(detailed.length);
    expect(run.correct).toBe(detailed.filter((d) => d.correct).length);
    const state = loadRunState(dir);
    const agg = runAggregates(index, 'debug_20250101_000000');
    expect(agg.correct).toBe(state.correct);
    expect(Object.fromEntries(Object.entries(agg.byScoringType).map(([k, v]) => [k, { correct: v.correct, total: v.total, errored: v.errored }]))).toEqual(state.byScoringType);
    index.close();
  });
});

describe('per-item statistics', () => {
  /** The item rows as the table shows them, without the run they belong to. */
  const rows = (index: ResultsIndex, runId: string) => queryItems(index, runId, { limit: 5000 }).rows;

  it('come from scores.progress.jsonl (picard_live) and equal what the conversations of an older folder give', async () => {
    const results = tmp();
    const live = writeSyntheticRun(results, 'live_20261126_100000', { items: 400, answered: 350, seed: 9 });
    const older = writeSyntheticRun(results, 'older_20261126_100000', { items: 400, answered: 350, seed: 9, liveStats: false, conversations: true });
    const index = openResultsIndex(results);
    await catchUpResults(index);
    const fromLive = rows(index, 'live_20261126_100000');
    expect(fromLive.filter((r) => r.responded).every((r) => r.rounds! > 0 && r.tokens! > 0 && r.durationMs! > 0 && r.startedAt && r.attempt > 0)).toBe(true);
    expect(fromLive.filter((r) => !r.responded).every((r) => r.rounds === undefined && r.attempt === 0)).toBe(true);
    expect(rows(index, 'older_20261126_100000')).toEqual(fromLive);
    const sums = (id: string) => { const a = runAggregates(index, id); return [a.tokens, a.rounds, a.toolCalls, a.durationMs]; };
    expect(sums('older_20261126_100000')).toEqual(sums('live_20261126_100000'));

    // --no-conversations: the older folder has no statistics then; the new one keeps them (they are in its lines).
    await catchUpResults(index, { rebuild: true, conversations: false });
    expect(rows(index, 'live_20261126_100000')).toEqual(fromLive);
    expect(rows(index, 'older_20261126_100000').every((r) => r.rounds === undefined && r.tokens === undefined)).toBe(true);
    index.close();
    expect(live).not.toBe(older);
  });

  it('from picard_live win over a conversation file that says otherwise', async () => {
    const results = tmp();
    const dir = writeSyntheticRun(results, 'both_20261126_100000', { items: 20, seed: 4 });
    writeFileSync(join(dir, 'conversations', 'q1_s1.json'), JSON.stringify({ statistics: { inference_rounds: 99, tool_calls: 99, total_tokens: 99, execution_time_seconds: 99, attempts: 9 } }));
    const index = openResultsIndex(results);
    await catchUpRun(index, dir);
    const line = JSON.parse(readFileSync(join(dir, 'scores.progress.jsonl'), 'utf8').split('\n')[0]);
    expect(getItem(index, 'both_20261126_100000', 'q1_s1')).toMatchObject({ rounds: line.picard_live.rounds, tokens: line.picard_live.tokens, durationMs: line.picard_live.duration_ms, attempt: line.picard_live.attempts });
    index.close();
  });
});

describe('groups kept by triggers and groups summed by a bulk load', () => {
  it('agree after a run caught up line by line, and a bulk load that stopped half-way is finished by the next catch-up', async () => {
    const results = tmp();
    const full = writeSyntheticRun(tmp(), 'inc_20261126_100000', { items: 600, seed: 12 });
    const dir = join(results, 'inc_20261126_100000');
    cpSync(full, dir, { recursive: true });
    const all = (f: string) => readFileSync(join(full, f), 'utf8').split(/(?<=\n)/);
    const [pre, res, sco] = [all('precheck.jsonl'), all('responses.jsonl'), all('scores.progress.jsonl')];
    for (const f of ['responses.jsonl', 'scores.progress.jsonl']) writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'precheck.jsonl'), pre.slice(0, 100).join(''));
    const index = openResultsIndex(results);
    await catchUpRun(index, dir); // from the start: a bulk load
    // Then as a live run grows: a few lines at a time, through the triggers.
    writeFileSync(join(dir, 'precheck.jsonl'), pre.join(''));
    for (let i = 0; i < 600; i += 37) {
      appendFileSync(join(dir, 'responses.jsonl'), res.slice(i, i + 37).join(''));
      await catchUpRun(index, dir, { summary: i % 3 === 0 });
      appendFileSync(join(dir, 'scores.progress.jsonl'), sco.slice(i, i + 37).join(''));
      await catchUpRun(index, dir, { summary: false });
    }
    await catchUpRun(index, dir);
    expect(index.db.prepare('SELECT count(*) FROM bulk_runs').pluck().get()).toBe(0);
    const incremental = dump(index);
    await catchUpRun(index, dir, { rebuild: true });
    expect(dump(index)).toEqual(incremental);

    // A bulk load that died before its last transaction: the flag stays, the groups are missing; the next catch-up sums them.
    index.db.exec('DELETE FROM item_groups; INSERT INTO bulk_runs SELECT run_no FROM runs');
    appendFileSync(join(dir, 'responses.jsonl'), '\n'); // a change, so the run reads as stale
    await catchUpRun(index, dir);
    expect(dump(index)).toEqual(incremental);
    expect(index.db.prepare('SELECT count(*) FROM bulk_runs').pluck().get()).toBe(0);
    index.close();
  });
});
