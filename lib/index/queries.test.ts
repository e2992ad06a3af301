import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wilson } from '../stats';
import { loadRunState } from '../state/load-run-state';
import { runAggregates } from './aggregates';
import { catchUpResults } from './catch-up-results';
import { openResultsIndex } from './open';
import { itemViewOf, queryItems, type ItemSort } from './query-items';
import { queryRuns } from './query-runs';
import { writeSyntheticRun } from './testing/synthetic-run';

const results = mkdtempSync(join(tmpdir(), 'picard-index-q-'));
const dir = writeSyntheticRun(results, 'big_20261126_100000', { items: 1500, answered: 1400, conversations: true, seed: 3 });
for (let i = 0; i < 12; i++) {
  writeSyntheticRun(results, `r${String(i).padStart(2, '0')}_20261126_10${String(i).padStart(2, '0')}00`, {
    items: 10 + i, seed: i + 10, label: i % 2 ? `Odd run ${i}` : `even_${i}`, model: i % 3 ? 'gpt-x' : 'llama-y',
    createdAt: `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00.000Z`,
  });
}
const state = loadRunState(dir);
const truth = state.order.map((k) => state.items[k]);

async function index() {
  const idx = openResultsIndex(results);
  await catchUpResults(idx);
  return idx;
}

describe('item window queries', () => {
  it('a window row, as the table gets it (itemViewOf), is the item the live loader reads from the same files', async () => {
    const idx = await index();
    const page = queryItems(idx, 'big_20261126_100000', { offset: 1300, limit: 200 });
    expect(page.rows).toHaveLength(200);
    for (const row of page.rows) {
      const view = itemViewOf(row);
      expect(view).not.toHaveProperty('seq');
      expect(view).not.toHaveProperty('errorClass');
      // The loader of a finished run records no start time; the index derives it (finish − duration).
      const { startedAt, ...rest } = view;
      expect(startedAt === undefined || Date.parse(startedAt) === Date.parse(row.finishedAt!) - row.durationMs!).toBe(true);
      expect(rest).toEqual({ responded: false, verdictMessage: null, ...state.items[row.key] });
    }
    idx.close();
  });

  it('filter by status and sort by tokens match a brute-force sort of the files', async () => {
    const idx = await index();
    const want = truth.filter((t) => t.status === 'failed').sort((a, b) => (b.tokens ?? -1) - (a.tokens ?? -1) || state.order.indexOf(b.key) - state.order.indexOf(a.key));
    const page = queryItems(idx, 'big_20261126_100000', { status: ['failed'], sort: 'tokens', dir: 'desc', offset: 20, limit: 50 });
    expect(page.total).toBe(want.length);
    expect(page.rows.map((r) => r.key)).toEqual(want.slice(20, 70).map((t) => t.key));
    idx.close();
  });

  it('sorts by every indexed and scanned column both ways, items without a value last, and pages across that boundary', async () => {
    const idx = await index();
    const pos = new Map(state.order.map((k, i) => [k, i]));
    const cases: Array<[ItemSort, (t: (typeof truth)[number]) => number | string | undefined]> = [
      ['tokens', (t) => t.tokens], ['durationMs', (t) => t.durationMs], ['rounds', (t) => t.rounds], ['toolCalls', (t) => t.toolCalls],
      ['verdict', (t) => t.verdictMessage ?? undefined],
    ];
    for (const [sort, value] of cases) {
      for (const dir of ['asc', 'desc'] as const) {
        const sign = dir === 'asc' ? 1 : -1;
        const want = truth.filter((t) => t.responded || sort === 'verdict').slice().sort((a, b) => {
          const [va, vb] = [value(a), value(b)];
          if (va === undefined || vb === undefined) return (va === undefined ? 1 : 0) - (vb === undefined ? 1 : 0) || sign * (pos.get(a.key)! - pos.get(b.key)!);
          return sign * (va < vb ? -1 : va > vb ? 1 : 0) || sign * (pos.get(a.key)! - pos.get(b.key)!);
        });
        const all = [...truth.filter((t) => !t.responded && sort !== 'verdict').sort((a, b) => sign * (pos.get(a.key)! - pos.get(b.key)!))];
        const expected = [...want, ...all].map((t) => t.key);
        // One page straddling the last valued items and the first empty ones.
        const page = queryItems(idx, 'big_20261126_100000', { sort, dir, offset: 1350, limit: 100 });
        expect(page.total).toBe(1500);
        expect(page.rows.map((r) => r.key), `${sort} ${dir}`).toEqual(expected.slice(1350, 1450));
        expect(queryItems(idx, 'big_20261126_100000', { sort, dir, limit: 30 }).rows.map((r) => r.key), `${sort} ${dir}`).toEqual(expected.slice(0, 30));
      }
    }
    idx.close();
  });

  it('filters by scoring type, verdict, question and text, and pages in run order', async () => {
    const idx = await index();
    const page = queryItems(idx, 'big_20261126_100000', { scoringType: ['files_exist', 'stringmatch'], verdict: ['correct', 'unscored'], limit: 5000 });
    expect(page.rows.map((r) => r.key)).toEqual(truth.filter((t) => ['files_exist', 'stringmatch'].includes(t.scoring_type) && t.correct !== false).map((t) => t.key));
    expect(queryItems(idx, 'big_20261126_100000', { questionId: [7] }).rows.map((r) => r.key)).toEqual(truth.filter((t) => t.question_id === 7).map((t) => t.key));
    const search = queryItems(idx, 'big_20261126_100000', { search: 'Q12_S', limit: 5000 });
    expect(search.rows.map((r) => r.key)).toEqual(truth.filter((t) => t.key.startsWith('q12_s') || t.question.toLowerCase().includes('q12_s') || (t.verdictMessage ?? '').toLowerCase().includes('q12_s')).map((t) => t.key));
    const all = queryItems(idx, 'big_20261126_100000', { offset: 1490, limit: 100 });
    expect(all.total).toBe(1500);
    expect(all.rows.map((r) => r.key)).toEqual(state.order.slice(1490));
    expect(() => queryItems(idx, 'big_20261126_100000', { sort: 'nope' as never })).toThrow(/Unknown item sort 'nope'/);
    idx.close();
  });
});

describe('aggregates', () => {
  it('counts, accuracy with its Wilson interval, per scoring type and per question equal the live view from the files', async () => {
    const idx = await index();
    const a = runAggregates(idx, 'big_20261126_100000');
    expect(a.counts).toEqual(state.counts);
    expect(a.scored).toBe(state.scored);
    expect(a.correct).toBe(state.correct);
    expect(a.accuracy).toBe(state.accuracy);
    expect(a.interval).toEqual(wilson(state.correct, state.scored));
    expect({ tokens: a.tokens, rounds: a.rounds, toolCalls: a.toolCalls }).toEqual({ tokens: state.tokens, rounds: state.rounds, toolCalls: state.toolCalls });
    const strip = (m: Record<string, { correct: number; total: number; errored: number }>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { correct: v.correct, total: v.total, errored: v.errored }]));
    expect(strip(a.byScoringType)).toEqual(state.byScoringType);
    expect(strip(a.byQuestion)).toEqual(state.byQuestion);
    const t = a.byScoringType.files_exist;
    expect(t.interval).toEqual(wilson(t.correct, t.total));
    // Filtered aggregates: only failed items.
    expect(runAggregates(idx, 'big_20261126_100000', { status: ['failed'] }).items).toBe(state.counts.failed);
    idx.close();
  });
});

describe('the run list', () => {
  it('pages, sorts and searches by label and model', async () => {
    const idx = await index();
    const all = queryRuns(idx, { limit: 100 });
    expect(all.total).toBe(13);
    const byCreated = queryRuns(idx, { sort: 'created', dir: 'desc', offset: 1, limit: 3 });
    expect(byCreated.rows.map((r) => r.runId)).toEqual(['r11_20261126_101100', 'r10_20261126_101000', 'r09_20261126_100900']);
    const odd = queryRuns(idx, { search: 'odd run', sort: 'total', dir: 'asc' });
    expect(odd.rows.map((r) => r.label)).toEqual([1, 3, 5, 7, 9, 11].map((i) => `Odd run ${i}`));
    expect(odd.rows.map((r) => r.total)).toEqual([11, 13, 15, 17, 19, 21]);
    const llama = queryRuns(idx, { search: 'llama', limit: 100 });
    expect(llama.rows.map((r) => r.runId).sort()).toEqual(['r00_20261126_100000', 'r03_20261126_100300', 'r06_20261126_100600', 'r09_20261126_100900']);
    expect(queryRuns(idx, { search: '100%' }).total).toBe(0);
    const big = queryRuns(idx, { search: 'big' }).rows[0];
    expect(big).toMatchObject({ total: 1500, answered: 1400, scored: 1400, correct: state.correct, dir: dir });
    idx.close();
  });
});
