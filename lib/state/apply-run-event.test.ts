import { describe, expect, it } from 'vitest';
import { applyRunEvent, applyRunEvents, createRunState } from './apply-run-event';
import { eventFactory } from './test-events';
import type { RunState } from './types';

function runThrough(events: Parameters<typeof applyRunEvents>[1]): RunState {
  return events.reduce((s, e) => applyRunEvent(s, e), createRunState('r1'));
}

describe('applyRunEvent', () => {
  it('tracks a full run: statuses, counters, tallies, totals', () => {
    const f = eventFactory();
    const s = runThrough([
      f.started([f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist')]),
      f.itemStarted(1, 1), f.finished(1, 1), f.scored(1, 1, true),
      f.itemStarted(1, 2), f.finished(1, 2), f.scored(1, 2, false),
      f.itemStarted(2, 1),
      f.make({ type: 'item-retrying', attempt: 1, maxAttempts: 3, reason: 'rate-limited', message: '429', delayMs: 10, ...f.ref(2, 1) }),
    ]);
    expect(s.order).toEqual(['q1_s1', 'q1_s2', 'q2_s1']);
    expect(s.counts).toEqual({ pending: 0, running: 0, retrying: 1, passed: 1, failed: 1, errored: 0 });
    expect({ total: s.total, done: s.done, correct: s.correct, scored: s.scored, accuracy: s.accuracy }).toEqual({ total: 3, done: 2, correct: 1, scored: 2, accuracy: 0.5 });
    expect(s.byScoringType).toEqual({ stringmatch: { correct: 1, total: 2, errored: 0 } });
    expect(s.byQuestion).toEqual({ '1': { correct: 1, total: 2, errored: 0 } });
    expect({ rounds: s.rounds, toolCalls: s.toolCalls, tokens: s.tokens }).toEqual({ rounds: 4, toolCalls: 2, tokens: 100 });
    expect(s.items.q2_s1.retryReason).toBe('rate-limited: 429');
    // The countdown target: event time + delay.
    expect(s.items.q2_s1.retryAt).toBe('2026-11-26T10:00:00.010Z');
    expect(s.lastSeq).toBe(9);
    expect(s.status).toBe('running');
  });

  it('clears the retry countdown when the next attempt starts', () => {
    const f = eventFactory();
    const s = runThrough([
      f.started([f.summary(1, 1)]), f.itemStarted(1, 1),
      f.make({ type: 'item-retrying', attempt: 1, maxAttempts: 3, reason: 'server-error', message: '503', delayMs: 2000, ...f.ref(1, 1) }),
      f.itemStarted(1, 1, 2),
    ]);
    expect(s.items.q1_s1).toMatchObject({ status: 'running', attempt: 2, retryReason: undefined, retryAt: undefined });
  });

  it.each([
    { name: 'passed', correct: true, errored: false, status: 'passed', error: undefined },
    { name: 'failed', correct: false, errored: false, status: 'failed', error: undefined },
    { name: 'errored', correct: false, errored: true, status: 'errored', error: 'boom' },
  ])('scores an item as $name', ({ correct, errored, status, error }) => {
    const f = eventFactory();
    const s = runThrough([f.started([f.summary(1, 1)]), f.itemStarted(1, 1), f.finished(1, 1, !errored), f.scored(1, 1, correct, errored)]);
    expect(s.items.q1_s1).toMatchObject({ status, correct, error, responded: true, attempt: 1 });
    expect(s.byQuestion['1']).toEqual({ correct: correct ? 1 : 0, total: 1, errored: errored ? 1 : 0 });
  });

  it('keeps the worker that has the item (distributed runs), through a retry and a restart elsewhere', () => {
    const f = eventFactory();
    let s = runThrough([f.started([f.summary(1, 1), f.summary(1, 2)]), f.make({ type: 'item-started', attempt: 1, worker: 'w1', ...f.ref(1, 1) }), f.itemStarted(1, 2)]);
    expect(s.items.q1_s1).toMatchObject({ status: 'running', worker: 'w1' });
    expect(s.items.q1_s2.worker).toBeUndefined();
    s = applyRunEvent(s, f.make({ type: 'item-retrying', attempt: 1, maxAttempts: 3, reason: 'rate-limited', message: '429', delayMs: 10, worker: 'w1', ...f.ref(1, 1) }));
    expect(s.items.q1_s1.worker).toBe('w1');
    s = applyRunEvent(s, f.make({ type: 'item-started', attempt: 2, worker: 'w2', ...f.ref(1, 1) }));
    expect(s.items.q1_s1).toMatchObject({ status: 'running', attempt: 2, worker: 'w2' });
  });

  it('ignores events at or below lastSeq (replays cannot double-count)', () => {
    const f = eventFactory();
    const events = [f.started([f.summary(1, 1)]), f.itemStarted(1, 1), f.finished(1, 1), f.scored(1, 1, true)];
    const once = runThrough(events);
    const twice = applyRunEvents(once, events);
    expect(twice).toBe(once);
    expect(twice.correct).toBe(1);
  });

  it('does not modify the previous state', () => {
    const f = eventFactory();
    const s1 = runThrough([f.started([f.summary(1, 1)]), f.itemStarted(1, 1)]);
    const frozen = JSON.parse(JSON.stringify(s1));
    applyRunEvents(s1, [f.finished(1, 1), f.scored(1, 1, true), f.make({ type: 'run-log', level: 'warn', message: 'hi' })]);
    expect(s1).toEqual(frozen);
  });

  it('a re-scored item replaces its earlier verdict', () => {
    const f = eventFactory();
    const s = runThrough([f.started([f.summary(1, 1)]), f.scored(1, 1, false), f.scored(1, 1, true)]);
    expect({ correct: s.correct, scored: s.scored, done: s.done }).toEqual({ correct: 1, scored: 1, done: 1 });
    expect(s.byScoringType.stringmatch).toEqual({ correct: 1, total: 1, errored: 0 });
  });

  it('creates items it has not seen (events before run-started, resumed runs)', () => {
    const f = eventFactory();
    const s = runThrough([f.itemStarted(5, 1)]);
    expect(s.order).toEqual(['q5_s1']);
    expect(s.counts.running).toBe(1);
  });

  it('a resumed run-started keeps existing items and adds only new ones', () => {
    const f = eventFactory();
    const s = runThrough([f.started([f.summary(1, 1)]), f.scored(1, 1, true), f.started([f.summary(1, 1), f.summary(2, 1)], 1)]);
    expect(s.order).toEqual(['q1_s1', 'q2_s1']);
    expect(s.items.q1_s1.status).toBe('passed');
    expect(s.alreadyDone).toBe(1);
  });

  it('run-finished sets the status, time and error; run-log keeps the last 50', () => {
    const f = eventFactory();
    const start = f.started([]);
    const logs = Array.from({ length: 60 }, (_, i) => f.make({ type: 'run-log', level: 'info', message: `m${i}` }));
    const s = runThrough([start, ...logs, f.make({ type: 'run-finished', status: 'failed', correct: 0, total: 0, errored: 0, durationMs: 5, error: 'too many errors' }, 'T-end')]);
    expect({ status: s.status, finishedAt: s.finishedAt, error: s.error }).toEqual({ status: 'failed', finishedAt: 'T-end', error: 'too many errors' });
    expect(s.logs).toHaveLength(50);
    expect(s.logs[0].message).toBe('m10');
  });

  it('ignores events of another run', () => {
    const f = eventFactory('other');
    const s = applyRunEvent(createRunState('r1'), f.started([f.summary(1, 1)]));
    expect(s.total).toBe(0);
  });

  it('a state holding no items, fed events with `prev`, keeps the same aggregates as the full state', () => {
    const f = eventFactory();
    const head = [f.started([f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist'), f.summary(3, 1)]),
      f.itemStarted(1, 1), f.finished(1, 1), f.scored(1, 1, true), f.itemStarted(2, 1), f.finished(2, 1, false), f.scored(2, 1, false, true, 'files_exist'),
      f.itemStarted(1, 2)];
    // Later events: q1_s2 answered and scored, the errored q2_s1 retried and re-scored, q1_s1 re-scored wrong.
    const tail = [f.finished(1, 2), f.scored(1, 2, false), f.itemStarted(2, 1, 2), f.finished(2, 1), f.scored(2, 1, true, false, 'files_exist'), f.scored(1, 1, false)];
    // The server: the full state, and `prev` = the item just before each event.
    const server = applyRunEvents(createRunState('r1'), head);
    const sparse: RunState = { ...server, items: {}, order: [] };
    let full = server;
    const wire = tail.map((e) => {
      const prev = 'key' in e ? full.items[e.key] : undefined;
      full = applyRunEvents(full, [e]);
      return { ...e, prev };
    });
    const client = applyRunEvents(sparse, wire);
    const aggregates = (s: RunState) => ({ counts: s.counts, total: s.total, done: s.done, correct: s.correct, scored: s.scored,
      accuracy: s.accuracy, byScoringType: s.byScoringType, byQuestion: s.byQuestion, rounds: s.rounds, tokens: s.tokens, toolCalls: s.toolCalls });
    expect(aggregates(client)).toEqual(aggregates(full));
    expect(client.counts).toEqual({ pending: 1, running: 0, retrying: 0, passed: 1, failed: 2, errored: 0 });
    // Only the touched items are held, each as the full state has it.
    expect(Object.keys(client.items).sort()).toEqual(['q1_s1', 'q1_s2', 'q2_s1']);
    for (const k of Object.keys(client.items)) expect(client.items[k]).toEqual(full.items[k]);
    // Without `prev` the same events would be taken as new items (the old behaviour, now only for full states).
    expect(applyRunEvents(sparse, tail).total).toBeGreaterThan(full.total);
  });
});
