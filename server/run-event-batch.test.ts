import { describe, expect, it } from 'vitest';
import { eventFactory } from '../lib/state/test-events';
import type { LiveRunEvent } from '../lib/state';
import { createRunEventBatcher } from './run-event-batch';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createRunEventBatcher', () => {
  it('sends the events a run makes within the window as one seq-ordered message, per run', async () => {
    const sent: Array<{ runId: string; seqs: number[] }> = [];
    const b = createRunEventBatcher((runId, events) => sent.push({ runId, seqs: events.map((e) => e.seq) }), 20);
    const a = eventFactory('a');
    const z = eventFactory('z');
    for (let i = 0; i < 5; i++) b.push('a', a.itemStarted(1, i));
    b.push('z', z.itemStarted(1, 1));
    expect(sent).toEqual([]); // nothing before the window ends
    await wait(60);
    expect(sent).toEqual([{ runId: 'a', seqs: [1, 2, 3, 4, 5] }, { runId: 'z', seqs: [1] }]);
    b.push('a', a.itemStarted(2, 1));
    await wait(60);
    expect(sent.at(-1)).toEqual({ runId: 'a', seqs: [6] });
    expect(sent).toHaveLength(3);
  });

  it('flush sends a run at once (before its snapshot) and its timer then sends nothing more', async () => {
    const sent: LiveRunEvent[][] = [];
    const b = createRunEventBatcher((_runId, events) => sent.push(events), 20);
    const a = eventFactory('a');
    b.push('a', a.itemStarted(1, 1));
    b.push('a', a.itemStarted(1, 2));
    b.flush('a');
    expect(sent.map((m) => m.map((e) => e.seq))).toEqual([[1, 2]]);
    b.flush('a'); // nothing queued: nothing sent
    await wait(60);
    expect(sent).toHaveLength(1);
  });

  it('close sends what is still queued', () => {
    const sent: string[] = [];
    const b = createRunEventBatcher((runId, events) => sent.push(`${runId}:${events.length}`), 10_000);
    const a = eventFactory('a');
    b.push('a', a.itemStarted(1, 1));
    b.push('b', a.itemStarted(1, 2));
    b.close();
    expect(sent).toEqual(['a:1', 'b:1']);
  });
});
