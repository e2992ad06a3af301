/**
 * The reference scorer's own verdicts (/work/shared/conformance): every case's run/ folder is scored with
 * `--artifacts <case>/artifacts` semantics and must agree item by item (correct + error_message) and in
 * aggregate. The run folder is copied to a temp dir first so `scores.json` can be written.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { fixedClock } from '../util/clock';
import { scoreRun } from './score-run';
import type { ScoreLine } from '../results/types';

const confRoot = sharedPath('conformance');
const present = sharedDir !== null && existsSync(confRoot);
const cases = present ? readdirSync(confRoot).filter((d) => existsSync(path.join(confRoot, d, 'golden.json'))).sort() : [];

interface Golden {
  aggregate: {
    total_questions: number;
    correct_answers: number;
    accuracy_percentage: number;
    by_scoring_type: Record<string, { correct: number; total: number }>;
    by_question: Record<string, { correct: number; total: number; scoring_type: string }>;
  };
  items: Array<{ question_id: number; sample_number: number; scoring_type: string; correct: boolean; error_message: string | null }>;
  unscored_precheck_entries?: Array<{ question_id: number; sample_number: number }>;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'picard-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Copies a case's sandbox and recreates the empty directories listed in `artifacts_manifest.json`
 * (git does not keep empty directories, but verdicts depend on them).
 */
function copyArtifacts(c: string): string {
  const dest = path.join(tmp, `${c}__artifacts`);
  cpSync(path.join(confRoot, c, 'artifacts'), dest, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(confRoot, c, 'artifacts_manifest.json'), 'utf8')) as { directories: string[] };
  makeWritable(dest);
  for (const d of manifest.directories) mkdirSync(path.join(dest, d), { recursive: true });
  return dest;
}

/** The shared data is read-only; copies keep the modes, so make them writable (and removable) again. */
function makeWritable(p: string): void {
  const st = statSync(p);
  chmodSync(p, st.mode | 0o200);
  if (st.isDirectory()) for (const e of readdirSync(p)) makeWritable(path.join(p, e));
}

if (!present) {
  describe.skip('conformance (skipped: the shared conformance data is absent; set PICARD_SHARED_DIR)', () => {
    it('needs the conformance data', () => {});
  });
}

describe.runIf(present)('reference scorer conformance', () => {
  it('has the 6 cases and 138 items', () => {
    const n = cases.reduce((a, c) => a + (JSON.parse(readFileSync(path.join(confRoot, c, 'golden.json'), 'utf8')) as Golden).items.length, 0);
    expect(cases.length).toBe(6);
    expect(n).toBe(138);
  });

  it.each(cases)('%s agrees with golden.json item by item', async (c) => {
    const golden = JSON.parse(readFileSync(path.join(confRoot, c, 'golden.json'), 'utf8')) as Golden;
    const runDir = path.join(tmp, c);
    cpSync(path.join(confRoot, c, 'run'), runDir, { recursive: true });
    makeWritable(runDir);
    const artifacts = copyArtifacts(c);
    const items: ScoreLine[] = [];
    const res = await scoreRun(runDir, {
      artifactsDir: artifacts,
      clock: fixedClock('2026-01-02T03:04:05'),
      onItem: (l) => items.push(l),
    });
    const got = items.map((l) => ({ question_id: l.question_id, sample_number: l.sample_number, scoring_type: l.scoring_type, correct: l.correct, error_message: l.error_message }));
    const want = golden.items.map(({ question_id, sample_number, scoring_type, correct, error_message }) => ({ question_id, sample_number, scoring_type, correct, error_message }));
    expect(got).toEqual(want);
    expect(res.metadata.total_questions).toBe(golden.aggregate.total_questions);
    expect(res.metadata.correct_answers).toBe(golden.aggregate.correct_answers);
    expect(res.metadata.accuracy_percentage).toBe(golden.aggregate.accuracy_percentage);
    expect(Object.fromEntries(res.byScoringType)).toEqual(golden.aggregate.by_scoring_type);
    expect(Object.fromEntries(res.byQuestion)).toEqual(golden.aggregate.by_question);
    expect(res.picardLive.unanswered).toBe(golden.unscored_precheck_entries?.length ?? 0);
    const written = JSON.parse(readFileSync(path.join(runDir, 'scores.json'), 'utf8')) as { detailed_results: ScoreLine[]; metadata: { timestamp: string } };
    expect(written.detailed_results.map((d) => d.error_message)).toEqual(want.map((w) => w.error_message));
    expect(written.metadata.timestamp).toBe('20260102_030405');
    // Two threads (each over one half of precheck.jsonl): the same verdicts, the same file.
    const two = await scoreRun(runDir, { artifactsDir: artifacts, clock: fixedClock('2026-01-02T03:04:05'), threads: 2 });
    expect(two.threads).toBe(2);
    const twoWritten = JSON.parse(readFileSync(path.join(runDir, 'scores.json'), 'utf8')) as { detailed_results: ScoreLine[] };
    expect(twoWritten.detailed_results.map(({ question_id, sample_number, scoring_type, correct, error_message }) => ({ question_id, sample_number, scoring_type, correct, error_message }))).toEqual(want);
    expect(two.picardLive).toEqual(res.picardLive);
  });
});
