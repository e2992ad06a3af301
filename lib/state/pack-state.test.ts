import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from './apply-run-event';
import { packRunState, unpackRunState } from './pack-state';
import { eventFactory } from './test-events';

describe('packRunState', () => {
  it('round-trips a state with every kind of item, and is smaller as JSON', () => {
    const f = eventFactory();
    const s = applyRunEvents(createRunState('r1'), [
      f.started([f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist'), f.summary(2, 2)]),
      f.itemStarted(1, 1), f.finished(1, 1), f.scored(1, 1, true),
      f.itemStarted(1, 2), f.finished(1, 2, false), f.scored(1, 2, false, true),
      f.itemStarted(2, 1),
      f.make({ type: 'item-retrying', attempt: 1, maxAttempts: 3, reason: 'rate-limited', message: '429', delayMs: 10, ...f.ref(2, 1) }),
    ]);
    const wire = JSON.parse(JSON.stringify(packRunState(s)));
    // A null verdictMessage comes back absent; everything else is identical.
    const expected = JSON.parse(JSON.stringify(s), (k, v) => (k === 'verdictMessage' && v === null ? undefined : v));
    expect(unpackRunState(wire)).toEqual(expected);
    expect(unpackRunState(wire).items.q1_s2).toMatchObject({ status: 'errored', error: 'boom', rounds: 2, tokens: 50 });
    expect(JSON.stringify(packRunState(s)).length).toBeLessThan(JSON.stringify(s).length);
    expect(unpackRunState(s)).toBe(s);
  });
});
