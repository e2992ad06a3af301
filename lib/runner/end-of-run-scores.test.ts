import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { scoreRun } from '../scoring/score-run';
import { fixedClock } from '../util/clock';
import { resumeRun } from './resume-run';
import { startRun } from './start-run';

const AT = '2026-11-26T10:00:00Z';

/** The quick-start suite (every scoring type) plus a jsonmatch whose details hold integral floats and int-like keys. */
function definitions(dir: string): string {
  const file = join(dir, 'defs.yaml');
  copyFileSync(findBundledSuite('quickstart')!.file, file);
  const extra = [
    '  - question_id: 7',
    '    samples: 4',
    '    template: "Answer with this JSON: {{entity1}}"',
    '    scoring_type: jsonmatch',
    `    expected_response: '{"ratio": 2.0, "mean": 41.5, "10": 1, "2": [1.0, 3], "name": "{{entity1}}"}'`,
  ];
  writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n\n${extra.join('\n')}\n`);
  return file;
}

/** What `picard score` writes on the folder (same clock), read back; the folder's end-of-run file is kept aside. */
async function rescored(dir: string): Promise<{ live: string; offline: string }> {
  const live = readFileSync(join(dir, 'scores.json'), 'utf8');
  await scoreRun(dir, { clock: fixedClock(AT) });
  return { live, offline: readFileSync(join(dir, 'scores.json'), 'utf8') };
}

describe('the end-of-run scores.json, built from the live verdicts', () => {
  it('is byte for byte what `picard score` writes on the same folder, float kinds in details included', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-eor-'));
    const handle = await startRun({
      definitionsFile: definitions(base),
      resultsDir: join(base, 'results'),
      seed: 5,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 0.6, errorRate: 0.25 },
      retries: 0,
      concurrency: 4,
      clock: fixedClock(AT),
    });
    const result = await handle.done;
    expect(result.completed).toBe(22);
    expect(result.errored).toBeGreaterThan(0); // errored items are scored too (as wrong)
    const { live, offline } = await rescored(handle.dir);
    // Python writes 2.0 as a float; a line written by JSON.stringify would have lost it ("ratio": 2).
    expect(live).toContain('"ratio": 2.0');
    expect(live).toContain('"2": [\n');
    expect(live).toBe(offline);
    const parsed = JSON.parse(live);
    expect(parsed.picard_live.errored_responses).toBe(result.errored);
    expect(new Set(parsed.detailed_results.map((d: { scoring_type: string }) => d.scoring_type)).size).toBe(6);
  });

  it('stays identical after a resume that re-runs the errored items (kept score lines are copied as written)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-eor-'));
    const first = await startRun({
      definitionsFile: definitions(base),
      resultsDir: join(base, 'results'),
      seed: 9,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 0.6, errorRate: 0.3 },
      retries: 0,
      clock: fixedClock(AT),
    });
    const r1 = await first.done;
    expect(r1.errored).toBeGreaterThan(0);
    const again = await resumeRun(first.dir, { retryErrors: true, clock: fixedClock(AT) });
    await again.done;
    const { live, offline } = await rescored(first.dir);
    expect(live).toContain('"ratio": 2.0');
    expect(live).toBe(offline);
    expect(JSON.parse(live).metadata.total_questions).toBe(22);
  });

  it('takes each verdict from scores.progress.jsonl, scoring afresh only an item whose line is missing', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-eor-'));
    const handle = await startRun({ definitionsFile: definitions(base), resultsDir: join(base, 'results'), seed: 3, agent: { kind: 'simulated', thinkMs: 0, accuracy: 1 }, clock: fixedClock(AT) });
    await handle.done;
    const dir = handle.dir;
    // The sandbox changes after the run: a fresh scoring sees it, the verdicts recorded live do not.
    rmSync(join(dir, 'sandbox'), { recursive: true, force: true });
    const progress = join(dir, 'scores.progress.jsonl');
    const lines = readFileSync(progress, 'utf8').split('\n').filter(Boolean);
    const dropped = JSON.parse(lines[0]) as { question_id: number; sample_number: number };
    writeFileSync(progress, `${lines.slice(1).join('\n')}\n`);
    const fromLive = await scoreRun(dir, { clock: fixedClock(AT), artifactsDir: join(dir, 'sandbox'), fromProgress: true, write: false });
    const fresh = await scoreRun(dir, { clock: fixedClock(AT), artifactsDir: join(dir, 'sandbox'), write: false });
    expect(fromLive.metadata.total_questions).toBe(22);
    expect(fresh.metadata.correct_answers).toBeLessThan(fromLive.metadata.correct_answers);
    const verdicts: Array<{ key: string; correct: boolean }> = [];
    await scoreRun(dir, { clock: fixedClock(AT), artifactsDir: join(dir, 'sandbox'), fromProgress: true, write: false, onItem: (l) => verdicts.push({ key: `q${l.question_id}_s${l.sample_number}`, correct: l.correct }) });
    const key = `q${dropped.question_id}_s${dropped.sample_number}`;
    expect(verdicts.filter((v) => v.key !== key).every((v) => v.correct)).toBe(true);
    // Without its line, that item was scored against the (now missing) sandbox.
    const missing = verdicts.find((v) => v.key === key)!;
    expect(fromLive.metadata.correct_answers).toBe(missing.correct ? 22 : 21);
  });
});
