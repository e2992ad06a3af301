import { describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ResponseLine, ScoreLine } from '../results/types';
import { explainAnswer } from './registry';

const entry = (over: Partial<PrecheckEntry>): PrecheckEntry => ({
  scoring_type: 'stringmatch', question_id: 1, sample_number: 1, template: 'Say {{entity1}}', substituted_question: 'Say cat', ...over,
});
const response = (text: string): ResponseLine => ({
  question_id: 1, sample_number: 1, timestamp: 't', response_text: text, execution_successful: true, error_message: null, model_info: 'm',
});
const score = (correct: boolean, details: Record<string, unknown>, error: string | null = null): ScoreLine =>
  ({ question_id: 1, sample_number: 1, scoring_type: 'x', correct, error_message: error, details, timestamp: 't' }) as ScoreLine;

describe('explainAnswer (the answer view, from each scorer descriptor)', () => {
  it('shows the answer key with its template and the cleaned response', () => {
    const a = explainAnswer(entry({ expected_response: 'cat', expected_response_before_template_functions: '{{entity1}}' }), response('<think>hmm</think> cat'), score(true, {}));
    expect(a).toEqual({
      scoringType: 'stringmatch', questionTemplate: 'Say {{entity1}}', answerTemplate: '{{entity1}}', expected: 'cat', actual: 'cat', cleaned: 'cat', actualSource: 'response', json: null,
    });
  });

  it('leaves cleaned null when the response was already clean, and has no view without an entry', () => {
    expect(explainAnswer(entry({ expected_response: 'cat' }), response('cat'), null)?.cleaned).toBeNull();
    expect(explainAnswer(null, response('cat'), null)).toBeNull();
  });

  it('uses the file content the scorer read for readfile types, and says when there was none', () => {
    const a = explainAnswer(entry({ scoring_type: 'readfile_stringmatch', expected_content: 'x', expected_content_before_template_functions: '{{x}}' }), response('done'), score(false, { actual_content: 'y' }));
    expect(a).toMatchObject({ expected: 'x', answerTemplate: '{{x}}', actual: 'y', actualSource: 'file', json: null });
    const missing = explainAnswer(entry({ scoring_type: 'readfile_jsonmatch', expected_content: '{}' }), response('done'), score(false, { file_exists: false }));
    expect(missing).toMatchObject({ actual: null, actualSource: 'none', json: { differences: [], error: null } });
  });

  it('shows the paths a path-based type checks, one per line, against the response', () => {
    expect(explainAnswer(entry({ scoring_type: 'files_exist', files_to_check: ['a.txt', 'b/'] }), response('made them'), null)).toMatchObject({ expected: 'a.txt\nb/', actual: 'made them', actualSource: 'response' });
    expect(explainAnswer(entry({ scoring_type: 'directory_structure', expected_paths: ['p/', 'p/x'] }), null, null)).toMatchObject({ expected: 'p/\np/x', actual: null, actualSource: 'none' });
  });

  it.each([
    { name: 'differences', type: 'jsonmatch', details: { differences: ['root.a: Expected 1, got 2'] }, error: null, want: { differences: ['root.a: Expected 1, got 2'], error: null } },
    { name: 'parse error', type: 'jsonmatch', details: { parse_error: 'actual_json' }, error: 'LLM response is not valid JSON: x', want: { differences: [], error: 'LLM response is not valid JSON: x' } },
    { name: 'file parse error', type: 'readfile_jsonmatch', details: { parse_error: 'actual_json' }, error: null, want: { differences: [], error: 'actual_json' } },
  ])('reports JSON $name structurally ($type)', ({ type, details, error, want }) => {
    const a = explainAnswer(entry({ scoring_type: type, expected_response: '{"a":1}', expected_content: '{"a":1}' }), response('{"a":2}'), score(false, details, error));
    expect(a?.json).toEqual(want);
  });

  it('shows the scorer’s own answer key, not another field the entry happens to carry', () => {
    const a = explainAnswer(entry({ scoring_type: 'readfile_stringmatch', expected_response: 'stray', expected_content: 'key' }), null, null);
    expect(a?.expected).toBe('key');
  });

  it('falls back to expected_response against the response for an unknown scoring type', () => {
    const a = explainAnswer(entry({ scoring_type: 'nope', expected_response: 'x' }), response('y'), score(false, { differences: ['d'] }));
    expect(a).toMatchObject({ scoringType: 'nope', expected: 'x', actual: 'y', actualSource: 'response', json: null });
  });
});
