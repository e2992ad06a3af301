import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from '@/lib/state';
import type { LiveRunEvent, RunState } from '@/lib/state';
import { eventFactory } from '@/lib/state/test-events';
import { LiveOverlayStore } from './live-overlay';

const f = eventFactory();
const items = [f.summary(1, 1), f.summary(1, 2), f.summary(2, 1, 'files_exist'), f.summary(3, 1)];

/** The server's side: its full state, and each event sent with `prev` (the item before it), question cut. */
function serve(events: LiveRunEvent[], server: { state: RunState }): LiveRunEvent[] {
  return events.map((e) => {
    const prev = 'key' in e ? server.state.items[e.key] : undefined;
    server.state = applyRunEvents(server.state, [e]);
    return prev ? { ...e, prev: { ...prev, question: '' } } : e;
  });
}

const aggregates = (s: RunState) => ({
  counts: s.counts, total: s.total, done: s.done, correct: s.correct, scored: s.scored, tokens: s.tokens,
  byScoringType: s.byScoringType, byQuestion: s.byQuestion, lastSeq: s.lastSeq,
});

describe('LiveOverlayStore', () => {
  it('folds batches into exact aggregates without holding items in the state, and keeps each touched item with its last seq', () => {
    const server = { state: createRunState('r1') };
    serve([f.started(items)], server);
    // The snapshot the page takes: aggregates, no items.
    let page: RunState = { ...server.state, items: {} };
    const store = new LiveOverlayStore();
    const views = [store.view()];
    const batches = [
      [f.itemStarted(1, 1), f.itemStarted(1, 2), f.finished(1, 1)],
      [f.scored(1, 1, true), f.finished(1, 2, false), f.scored(1, 2, false), f.itemStarted(2, 1)],
      [f.finished(2, 1), f.scored(2, 1, false, false, 'files_exist'), f.scored(1, 1, false)], // q1_s1 re-scored
    ];
    for (const batch of batches) {
      page = store.fold(page, serve(batch, server));
      expect(Object.keys(page.items)).toEqual([]);
      views.push(store.view());
    }
    expect(aggregates(page)).toEqual(aggregates(server.state));
    expect(page.counts).toMatchObject({ failed: 3, pending: 1 });
    expect(store.view().get('q1_s1')).toEqual({ item: { ...server.state.items.q1_s1, question: '' }, seq: batches[2][2].seq });
    expect(store.view().get('q2_s1')?.item.status).toBe('failed');
    expect(store.view().get('q3_s1')).toBeUndefined(); // never touched
    expect(new Set(views).size).toBe(views.length); // a new view per batch: memos keyed on it recompute
    expect(new Set(views.map((v) => v.version)).size).toBe(views.length);
  });

  it('ignores events the state already holds, and clear forgets the items', () => {
    const server = { state: createRunState('r1') };
    serve([f.started(items)], server);
    const store = new LiveOverlayStore();
    const snapshot: RunState = { ...server.state, items: {} };
    const batch = serve([f.itemStarted(3, 1)], server);
    const page = store.fold(snapshot, batch);
    expect(store.fold(page, batch)).toBe(page); // replayed: nothing changes
    expect(page.counts.running).toBe(1);
    expect(store.view().get('q3_s1')?.item.status).toBe('running');
    store.clear();
    expect(store.view().get('q3_s1')).toBeUndefined();
  });
});
