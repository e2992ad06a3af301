import { describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../lib/generation/precheck-entry';
import type { ResponseLine } from '../lib/results/types';
import type { ScoreLine } from '../lib/scoring/types';
import { itemAnswer } from './item-answer';

const entry = (over: Partial<PrecheckEntry>): PrecheckEntry => ({
  scoring_type: 'stringmatch', question_id: 1, sample_number: 1, template: 'Say {{entity1}}', substituted_question: 'Say cat', ...over,
});
const response = (text: string): ResponseLine => ({
  question_id: 1, sample_number: 1, timestamp: 't', response_text: text, execution_successful: true, error_message: null, model_info: 'm',
});
const score = (correct: boolean, details: Record<string, unknown>, error: string | null = null): ScoreLine =>
  ({ question_id: 1, sample_number: 1, scoring_type: 'x', correct, error_message: error, details, timestamp: 't' }) as ScoreLine;

describe('itemAnswer', () => {
  it('shows the answer key with its template and the cleaned response', () => {
    const a = itemAnswer(entry({ expected_response: 'cat', expected_response_before_template_functions: '{{entity1}}' }), response('<think>hmm</think> cat'), score(true, {}));
    expect(a).toMatchObject({ questionTemplate: 'Say {{entity1}}', answerTemplate: '{{entity1}}', expected: 'cat', actual: 'cat', cleaned: 'cat', actualSource: 'response', json: null });
  });

  it('leaves cleaned null when the response was already clean', () => {
    expect(itemAnswer(entry({ expected_response: 'cat' }), response('cat'), null)?.cleaned).toBeNull();
  });

  it('uses the file content the scorer read for readfile types', () => {
    const a = itemAnswer(entry({ scoring_type: 'readfile_stringmatch', expected_content: 'x' }), response('done'), score(false, { actual_content: 'y' }));
    expect(a).toMatchObject({ expected: 'x', actual: 'y', actualSource: 'file' });
  });

  it.each([
    { name: 'differences', details: { differences: ["root.a: Expected 1, got 2"] }, error: null, want: { differences: ['root.a: Expected 1, got 2'], error: null } },
    { name: 'parse error', details: { parse_error: 'actual_json' }, error: 'LLM response is not valid JSON: x', want: { differences: [], error: 'LLM response is not valid JSON: x' } },
  ])('reports JSON $name structurally', ({ details, error, want }) => {
    const a = itemAnswer(entry({ scoring_type: 'jsonmatch', expected_response: '{"a":1}' }), response('{"a":2}'), score(false, details, error));
    expect(a?.json).toEqual(want);
  });
});
