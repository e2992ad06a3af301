import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from './apply-run-event';
import { PACK_ABOVE, PACKED_ITEM_FIELDS, packRunState, unpackRunState, wireSnapshot } from './pack-state';
import type { PackedItemFieldTable } from './pack-state';
import { eventFactory } from './test-events';
import type { ItemState } from './types';

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

  it('round-trips every item field for a run over the packing threshold', () => {
    // Required<ItemState>: a new field must be given a value here, and then must survive the wire.
    const full = (i: number): Required<ItemState> => ({
      key: `q${i}_s1`, question_id: i, sample_number: 1, scoring_type: 'stringmatch', question: `Q${i}`, status: 'errored',
      attempt: 2, responded: true, durationMs: 12, rounds: 3, toolCalls: 4, tokens: 56, correct: false,
      verdictMessage: 'Expected a, got b', error: 'boom', retryReason: 'rate-limited', retryAt: '2025-01-01T00:00:02.000Z',
      startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z', worker: 'gpu-box-1',
      promptTokens: 40, completionTokens: 16,
    });
    const n = PACK_ABOVE + 1;
    const items = Array.from({ length: n }, (_, i) => full(i + 1));
    const state = { ...createRunState('big'), total: n, order: items.map((it) => it.key), items: Object.fromEntries(items.map((it) => [it.key, it])) };
    const wire = JSON.parse(JSON.stringify(wireSnapshot({ runId: 'big', state, seq: 7, live: true })));
    expect([...wire.state.packedItems.fields].sort()).toEqual(Object.keys(full(1)).sort());
    const back = unpackRunState(wire.state);
    expect({ ...wire, state: back }).toEqual({ runId: 'big', state, seq: 7, live: true });
  });

  it('sends runs at the threshold unpacked', () => {
    const state = { ...createRunState('small'), total: PACK_ABOVE };
    expect(wireSnapshot({ runId: 'small', state, seq: 0, live: false }).state).toBe(state);
  });

  it('rejects, at compile time, a field table that leaves an item field out', () => {
    const { error: _error, ...withoutError } = PACKED_ITEM_FIELDS;
    // @ts-expect-error `error` is missing: an incomplete table does not type-check.
    const incomplete: PackedItemFieldTable = withoutError;
    expect(Object.keys(incomplete)).not.toContain('error');
  });
});
