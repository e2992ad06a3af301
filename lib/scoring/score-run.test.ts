import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { instanceContext, scoreRun } from './score-run';

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

  it('takes the recorded sandbox root from the caller when given (the runner that wrote it), without reading test_summary.json', async () => {
    const responses = [res(101, 1, 'Paris'), res(101, 2, 'Rome'), res(201, 1, ''), res(301, 1, ''), res(401, 1, 'x')].join('\n');
    const told = makeRun('run_told_20250101_000000', responses);
    const read = makeRun('run_read_20250101_000000', responses);
    writeFileSync(path.join(told, 'test_summary.json'), 'not JSON: reading it would find no path');
    const clock = fixedClock('2026-01-02T03:04:05');
    const a = await scoreRun(told, { clock, recordedArtifactsDir: '/gone/sandbox' });
    await scoreRun(read, { clock });
    expect(a.picardLive.recorded_artifacts_dir).toBe('/gone/sandbox');
    expect(a.metadata.correct_answers).toBe(4); // the readfile item remapped from /gone/sandbox onto <run>/sandbox
    const masked = (dir: string) => readFileSync(path.join(dir, 'scores.json'), 'utf8').replaceAll(dir, '<run>').replace(/run_\w+_20250101_000000/g, '<id>');
    expect(masked(told)).toBe(masked(read));
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

describe('scoreRun on two threads (each over one half of precheck.jsonl, merged in file order)', () => {
  /** A run whose halves both hold every case: unreadable, unanswered, unknown, errored, duplicate and file-based items. */
  function bigRun(name: string): string {
    const dir = path.join(root, name);
    mkdirSync(path.join(dir, 'sandbox', 'd', 'logs'), { recursive: true });
    writeFileSync(path.join(dir, 'sandbox', 'out.txt'), 'café\n');
    writeFileSync(path.join(dir, 'sandbox', 'd', 'logs', 'a.log'), 'x');
    const pres: string[] = [];
    const resps: string[] = [];
    for (let i = 1; i <= 400; i++) {
      const q = 100 + (i % 7);
      if (i % 97 === 0) pres.push('{"broken precheck line');
      else if (i % 5 === 0) pres.push(pre(q, i, 'readfile_stringmatch', { file_to_read: '/gone/sandbox/out.txt', expected_content: i % 2 ? 'café' : 'tea' }));
      else if (i % 5 === 1) pres.push(pre(q, i, 'directory_structure', { expected_paths: ['d/', 'd/logs/', i % 2 ? 'd/logs/a.log' : 'd/logs/b.log'] }));
      else if (i % 5 === 2) pres.push(pre(q, i, i % 3 ? 'jsonmatch' : 'mystery_type', { expected_response: '{"a": 1.5, "b": [2.0, "é"]}' }));
      else pres.push(pre(q, i, 'stringmatch', { expected_response: `answer ${i}` }));
      if (i % 11 === 0) continue; // unanswered
      if (i % 13 === 0) resps.push(res(q, i, 'first try'));
      resps.push(res(q, i, i % 5 === 2 ? '{"b": [2, "é"], "a": 1.5}' : i % 3 ? `<think>…</think> answer ${i}` : 'nope', i % 17 !== 0));
      if (i % 89 === 0) resps.push('not json');
    }
    writeFileSync(path.join(dir, 'precheck.jsonl'), `${pres.join('\n')}\n`);
    writeFileSync(path.join(dir, 'responses.jsonl'), `${resps.join('\n')}\n`);
    writeFileSync(path.join(dir, 'test_summary.json'), JSON.stringify({ test_id: name, sandbox_status: { exists: true, path: '/gone/sandbox' } }));
    return dir;
  }

  it('writes the same scores.json, byte for byte, and the same totals as one thread', async () => {
    const dir = bigRun('two_threads_20250101_000000');
    const clock = fixedClock('2026-01-02T03:04:05');
    const one = await scoreRun(dir, { clock, threads: 1 });
    const oneText = readFileSync(path.join(dir, 'scores.json'), 'utf8');
    const two = await scoreRun(dir, { clock, threads: 2, keepParsedBytes: 0 });
    const twoText = readFileSync(path.join(dir, 'scores.json'), 'utf8');
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(twoText).toBe(oneText);
    expect(two.picardLive).toEqual(one.picardLive);
    expect([...two.byQuestion]).toEqual([...one.byQuestion]);
    const live = one.picardLive;
    expect(live.unreadable_lines.map((u) => u.file)).toEqual(['responses.jsonl', 'responses.jsonl', 'responses.jsonl', 'responses.jsonl', 'precheck.jsonl', 'precheck.jsonl', 'precheck.jsonl', 'precheck.jsonl']);
    expect(live.unreadable_lines.filter((u) => u.file === 'precheck.jsonl').map((u) => u.line)).toEqual([97, 194, 291, 388]);
    expect([live.unanswered, live.duplicate_responses, live.unknown_scoring_type, live.errored_responses]).toEqual([36, 28, 24, 21]);
    expect(readdirSync(dir).sort()).toEqual(['precheck.jsonl', 'responses.jsonl', 'sandbox', 'scores.json', 'test_summary.json']);
  });

  it('scores on one thread when a clock cannot be kept by another thread, or items are reported one by one', async () => {
    const dir = bigRun('one_thread_20250101_000000');
    expect((await scoreRun(dir, { clock: fixedClock('2026-01-02T03:04:05', 1), threads: 2, write: false })).threads).toBe(1);
    expect((await scoreRun(dir, { threads: 2, write: false, onItem: () => undefined })).threads).toBe(1);
    expect((await scoreRun(dir, { threads: 2, write: false })).threads).toBe(2);
  });
});

describe('instanceContext', () => {
  it('is path.join of each root and the item key, for plain and odd roots and keys', () => {
    const roots = ['/a/sandbox', '/a/sandbox/', '/a/./sandbox', '/a//sandbox', 'rel/sandbox', '/', '/a/sandbox/..'];
    const ids: Array<[unknown, unknown]> = [[1, 2], ['x/../y', 3], ['.', 1], [7, '../up']];
    for (const root of roots) {
      for (const [q, s] of ids) {
        const ctx = instanceContext({ artifactsDir: root, recordedArtifactsDir: `${root}/old` }, { question_id: q, sample_number: s });
        expect([root, q, s, ctx]).toEqual([root, q, s, { artifactsDir: path.join(root, `q${q}_s${s}`), recordedArtifactsDir: path.join(`${root}/old`, `q${q}_s${s}`) }]);
      }
    }
  });
});
