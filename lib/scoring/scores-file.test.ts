import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../py';
import { PyFloat } from '../py';
import { withoutLiveStats } from './scores-file';

describe('withoutLiveStats (scores.json never carries the runner statistics of scores.progress.jsonl)', () => {
  const score = { question_id: 3, sample_number: 1, scoring_type: 'jsonmatch', correct: true, error_message: null, details: { avg: new PyFloat(2) }, timestamp: 't' };
  const stats = { attempts: 1, rounds: 2, tool_calls: 3, tokens: 40, duration_ms: 12, started_at: '2026-12-01T10:00:00.000Z', finished_at: '2026-12-01T10:00:00.012Z' };

  it('cuts the closing picard_live key as written, keeping every other byte (float kinds included)', () => {
    const line = pyJsonDumps({ ...score, picard_live: stats });
    expect(withoutLiveStats(line)).toBe(pyJsonDumps(score));
    expect(withoutLiveStats(line)).toContain('"avg": 2.0');
  });

  it('leaves a line without statistics as it is, and drops them wherever else they stand', () => {
    expect(withoutLiveStats(pyJsonDumps(score))).toBe(pyJsonDumps(score));
    const { timestamp, ...rest } = score;
    const elsewhere = pyJsonDumps({ ...rest, picard_live: stats, timestamp });
    expect(withoutLiveStats(elsewhere)).toBe(pyJsonDumps({ ...rest, timestamp }));
  });
});
