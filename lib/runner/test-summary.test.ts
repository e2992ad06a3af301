import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { pyJsonDumps } from '../py';
import { writeTestSummary } from './test-summary';

describe('writeTestSummary', () => {
  const items = [
    { key: 'q1_s1', question_id: 1, sample_number: 1, scoring_type: 'stringmatch' },
    { key: 'q1_s2', question_id: 1, sample_number: 2, scoring_type: 'stringmatch' },
    { key: 'q2_s1', question_id: 2, sample_number: 1, scoring_type: 'files_exist' },
  ];
  const clock = fixedClock('2026-11-26T10:00:00Z');

  it('writes exactly what json.dump(indent=2) of the reference structure gives, with the listing streamed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-sum-'));
    const root = join(dir, 'sandbox');
    mkdirSync(join(root, 'q1_s1', 'b'), { recursive: true });
    writeFileSync(join(root, 'q1_s1', 'b', 'x.txt'), 'x');
    writeFileSync(join(root, 'q1_s1', 'a.csv'), 'a');
    mkdirSync(join(root, 'q2_s1'));
    writeTestSummary(join(dir, 'test_summary.json'), { testId: 't_1', dir, sandboxRoot: root, items, entityPoolSize: 154 }, clock);
    const expected = {
      test_id: 't_1',
      timestamp: '2026-11-26T' + JSON.parse(readFileSync(join(dir, 'test_summary.json'), 'utf8')).timestamp.slice(11),
      test_directory: dir,
      sandbox_status: { exists: true, path: root, files: ['q1_s1/a.csv', 'q1_s1/b/x.txt'], directories: ['q1_s1', 'q1_s1/b', 'q2_s1'], total_items: 5 },
      statistics: { total_questions: 2, total_samples: 3, entity_pool_size: 154, by_scoring_type: { stringmatch: { questions: 1, samples: 2 }, files_exist: { questions: 1, samples: 1 } } },
      files_generated: { precheck: 'precheck.jsonl', responses: 'responses.jsonl' },
    };
    expect(readFileSync(join(dir, 'test_summary.json'), 'utf8')).toBe(pyJsonDumps(expected, { indent: 2 }));
  });

  it('writes empty lists for a missing sandbox', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-sum-'));
    writeTestSummary(join(dir, 's.json'), { testId: 't', dir, sandboxRoot: join(dir, 'nope'), items: [], entityPoolSize: 0 }, clock);
    const s = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(s.sandbox_status).toEqual({ exists: false, path: join(dir, 'nope'), files: [], directories: [], total_items: 0 });
    expect(readFileSync(join(dir, 's.json'), 'utf8')).toContain('"files": [],\n    "directories": [],');
  });
});
