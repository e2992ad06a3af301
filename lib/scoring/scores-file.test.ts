import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../py';
import { PyFloat } from '../py';
import { ScoresWriter, ScoreTally, withoutLiveStats } from './scores-file';

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

describe('ScoresWriter (details held in memory up to a cap, spooled beyond it)', () => {
  const items = Array.from({ length: 300 }, (_, i) => ({
    question_id: i % 7, sample_number: i, scoring_type: 'stringmatch', correct: i % 3 === 0, error_message: i % 3 ? `wrong é ${i}` : null,
    details: { expected: `answer ${i}`, ratio: new PyFloat(i / 4) }, timestamp: '2026-12-01T10:00:00',
  }));
  const write = (file: string, limits?: { holdBytes: number; pieceBytes: number }) => {
    const w = new ScoresWriter(file, limits);
    const tally = new ScoreTally();
    for (const [i, it] of items.entries()) {
      if (i % 2) w.addItem(it);
      else w.addItemText(pyJsonDumps(it));
      tally.add(it);
    }
    const spooledBefore = existsSync(`${file}.spool`);
    w.finish(tally, tally.metadata('t', '2026-12-01T10:00:01'), { format: 'x' });
    return { spooled: w.spooled, spooledBefore, text: readFileSync(file, 'utf8'), left: readdirSync(dirname(file)).sort() };
  };

  it('writes the same bytes whether the details stayed in memory or went through the spool file, which is removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-scores-writer-'));
    try {
      mkdirSync(join(dir, 'a'));
      const held = write(join(dir, 'a', 'scores.json'));
      expect(held.spooled).toBe(false);
      const spooled = write(join(dir, 'scores.json'), { holdBytes: 20_000, pieceBytes: 4096 });
      expect(spooled.spooled).toBe(true);
      expect(spooled.spooledBefore).toBe(true);
      expect(spooled.text).toBe(held.text);
      expect(spooled.left).toEqual(['a', 'scores.json']);
      expect(held.left).toEqual(['scores.json']);
      const parsed = JSON.parse(held.text) as { detailed_results: unknown[] };
      expect(parsed.detailed_results).toHaveLength(items.length);
      expect(held.text).toContain('"ratio": 0.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a later share of the items (another writer, detached, spooled or held) after its own, as one writer would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-scores-writer-'));
    try {
      mkdirSync(join(dir, 'one'));
      const one = write(join(dir, 'one', 'scores.json'));
      for (const [cut, limits] of [
        [120, { holdBytes: 20_000, pieceBytes: 4096 }],
        [0, undefined],
        [items.length, { holdBytes: 20_000, pieceBytes: 4096 }],
      ] as const) {
        const file = join(dir, `scores-${cut}.json`);
        const first = new ScoresWriter(file);
        const later = new ScoresWriter(`${file}.part`, limits);
        const tally = new ScoreTally();
        const laterTally = new ScoreTally();
        for (const [i, it] of items.entries()) {
          const w = i < cut ? first : later;
          if (i % 2) w.addItem(it);
          else w.addItemText(pyJsonDumps(it));
          (i < cut ? tally : laterTally).add(it);
        }
        const part = later.detach();
        expect(part.count).toBe(items.length - cut);
        expect(part.spool !== null).toBe(limits !== undefined && cut < items.length);
        first.appendDetached(part);
        tally.merge({ ...laterTally, byQuestion: laterTally.byQuestion, byType: laterTally.byType });
        first.finish(tally, tally.metadata('t', '2026-12-01T10:00:01'), { format: 'x' });
        expect([cut, readFileSync(file, 'utf8')]).toEqual([cut, one.text]);
      }
      expect(readdirSync(dir).sort()).toEqual(['one', 'scores-0.json', 'scores-120.json', 'scores-300.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
