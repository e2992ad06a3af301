import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ResponseLine, ScoreLine } from '../results/types';
import { readExplainedItemDetail } from './item-detail';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('readExplainedItemDetail', () => {
  it("reads an item from a result folder with its scorer's answer view", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'picard-explained-'));
    const entry = { question_id: 1, sample_number: 1, scoring_type: 'stringmatch', template: 'Name {{entity1}}', substituted_question: 'Name cat', expected_response: 'cat', expected_response_before_template_functions: '{{entity1}}' } as PrecheckEntry;
    const response: ResponseLine = { question_id: 1, sample_number: 1, timestamp: 't', response_text: '<think>hmm</think> cat', execution_successful: true, error_message: null, model_info: 'sim' };
    const score: ScoreLine = { question_id: 1, sample_number: 1, scoring_type: 'stringmatch', correct: true, error_message: null, details: {}, timestamp: 't' };
    writeFileSync(path.join(dir, 'precheck.jsonl'), jsonl([entry]));
    writeFileSync(path.join(dir, 'responses.jsonl'), jsonl([response]));
    writeFileSync(path.join(dir, 'scores.progress.jsonl'), jsonl([score]));

    const detail = readExplainedItemDetail(dir, 'q1_s1');
    expect(detail).toMatchObject({ key: 'q1_s1', entry, response, score, conversation: null });
    expect(detail.answer).toMatchObject({ scoringType: 'stringmatch', expected: 'cat', answerTemplate: '{{entity1}}', actualSource: 'response', cleaned: 'cat' });
    expect(readExplainedItemDetail(dir, 'q2_s1').answer).toBeNull();
  });
});
