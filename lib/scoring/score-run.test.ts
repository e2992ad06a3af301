import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { scoreRun } from './score-run';

const root = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pre = (q: number, s: number, type: string, extra: Record<string, unknown>) =>
  JSON.stringify({ scoring_type: type, question_id: q, sample_number: s, template: 't', substituted_question: 'q', ...extra });
const res = (q: number, s: number | string, text: string, ok = true) =>
  JSON.stringify({ question_id: q, sample_number: s, timestamp: '2025-01-01T00:00:00', response_text: text, execution_successful: ok, error_message: null, model_info: 'm' });

/** A run whose sandbox was recorded at /gone/sandbox but now lives in <run>/sandbox. */
function makeRun(name: string, responses: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'sandbox'), { recursive: true });
  writeFileSync(path.join(dir, 'sandbox', 'out.txt'), 'café\n');
  writeFileSync(
    path.join(dir, 'precheck.jsonl'),
    [
      pre(101, 1, 'stringmatch', { expected_response: 'Paris' }),
      pre(101, 2, 'stringmatch', { expected_response: 'Rome' }),
      pre(201, 1, 'readfile_stringmatch', { file_to_read: '/gone/sandbox/out.txt', expected_content: 'café' }),
      pre(301, 1, 'mystery_type', {}),
      pre(401, 1, 'stringmatch', { expected_response: 'x' }),
    ].join('\n') + '\n',
  );
  writeFileSync(path.join(dir, 'responses.jsonl'), responses);
  writeFileSync(path.join(dir, 'test_summary.json'), JSON.stringify({ test_id: name, sandbox_status: { exists: true, path: '/gone/sandbox' } }));
  return dir;
}

describe('scoreRun', () => {
  it('scores, remaps onto <run>/sandbox, counts unanswered/unknown/torn separately and writes Python-format JSON', async () => {
    const responses = [res(101, 1, 'wrong'), res(101, 1, '<think>x</think>Paris'), res(101, 2, 'Rome', false), res(201, 1, ''), res(301, 1, ''), 'this is not json', '{"question_id": 401, "sample_n'].join('\n');
    const dir = makeRun('run_a_20250101_000000', responses);
    const r = await scoreRun(dir, { clock: fixedClock('2026-01-02T03:04:05') });
    expect(r.metadata).toEqual({ test_id: 'run_a_20250101_000000', timestamp: '20260102_030405', total_questions: 4, correct_answers: 3, accuracy_percentage: 75 });
    const live = r.picardLive;
    expect(live.artifacts_dir).toBe(path.join(dir, 'sandbox'));
    expect([live.total_items, live.scored, live.unanswered, live.unknown_scoring_type, live.errored_responses, live.duplicate_responses]).toEqual([5, 4, 1, 1, 1, 1]);
    expect(live.unreadable_lines.map((u) => [u.line, u.torn])).toEqual([[6, false], [7, true]]);
    expect(live.accuracy_all_items_percentage).toBe(60);
    const text = readFileSync(path.join(dir, 'scores.json'), 'utf8');
    expect(text.startsWith('{\n  "metadata": {\n    "test_id": "run_a_20250101_000000",\n    "timestamp": "20260102_030405",')).toBe(true);
    expect(text).toContain('"accuracy_percentage": 75.0\n  },\n  "by_question": {\n    "101": {\n      "correct": 2,');
    expect(text).toContain('"expected_content": "caf\\u00e9"');
    expect(text).toContain('"error_message": "Unknown scoring type: mystery_type"');
    expect(text).toContain('  "detailed_results": [\n    {\n      "question_id": 101,');
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['metadata', 'by_question', 'by_scoring_type', 'detailed_results', 'picard_live']);
    expect(doc.by_scoring_type).toEqual({ stringmatch: { correct: 2, total: 2 }, readfile_stringmatch: { correct: 1, total: 1 }, mystery_type: { correct: 0, total: 1 } });
    expect(doc.detailed_results).toHaveLength(4);
  });

  it('writes an empty run like Python (accuracy 0, empty lists)', async () => {
    const dir = makeRun('empty_run', '');
    const r = await scoreRun(dir, { clock: fixedClock('2026-01-02T03:04:05') });
    expect(r.metadata.accuracy_percentage).toBe(0);
    const text = readFileSync(path.join(dir, 'scores.json'), 'utf8');
    expect(text).toContain('"accuracy_percentage": 0\n');
    expect(text).toContain('"by_question": {},\n  "by_scoring_type": {},\n  "detailed_results": [],');
  });

  it('matches sample numbers type-strictly, like Python tuple keys', async () => {
    const dir = makeRun('strict_keys', [res(101, '1', 'Paris')].join('\n') + '\n');
    const r = await scoreRun(dir, { write: false });
    expect(r.scoresFile).toBeNull();
    expect(r.picardLive.unanswered).toBe(5);
    expect(r.picardLive.unmatched_responses).toBe(1);
  });

  it('refuses folders without the required files', async () => {
    const dir = path.join(root, 'not_a_run');
    mkdirSync(dir);
    await expect(scoreRun(dir)).rejects.toThrow(`Invalid test directory: ${dir}. Missing required files.`);
  });
});
