import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from '@/lib/state';
import { eventFactory } from '@/lib/state/test-events';
import { DEFAULT_QUERY, stepFailing, toItemsQuery } from './item-filter';

const f = eventFactory();
const state = applyRunEvents(createRunState('r1'), [
  f.started([f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist'), f.summary(10, 1), f.summary(3, 1)]),
  f.scored(1, 1, true), f.scored(1, 2, false), f.scored(2, 1, false, true, 'files_exist'), f.itemStarted(10, 1),
]);

describe('toItemsQuery', () => {
  it.each([
    { name: 'default: run order', q: {}, want: { sort: 'seq', dir: 'asc' } },
    { name: 'failing', q: { status: 'failing' }, want: { sort: 'seq', dir: 'asc', status: ['failed', 'errored'] } },
    { name: 'active', q: { status: 'active' }, want: { sort: 'seq', dir: 'asc', status: ['running', 'retrying'] } },
    { name: 'scoring type and text (trimmed)', q: { scoringType: 'files_exist', text: ' q10 ' }, want: { sort: 'seq', dir: 'asc', scoringType: ['files_exist'], search: 'q10' } },
    { name: 'tokens, descending', q: { sort: 'tokens', desc: true }, want: { sort: 'tokens', dir: 'desc' } },
    { name: 'question', q: { sort: 'question' }, want: { sort: 'question_id', dir: 'asc' } },
  ] as const)('$name', ({ q, want }) => {
    expect(toItemsQuery({ ...DEFAULT_QUERY, ...q })).toEqual(want);
  });
});

describe('stepFailing', () => {
  const rows = state.order.map((k) => state.items[k]);
  it.each([
    { current: null, step: 1, want: 'q1_s2' },
    { current: 'q1_s2', step: 1, want: 'q2_s1' },
    { current: 'q2_s1', step: 1, want: 'q1_s2' },
    { current: 'q1_s2', step: -1, want: 'q2_s1' },
    { current: 'q1_s1', step: -1, want: 'q2_s1' },
  ] as const)('from $current by $step', ({ current, step, want }) => {
    expect(stepFailing(rows, current, step)).toBe(want);
  });
  it('null when nothing fails', () => {
    expect(stepFailing(rows.filter((r) => r.status === 'passed'), null, 1)).toBeNull();
  });
});
