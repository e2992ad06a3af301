import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from './apply-run-event';
import { loadRunState } from './load-run-state';
import { readConversationStats, withConversationStats } from './conversation-stats';
import { eventFactory } from './test-events';
import { acquireRunLock } from '../results/run-lock';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const pre = (q: number, s: number, scoring_type = 'stringmatch') => ({ scoring_type, question_id: q, sample_number: s, template: 't', substituted_question: `Q${q}?` });

function makeRun(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'picard-')), 'lab_20261126_100000');
  mkdirSync(path.join(dir, 'conversations'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const manifest = (status: string, pid = 999_999_999) => JSON.stringify({ format: 'picard-live-run/1', label: 'lab', status, seed: 42, agent: { kind: 'simulated' }, created_at: '2026-11-26T10:00:00', updated_at: '2026-11-26T10:01:00', pid });

describe('loadRunState', () => {
  const f = eventFactory();
  const base = {
    'precheck.jsonl': jsonl([pre(1, 1), pre(1, 2), pre(2, 1, 'files_exist')]),
    'responses.jsonl': jsonl([f.response(1, 1), f.response(1, 2, false)]) + '{"question_id": 2, "sam',
    'scores.progress.jsonl': jsonl([f.score(1, 1, true), f.score(1, 2, false)]),
    'conversations/q1_s1.json': JSON.stringify({ statistics: { inference_rounds: 3, tool_calls: 2, total_tokens: 70, execution_time_seconds: 1.5 } }),
  };

  it('rebuilds items, verdicts and tallies from a folder, ignoring a torn last line', () => {
    const s = loadRunState(makeRun({ ...base, 'run.json': manifest('completed') }));
    expect(s.runId).toBe('lab_20261126_100000');
    expect({ label: s.label, seed: s.seed, agent: s.agent, status: s.status, lastSeq: s.lastSeq }).toEqual({ label: 'lab', seed: 42, agent: 'simulated', status: 'completed', lastSeq: 0 });
    expect(s.order).toEqual(['q1_s1', 'q1_s2', 'q2_s1']);
    expect(s.counts).toEqual({ pending: 1, running: 0, retrying: 0, passed: 1, failed: 0, errored: 1 });
    expect(s.items.q1_s1).toMatchObject({ rounds: 3, toolCalls: 2, tokens: 70, durationMs: 1500, status: 'passed', question: 'Q1?' });
    expect(s.items.q1_s2).toMatchObject({ status: 'errored', error: 'boom' });
    expect(s.byQuestion).toEqual({ '1': { correct: 1, total: 2, errored: 1 } });
    expect({ rounds: s.rounds, tokens: s.tokens, accuracy: s.accuracy }).toEqual({ rounds: 3, tokens: 70, accuracy: 0.5 });
  });

  it.each([
    { name: 'manifest running, writer lock held', files: { 'run.json': manifest('running', process.pid) }, lock: true, status: 'running' },
    { name: 'manifest running, pid alive but no lock held', files: { 'run.json': manifest('running', process.pid) }, status: 'interrupted' },
    { name: 'manifest running, pid gone', files: { 'run.json': manifest('running') }, status: 'interrupted' },
    { name: 'manifest cancelled', files: { 'run.json': manifest('cancelled') }, status: 'cancelled' },
    { name: 'reference folder with a summary', files: { 'test_summary.json': '{}' }, status: 'completed' },
    { name: 'reference folder without a summary', files: {}, status: 'interrupted' },
  ] as Array<{ name: string; files: Record<string, string>; lock?: boolean; status: string }>)('status: $name', ({ files, lock, status }) => {
    const dir = makeRun({ ...base, ...files });
    const held = lock ? acquireRunLock(dir) : null;
    try {
      expect(loadRunState(dir).status).toBe(status);
    } finally {
      held?.release();
    }
  });

  it('falls back to scores.json detailed_results when there is no progress file', () => {
    const { 'scores.progress.jsonl': _drop, ...rest } = base;
    const s = loadRunState(makeRun({ ...rest, 'scores.json': JSON.stringify({ detailed_results: [f.score(1, 1, true)] }) }));
    expect({ correct: s.correct, scored: s.scored }).toEqual({ correct: 1, scored: 1 });
  });

  it('an empty or missing folder gives an empty state', () => {
    const s = loadRunState(makeRun({}));
    expect({ total: s.total, done: s.done, accuracy: s.accuracy }).toEqual({ total: 0, done: 0, accuracy: null });
  });

  it('agrees with the live reducer on the same run', () => {
    const g = eventFactory('lab_20261126_100000');
    const live = applyRunEvents(createRunState('lab_20261126_100000'), [
      g.started([g.summary(1, 1), g.summary(1, 2), g.summary(2, 1, 'files_exist')]),
      g.itemStarted(1, 1), g.finished(1, 1), g.scored(1, 1, true), g.itemStarted(1, 2), g.finished(1, 2, false), g.scored(1, 2, false, true),
    ]);
    const files = loadRunState(makeRun({ ...base, 'run.json': manifest('running', process.pid) }), { conversations: false });
    const pick = (s: typeof live) => ({ counts: s.counts, correct: s.correct, scored: s.scored, byQuestion: s.byQuestion, byScoringType: s.byScoringType, order: s.order });
    expect(pick(files)).toEqual(pick(live));
  });
  it('reads conversation statistics in parallel once and gives the same state as the synchronous reads', async () => {
    const dir = makeRun({ ...base, 'conversations/q1_s2.json': '{"statistics": {"inference_rounds": 1, "tool', 'precheck.jsonl': jsonl([pre(1, 1), { ...pre(1, 2), substituted_question: 'x'.repeat(50) }, pre(2, 1, 'files_exist')]) });
    const stats = await readConversationStats(dir);
    expect([...stats.keys()]).toEqual(['q1_s1']); // the torn one is skipped
    const viaStats = loadRunState(dir, { stats, questionChars: 10 });
    const direct = loadRunState(dir, { questionChars: 10 });
    expect(viaStats).toEqual(direct);
    // Patching a quick (statistics-free) state gives the same items and totals.
    const patched = withConversationStats(loadRunState(dir, { conversations: false, questionChars: 10 }), stats);
    expect(patched).toEqual(direct);
    expect(viaStats.items.q1_s1).toMatchObject({ rounds: 3, toolCalls: 2, tokens: 70, durationMs: 1500 });
    expect(viaStats.items.q1_s2.question).toBe(`${'x'.repeat(10)}…`);
    expect(await readConversationStats(path.join(dir, 'nope'))).toEqual(new Map());
  });
});
