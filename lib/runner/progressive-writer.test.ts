import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/types';
import { ScoresWriter, ScoreTally } from '../scoring/scores-file';
import type { ScoreProgressLine } from '../results/types';
import { findBundledSuite } from '../suites';
import { fixedClock } from '../util/clock';
import { startRun } from './start-run';

const quickstart = findBundledSuite('quickstart')!.file;
const tmp = () => mkdtempSync(join(tmpdir(), 'picard-progress-'));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ScoreProgressLine);

describe('scores.progress.jsonl', () => {
  it("carries each item's statistics under picard_live, exactly as the run's events announced them, and scores.json does not", async () => {
    const handle = await startRun({
      definitionsFile: quickstart, label: 'Stats', resultsDir: tmp(), seed: 3, samples: 2,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 0.6, errorRate: 0.3 }, retries: 1, delayS: 0,
      clock: fixedClock('2026-11-26T10:00:00Z', 7),
    });
    const events: RunEvent[] = [];
    handle.bus.subscribe((e) => events.push(e));
    await handle.done;
    const progress = lines(join(handle.dir, 'scores.progress.jsonl'));
    const finished = events.filter((e) => e.type === 'item-finished');
    expect(progress).toHaveLength(finished.length);
    expect(finished.some((e) => e.attempts > 1)).toBe(true);
    for (const e of finished) {
      const line = progress.find((p) => p.question_id === e.question_id && p.sample_number === e.sample_number)!;
      const firstStart = events.find((s) => s.type === 'item-started' && s.key === e.key)!;
      expect(line.picard_live).toEqual({
        attempts: e.attempts, rounds: e.rounds, tool_calls: e.toolCalls, tokens: e.tokens, duration_ms: e.durationMs,
        started_at: firstStart.at, finished_at: e.at, prompt_tokens: e.promptTokens ?? null, completion_tokens: e.completionTokens ?? null,
      });
    }
    const scores = JSON.parse(readFileSync(join(handle.dir, 'scores.json'), 'utf8')) as { detailed_results: Array<Record<string, unknown>> };
    expect(scores.detailed_results).toHaveLength(progress.length);
    expect(scores.detailed_results.filter((d) => 'picard_live' in d)).toEqual([]);
  });

  it('ScoresWriter leaves picard_live out when given progress lines as they are', () => {
    const file = join(tmp(), 'scores.json');
    const w = new ScoresWriter(file);
    const tally = new ScoreTally();
    const line: ScoreProgressLine = {
      question_id: 1, sample_number: 1, scoring_type: 'stringmatch', correct: true, error_message: null, details: {}, timestamp: '2026-11-26T10:00:00',
      picard_live: { attempts: 1, rounds: 2, tool_calls: 1, tokens: 99, duration_ms: 1200, started_at: '2026-11-26T09:59:58.800Z', finished_at: '2026-11-26T10:00:00.000Z' },
    };
    w.addItem(line);
    tally.add(line);
    w.finish(tally, tally.metadata('t', '2026-11-26T10:00:01'), {});
    const out = JSON.parse(readFileSync(file, 'utf8'));
    expect(out.detailed_results).toEqual([{ question_id: 1, sample_number: 1, scoring_type: 'stringmatch', correct: true, error_message: null, details: {}, timestamp: '2026-11-26T10:00:00' }]);
  });
});
