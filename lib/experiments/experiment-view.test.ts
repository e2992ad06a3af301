import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRunEvents, createRunState } from '../state';
import { eventFactory } from '../state/test-events';
import type { RunState } from '../state/types';
import { ExperimentTracker } from './experiment-tracker';
import { disagreements, figuresOfState, heatmapOf, questionItems, separation } from './experiment-view';
import type { LeaderboardRow } from './leaderboard';
import { startSweep } from './sweep';

/** A run state from events: `verdicts[q][s]` is the verdict of item q/s (undefined: not scored yet). */
function runOf(runId: string, verdicts: Record<number, Array<boolean | undefined>>): RunState {
  const f = eventFactory(runId);
  const items = Object.entries(verdicts).flatMap(([q, v]) => v.map((_, s) => f.summary(Number(q), s + 1)));
  const events = [f.started(items)];
  for (const [q, v] of Object.entries(verdicts)) {
    v.forEach((c, i) => {
      if (c === undefined) return;
      events.push(f.finished(Number(q), i + 1), f.scored(Number(q), i + 1, c));
    });
  }
  return applyRunEvents(createRunState(runId), events);
}

const row = (accuracy: number | null, low: number | null, high: number | null): LeaderboardRow =>
  ({ accuracy, wilsonLow: low, wilsonHigh: high } as LeaderboardRow);

describe('experiment view model', () => {
  it('heatmap: accuracy per question × configuration from the runs\' tallies, questions in numeric order', () => {
    const a = runOf('a', { 2: [true, true], 10: [true, false], 1: [false, undefined] });
    const b = runOf('b', { 2: [false, false], 10: [true, true], 1: [undefined, undefined] });
    const fig = (r: RunState) => figuresOfState({ label: r.runId, runId: r.runId, run: r, model: '' }).run;
    const h = heatmapOf(['b', 'a'], new Map([['a', fig(a)], ['b', fig(b)], ['never', null]]));
    expect(h.questions).toEqual(['1', '2', '10']);
    expect(h.labels).toEqual(['b', 'a']);
    expect(h.cells['2'].a).toEqual({ correct: 2, total: 2, accuracy: 1 });
    expect(h.cells['10'].a).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
    expect(h.cells['1'].a).toEqual({ correct: 0, total: 1, accuracy: 0 });
    expect(h.cells['1'].b).toEqual({ correct: 0, total: 0, accuracy: null });
    expect(h.cells['2'].b.accuracy).toBe(0);
  });

  it('disagreements: items both scored where exactly one is right; question items in sample order', () => {
    const a = runOf('a', { 1: [true, false, true], 2: [true, undefined] });
    const b = runOf('b', { 1: [true, true, false], 2: [false, false] });
    const d = disagreements(a, b);
    expect(d.map((x) => [x.key, x.a.correct, x.b.correct])).toEqual([['q1_s2', false, true], ['q1_s3', true, false], ['q2_s1', true, false]]);
    expect(disagreements(a, null)).toEqual([]);
    expect(questionItems(a, '1').map((i) => [i.key, i.status])).toEqual([['q1_s1', 'passed'], ['q1_s2', 'failed'], ['q1_s3', 'passed']]);
    expect(questionItems(a, '2').map((i) => i.status)).toEqual(['passed', 'pending']);
  });

  it('separation: the normal-approximation items at which the two 95% intervals stop overlapping', () => {
    // 0.9 vs 0.7: n = 1.96² (0.3 + 0.458…)² / 0.2² = 55.2… → 56 items; 20 answered → 36 more, 18 per question of 2.
    const s = separation(row(0.9, 0.7, 0.97), row(0.7, 0.48, 0.85), 20, 2);
    expect(s).toEqual({ overlap: true, itemsNeeded: 56, moreItems: 36, moreSamplesPerQuestion: 18 });
    // Check by hand at n = 56 and n = 55: the normal intervals p ± z√(p(1−p)/n) just separate at 56.
    const z = 1.959963984540054;
    const gap = (n: number) => 0.9 - z * Math.sqrt(0.09 / n) - (0.7 + z * Math.sqrt(0.21 / n));
    expect(gap(56)).toBeGreaterThan(0);
    expect(gap(55)).toBeLessThan(0);
    // Already separated, equal accuracies, and no answers yet.
    expect(separation(row(0.9, 0.8, 0.95), row(0.3, 0.2, 0.4), 50, 5).overlap).toBe(false);
    expect(separation(row(0.5, 0.3, 0.7), row(0.5, 0.3, 0.7), 20, 2)).toEqual({ overlap: true, itemsNeeded: null, moreItems: null, moreSamplesPerQuestion: null });
    expect(separation(row(null, null, null), row(0.5, 0.3, 0.7), 0, 2).overlap).toBe(false);
    // Enough items by the normal approximation but the Wilson intervals still touch: at least one more.
    expect(separation(row(1, 0.7, 1), row(0.9, 0.6, 0.98), 100, 4)).toMatchObject({ itemsNeeded: 35, moreItems: 1, moreSamplesPerQuestion: 1 });
  });

  it('a finished sweep: the live view (from run events) and the view from the files both match leaderboard.csv and pairwise.csv', async () => {
    const root = mkdtempSync(join(tmpdir(), 'picard-expview-'));
    writeFileSync(join(root, 'defs.yaml'), `tests:
  - question_id: 1
    samples: 8
    template: "[{{qs_id}}] Write {{entity1}} into {{artifacts}}/{{qs_id}}/out.txt"
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/{{qs_id}}/out.txt"
    expected_content: "{{entity1}}"
  - question_id: 2
    samples: 8
    template: "[{{qs_id}}] Say {{entity1}}"
    scoring_type: stringmatch
    expected_response: "{{entity1}}"
`);
    const file = join(root, 'exp.yaml');
    writeFileSync(file, `name: view-test
definitions: defs.yaml
seed: 5
models:
  - { label: high, agent: simulated, accuracy: 0.95, think_ms: 0 }
  - { label: mid, agent: simulated, accuracy: 0.5, think_ms: 0 }
  - { label: low, agent: simulated, accuracy: 0.05, think_ms: 0 }
`);
    const handle = await startSweep({ experiment: file, resultsDir: join(root, 'results') });
    let changes = 0;
    const live = ExperimentTracker.follow(handle, () => changes++);
    expect(live.view().status).toBe('running');
    const result = await handle.done;
    expect(result.status).toBe('completed');
    expect(changes).toBeGreaterThan(3 * 16);
    const loaded = await ExperimentTracker.load(handle.dir);
    for (const view of [live.view(), loaded.view()]) {
      expect(view.status).toBe('completed');
      expect(view.items).toBe(16);
      expect(view.questions).toBe(2);
      const pick = ({ label, status, items, answered, correct, errored, accuracy, wilsonLow, wilsonHigh, meanRounds, meanToolCalls, totalTokens }: LeaderboardRow) =>
        ({ label, status, items, answered, correct, errored, accuracy, wilsonLow, wilsonHigh, meanRounds, meanToolCalls, totalTokens });
      expect(view.leaderboard.map(pick)).toEqual(result.standings.leaderboard.map(pick));
      expect(view.leaderboard.map((r) => r.rank)).toEqual([1, 2, 3]);
      expect(view.leaderboard.every((r) => r.done === 16 && r.active === 0 && r.runId !== null)).toBe(true);
      expect(view.pairwise.map(({ separation: _s, ...p }) => p)).toEqual(result.standings.pairwise);
      // Per question the cells add up to the leaderboard's counts.
      for (const r of view.leaderboard) {
        const cells = view.heatmap.questions.map((q) => view.heatmap.cells[q][r.label]);
        expect(cells.reduce((s, c) => s + c.correct, 0)).toBe(r.correct);
        expect(cells.reduce((s, c) => s + c.total, 0)).toBe(r.answered);
      }
    }
    expect(loaded.view().leaderboard.map((r) => r.durationS)).toEqual(live.view().leaderboard.map((r) => r.durationS));
    // The disagreements of the top and bottom pair are exactly the pair's discordant items.
    const [top, , bottom] = loaded.view().leaderboard.map((r) => r.label);
    const pair = loaded.view().pairwise.find((p) => p.labelA === top && p.labelB === bottom)!;
    const d = loaded.disagreements(top, bottom)!;
    expect(d.items.length).toBe(pair.aOnly + pair.bOnly);
    expect(d.items.filter((x) => x.a.correct).length).toBe(pair.aOnly);
    expect(loaded.disagreements(top, 'nope')).toBeNull();
    live.close();
  }, 30_000);
});
