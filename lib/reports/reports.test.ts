import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRuns, IncomparableRunsError } from './compare';
import { writeReport } from './consolidate';
import { renderScores } from './show';

const root = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Item {
  q: number;
  s: number;
  type: string;
  correct: boolean;
  errored?: boolean;
  rounds?: number;
}

/** A scored run folder: scores.json (Python-style text), responses.jsonl, conversations/. */
function makeScoredRun(dir: string, items: Item[], extra: { precheckText?: (i: Item) => string; manifest?: object } = {}): void {
  mkdirSync(path.join(dir, 'conversations'), { recursive: true });
  const c = items.filter((i) => i.correct).length;
  const byType: Record<string, { correct: number; total: number }> = {};
  const byQ: Record<string, { correct: number; total: number; scoring_type: string }> = {};
  for (const i of items) {
    byType[i.type] ??= { correct: 0, total: 0 };
    byType[i.type].total++;
    byQ[i.q] ??= { correct: 0, total: 0, scoring_type: i.type };
    byQ[i.q].total++;
    if (i.correct) {
      byType[i.type].correct++;
      byQ[i.q].correct++;
    }
    if (i.rounds !== undefined) writeFileSync(path.join(dir, 'conversations', `q${i.q}_s${i.s}.json`), JSON.stringify({ statistics: { inference_rounds: i.rounds } }));
  }
  const acc = items.length ? Math.round((c / items.length) * 10000) / 100 : 0;
  const detailed = items.map((i) => ({ question_id: i.q, sample_number: i.s, scoring_type: i.type, correct: i.correct, error_message: i.correct ? null : `Expected 'x', got 'y'`, details: { expected: 'x', actual_raw: '{"a": 1,  "b": "é"}' }, timestamp: 't' }));
  const doc = { metadata: { test_id: path.basename(dir), timestamp: '20250101_000000', total_questions: items.length, correct_answers: c, accuracy_percentage: acc }, by_question: byQ, by_scoring_type: byType, detailed_results: detailed };
  writeFileSync(path.join(dir, 'scores.json'), JSON.stringify(doc, null, 2).replace(`"accuracy_percentage": ${acc}`, `"accuracy_percentage": ${Number.isInteger(acc) ? `${acc}.0` : acc}`));
  writeFileSync(path.join(dir, 'responses.jsonl'), items.map((i) => JSON.stringify({ question_id: i.q, sample_number: i.s, response_text: 'r', execution_successful: !i.errored })).join('\n') + '\n');
  const text = extra.precheckText ?? ((i: Item) => `question ${i.q}.${i.s}`);
  writeFileSync(path.join(dir, 'precheck.jsonl'), items.map((i) => JSON.stringify({ scoring_type: i.type, question_id: i.q, sample_number: i.s, substituted_question: text(i) })).join('\n') + '\n');
  if (extra.manifest) writeFileSync(path.join(dir, 'run.json'), JSON.stringify(extra.manifest));
}

describe('picard report (C78)', () => {
  const res = path.join(root, 'results');
  makeScoredRun(path.join(res, 'modelB'), [
    { q: 101, s: 1, type: 'stringmatch', correct: true, rounds: 2 },
    { q: 101, s: 2, type: 'stringmatch', correct: false, rounds: 2, errored: true },
    { q: 101, s: 10, type: 'stringmatch', correct: false, rounds: 4 },
  ]);
  makeScoredRun(path.join(res, 'modelA'), [
    { q: 101, s: 1, type: 'stringmatch', correct: true, rounds: 3 },
    { q: 101, s: 2, type: 'files_exist', correct: true, rounds: 5 },
    { q: 101, s: 10, type: 'files_exist', correct: true, rounds: 3 },
    { q: 20, s: 1, type: 'files_exist', correct: false, rounds: 1 },
  ]);
  mkdirSync(path.join(res, 'not_scored'));

  it('writes rounds.csv exactly like process_results.py (CRLF, string sort, stats rows)', () => {
    const r = writeReport(res);
    expect(r.llms).toEqual(['modelA', 'modelB']);
    expect(r.warnings.join('\n')).toContain('not_scored');
    const rounds = readFileSync(path.join(res, 'consolidated_results', 'rounds.csv'), 'utf8');
    expect(rounds).toBe(
      ['Question_Sample,modelA,modelB', 'q101_s1,3,2', 'q101_s10,3,4', 'q101_s2,5,2', 'q20_s1,1,0', '',
        'Average_q101,3.67,2.67', 'Max_q101,5,4', 'Min_q101,3,2', 'Mode_q101,3,2',
        'Average_q20,1.0,0.0', 'Max_q20,1,0', 'Min_q20,1,0', 'Mode_q20,1,0', ''].join('\r\n'),
    );
  });

  it('writes accuracy CSVs with Wilson intervals and errored counts (1/3 → 33.33)', () => {
    writeReport(res);
    const byType = readFileSync(path.join(res, 'consolidated_results', 'performance_by_scoring_type.csv'), 'utf8').split('\r\n');
    expect(byType[0]).toBe('LLM_Name,Scoring_Type,Correct,Total,Accuracy_Percentage,Wilson95_Low_Percentage,Wilson95_High_Percentage,Errored_Items');
    // Wilson 1/3, z=1.96: centre .40260, margin .34212 → 6.15 %, 79.23 %.
    expect(byType).toContain('modelB,stringmatch,1,3,33.33,6.15,79.23,1');
    expect(byType).toContain('modelA,files_exist,2,3,66.67,20.77,93.85,0');
    const overall = readFileSync(path.join(res, 'consolidated_results', 'overall_performance.csv'), 'utf8').split('\r\n');
    expect(overall[1]).toBe('modelA,modelA,20250101_000000,4,3,75.0,30.06,95.44,0');
    const byQ = readFileSync(path.join(res, 'consolidated_results', 'performance_by_question.csv'), 'utf8').split('\r\n');
    expect(byQ).toContain('modelA,20,files_exist,0,1,0.0,0.0,79.35,0');
  });

  it('fails clearly when nothing is scored', () => {
    const empty = path.join(root, 'empty');
    mkdirSync(path.join(empty, 'x'), { recursive: true });
    expect(() => writeReport(empty)).toThrow('No valid LLM data found');
  });
});

describe('picard show (C79)', () => {
  const doc = (acc: string) => `{"metadata": {"test_id": "t1", "timestamp": "20250101_000000", "total_questions": 80, "correct_answers": 1, "accuracy_percentage": ${acc}},
    "by_scoring_type": {"stringmatch": {"correct": 1, "total": 80}, "files_exist": {"correct": 0, "total": 0}},
    "detailed_results": [{"question_id": 1, "sample_number": 1, "scoring_type": "stringmatch", "correct": true, "error_message": null, "details": {}},
      {"question_id": 1, "sample_number": 2, "scoring_type": "jsonmatch", "correct": false, "error_message": "JSON structures do not match",
       "details": {"expected_raw": "{\\"a\\": 1,  \\"b\\": \\"\\u00e9\\"}", "actual_raw": "${'x'.repeat(250)}"}}]}`;

  it('prints 1/80 as 1.2% (half-even) and keeps the float form of the accuracy', () => {
    const text = renderScores(doc('1.25'), { color: false });
    expect(text).toContain('Total: 80 questions | Correct: 1 | Accuracy: 1.25%\n');
    expect(text).toContain('stringmatch: 1/80 (1.2%)\n');
    expect(text).toContain('files_exist: 0/0 (0.0%)\n');
    expect(text).toContain('   Expected: {"a":1,"b":"\\u00e9"}\n');
    expect(text).toContain(`   Actual: ${'x'.repeat(197)}...\n`);
    expect(renderScores(doc('75.0'))).toContain('Accuracy: 75.0%');
  });

  it('--failures-only hides correct items; colour wraps the status', () => {
    const text = renderScores(doc('1.25'), { failuresOnly: true, color: true });
    expect(text).not.toContain('Q1.1 ');
    expect(text).toContain('Q1.2 (jsonmatch): \x1b[91m❌ INCORRECT\x1b[0m');
  });
});

describe('compareRuns', () => {
  const items = (flip: boolean[]): Item[] => flip.map((c, i) => ({ q: i < 6 ? 1 : 2, s: i + 1, type: 'stringmatch', correct: c }));
  const manifest = (seed: number, sha = 'abc') => ({ seed, definitions: { file: 'd.yaml', sha256: sha, samples_override: null } });

  it('pairs items and computes McNemar per run and per question', async () => {
    const a = path.join(root, 'cmp_a');
    const b = path.join(root, 'cmp_b');
    // A right on items 1-6, B right on item 1 and items 7-8: b = 5, c = 2 → p = 2·(1+7+21)/128 = 0.453125.
    makeScoredRun(a, items([true, true, true, true, true, true, false, false]), { manifest: manifest(7) });
    makeScoredRun(b, items([true, false, false, false, false, false, true, true]), { manifest: manifest(7) });
    const r = await compareRuns(a, b);
    expect(r.basis).toBe('run.json');
    expect([r.overall.onlyA, r.overall.onlyB]).toEqual([5, 2]);
    expect(r.overall.pValue).toBeCloseTo(0.453125, 12);
    expect(r.byQuestion.map((q) => [q.question_id, q.onlyA, q.onlyB])).toEqual([['1', 5, 0], ['2', 0, 2]]);
    expect(r.byQuestion[0].pValue).toBeCloseTo(0.0625, 12);
    expect(r.differing).toHaveLength(7);
  });

  it('refuses runs with another seed or other instances', async () => {
    const c = path.join(root, 'cmp_c');
    makeScoredRun(c, items([true, true, true, true, true, true, true, true]), { manifest: manifest(8) });
    await expect(compareRuns(path.join(root, 'cmp_a'), c)).rejects.toThrow(/differ in seed/);
    const d = path.join(root, 'cmp_d');
    const e = path.join(root, 'cmp_e');
    makeScoredRun(d, items([true, true, true, true, true, true, true, true]));
    makeScoredRun(e, items([true, true, true, true, true, true, true, true]), { precheckText: (i) => `other ${i.q}` });
    await expect(compareRuns(d, e)).rejects.toBeInstanceOf(IncomparableRunsError);
  });
});
