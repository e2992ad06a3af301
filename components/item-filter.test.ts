import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from '@/lib/state';
import { eventFactory } from '@/lib/state/test-events';
import { DEFAULT_QUERY, selectItems, stepFailing } from './item-filter';

const f = eventFactory();
const state = applyRunEvents(createRunState('r1'), [
  f.started([f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist'), f.summary(10, 1), f.summary(3, 1)]),
  f.scored(1, 1, true), f.scored(1, 2, false), f.scored(2, 1, false, true, 'files_exist'), f.itemStarted(10, 1),
]);
const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

describe('selectItems', () => {
  it.each([
    { name: 'all in run order', q: {}, want: ['q1_s1', 'q1_s2', 'q2_s1', 'q10_s1', 'q3_s1'] },
    { name: 'failing', q: { status: 'failing' }, want: ['q1_s2', 'q2_s1'] },
    { name: 'active', q: { status: 'active' }, want: ['q10_s1'] },
    { name: 'pending', q: { status: 'pending' }, want: ['q3_s1'] },
    { name: 'by scoring type', q: { scoringType: 'files_exist' }, want: ['q2_s1'] },
    { name: 'text in key', q: { text: 'Q10' }, want: ['q10_s1'] },
    { name: 'question, numeric', q: { sort: 'question' }, want: ['q1_s1', 'q1_s2', 'q2_s1', 'q3_s1', 'q10_s1'] },
    { name: 'status, worst first', q: { sort: 'status' }, want: ['q2_s1', 'q1_s2', 'q10_s1', 'q3_s1', 'q1_s1'] },
    { name: 'descending order', q: { sort: 'order', desc: true }, want: ['q3_s1', 'q10_s1', 'q2_s1', 'q1_s2', 'q1_s1'] },
  ] as const)('$name', ({ q, want }) => {
    expect(keys(selectItems(state, { ...DEFAULT_QUERY, ...q }))).toEqual(want);
  });
});

describe('stepFailing', () => {
  const rows = selectItems(state, DEFAULT_QUERY);
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
    expect(stepFailing(selectItems(state, { ...DEFAULT_QUERY, status: 'passed' }), null, 1)).toBeNull();
  });
});
