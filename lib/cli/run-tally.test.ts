import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/types';
import { countRunEvent, newRunTally, percentCorrect } from './run-tally';

const scored = (i: number, correct: boolean, errored: boolean): RunEvent => {
  const ref = { key: `q1_s${i}`, question_id: 1, sample_number: i };
  return { type: 'item-scored', ...ref, errored, score: { ...ref, key: undefined, scoring_type: 'stringmatch', correct, error_message: null, details: {}, timestamp: 't' } } as never;
};

describe('countRunEvent', () => {
  it('takes the total and the items already done from run-started, then counts each scored item', () => {
    const t = newRunTally();
    expect(percentCorrect(t)).toBe('0.0');
    countRunEvent(t, { type: 'run-started', label: 'l', dir: '/d', seed: 1, agent: 'simulated', items: [{}, {}, {}, {}, {}] as never, alreadyDone: 1 } as never);
    countRunEvent(t, scored(2, true, false));
    countRunEvent(t, scored(3, false, true));
    countRunEvent(t, { type: 'run-log', level: 'info', message: 'x' } as never);
    expect(t).toEqual({ total: 5, done: 3, correct: 1, errored: 1 });
    expect(percentCorrect(t)).toBe('33.3');
  });
});
