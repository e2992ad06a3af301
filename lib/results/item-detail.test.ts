import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ScoreLine, ConversationFile, ResponseLine } from './types';
import { readItemDetail } from './item-detail';
import type { ItemAnswerOf } from './item-detail';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const entry = (q: number, extra: Partial<PrecheckEntry> = {}): PrecheckEntry =>
  ({ question_id: q, sample_number: 1, scoring_type: 'stringmatch', template: 'Say {{entity1}}', substituted_question: `Say ${q}`, expected_response: `${q}`, ...extra });
const response = (q: number, text: string): ResponseLine =>
  ({ question_id: q, sample_number: 1, timestamp: 't', response_text: text, execution_successful: true, error_message: null, model_info: 'sim' });
const score = (q: number, correct: boolean): ScoreLine =>
  ({ question_id: q, sample_number: 1, scoring_type: 'stringmatch', correct, error_message: null, details: {}, timestamp: 't' }) as ScoreLine;

/** The answer view as a plain record of what it was given, so the test sees what the reader passed on. */
const echoAnswer: ItemAnswerOf = (e, r, s) => (e ? { scoringType: e.scoring_type, questionTemplate: null, answerTemplate: null, expected: e.expected_response ?? null, actual: r?.response_text ?? null, actualSource: r ? 'response' : 'none', cleaned: null, json: s ? { differences: [], error: s.correct ? null : 'wrong' } : null } : null);

function runFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'picard-detail-'));
  const artifacts = path.join(dir, 'sandbox', 'q1_s1');
  mkdirSync(path.join(artifacts, 'data'), { recursive: true });
  mkdirSync(path.join(dir, 'conversations'));
  writeFileSync(path.join(artifacts, 'data', 'in.csv'), 'a\n1\n');
  writeFileSync(path.join(artifacts, 'out.txt'), 'left by the agent');
  const generated = { all_files_created: [path.join(artifacts, 'data', 'in.csv')] } as PrecheckEntry['sandbox_generation'];
  writeFileSync(path.join(dir, 'precheck.jsonl'), jsonl([entry(1, { sandbox_generation: generated }), entry(2), entry(3)]));
  // q1 answered twice (a retry after resume): the last line counts.
  writeFileSync(path.join(dir, 'responses.jsonl'), jsonl([response(1, 'first'), response(2, '2'), response(1, 'second')]));
  writeFileSync(path.join(dir, 'scores.progress.jsonl'), jsonl([score(1, false)]));
  writeFileSync(path.join(dir, 'scores.json'), JSON.stringify({ detailed_results: [score(1, true), score(2, true)] }));
  const conv: ConversationFile = {
    question_id: 1, sample_number: 1, timestamp: 't', initial_question: 'Say 1', conversation_history: [{ role: 'user', content: 'Say 1' }],
    statistics: {}, final_response: 'second', execution_successful: true, error_message: null, model_info: 'sim',
  };
  writeFileSync(path.join(dir, 'conversations', 'q1_s1.json'), JSON.stringify(conv));
  writeFileSync(path.join(dir, 'conversations', 'q2_s1.json'), '{"question_id": 2, "sampl'); // mid-replace
  return dir;
}

describe('readItemDetail', () => {
  const dir = runFolder();

  it('reads the entry, the last response, the live verdict, the conversation and the sandbox files', () => {
    const d = readItemDetail(dir, 'q1_s1', echoAnswer);
    expect(d.key).toBe('q1_s1');
    expect(d.entry?.substituted_question).toBe('Say 1');
    expect(d.response?.response_text).toBe('second');
    expect(d.score?.correct).toBe(false); // scores.progress.jsonl before scores.json
    expect(d.conversation?.conversation_history).toEqual([{ role: 'user', content: 'Say 1' }]);
    expect(d.answer).toMatchObject({ expected: '1', actual: 'second', json: { error: 'wrong' } });
    expect(d.files).toEqual([
      { rel: 'q1_s1/data/in.csv', size: 4, generated: true },
      { rel: 'q1_s1/out.txt', size: 17, generated: false },
    ]);
  });

  it('falls back to scores.json, and reads a conversation being replaced as null', () => {
    const d = readItemDetail(dir, 'q2_s1', echoAnswer);
    expect(d.score?.correct).toBe(true);
    expect(d.conversation).toBeNull();
    expect(d.files).toEqual([]);
  });

  it('gives nulls for an item with nothing on disk yet', () => {
    expect(readItemDetail(dir, 'q9_s1', echoAnswer)).toEqual({ key: 'q9_s1', entry: null, conversation: null, response: null, score: null, answer: null, files: [] });
    expect(readItemDetail(dir, 'q3_s1', echoAnswer)).toMatchObject({ response: null, score: null, answer: { actualSource: 'none', json: null } });
  });

  it('refuses a key that is not q<id>_s<n>', () => {
    expect(() => readItemDetail(dir, '../q1_s1', echoAnswer)).toThrow("Invalid item key '../q1_s1' (expected q<id>_s<n>)");
  });
});
