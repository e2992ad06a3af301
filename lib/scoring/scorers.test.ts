import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ResponseLine } from '../results/types';
import { fixedClock } from '../util/clock';
import { answerKeyProblem, scoreItem, scoreItemDetailed, scorerDescriptors, scorerFor } from './registry';
import { requiredScoringFields, scoringTypes } from '../definitions/scoring-types';

const art = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => rmSync(art, { recursive: true, force: true }));
writeFileSync(path.join(art, 'r1.txt'), '42\r\n');
writeFileSync(path.join(art, 'r2.txt'), '4\r\n2\n');
writeFileSync(path.join(art, 'f.txt'), 'x');
writeFileSync(path.join(art, 'j.json'), '{"total": 75, "avg": 44.56}\n');
writeFileSync(path.join(art, 'bad.json'), '{"a":1,}');
writeFileSync(path.join(art, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
writeFileSync(path.join(art, 'cr.txt'), 'a\rb\r');
mkdirSync(path.join(art, 'sub'));
mkdirSync(path.join(art, 'dirx'));
const ctx = { artifactsDir: art };
const clock = fixedClock('2026-01-02T03:04:05');

function entry(scoring_type: string, extra: Record<string, unknown>): PrecheckEntry {
  return { scoring_type, question_id: 1, sample_number: 1, template: 't', substituted_question: 'q', ...extra };
}
function resp(text: unknown): ResponseLine {
  return { question_id: 1, sample_number: 1, timestamp: 't', response_text: text as string, execution_successful: true, error_message: null, model_info: 'm' };
}

type Case = [string, string, Record<string, unknown>, unknown, boolean, string | null];
const cases: Case[] = [
  ['C55 case-sensitive', 'stringmatch', { expected_response: 'Paris' }, 'paris', false, "Expected 'Paris', got 'paris'"],
  ['C55 think + strip', 'stringmatch', { expected_response: '  Paris\n' }, '<think>x</think> Paris', true, null],
  ['C55 inner spaces', 'stringmatch', { expected_response: 'a b' }, 'a  b', false, "Expected 'a b', got 'a  b'"],
  ['C55 no numeric tolerance', 'stringmatch', { expected_response: '42' }, '42.0', false, "Expected '42', got '42.0'"],
  ['null response', 'stringmatch', { expected_response: 'x' }, null, false, "Expected 'x', got 'None'"],
  ['null expected', 'stringmatch', { expected_response: null }, 'x', false, "Scoring error: 'NoneType' object has no attribute 'strip'"],
  ['C56 int vs float', 'jsonmatch', { expected_response: '{"a": 1}' }, '{"a": 1.0}', false, 'JSON structures do not match'],
  ['C57 key order', 'jsonmatch', { expected_response: '{"a": 1, "b": [1,2]}' }, '{"b":[1,2],"a":1}', true, null],
  ['C59 code fence', 'jsonmatch', { expected_response: '{"a":1}' }, '```json\n{"a":1}\n```', false, 'LLM response is not valid JSON: Expecting value: line 1 column 1 (char 0)'],
  ['C59 think tags', 'jsonmatch', { expected_response: '{"a": 1}' }, '<think>..</think>{"a": 1}', true, null],
  ['C60 no tolerance', 'jsonmatch', { expected_response: '{"a": 46.346666666666664}' }, '{"a": 46.35}', false, 'JSON structures do not match'],
  ['C60 1e2 is a float', 'jsonmatch', { expected_response: '{"a": 1e2}' }, '{"a": 100.0}', true, null],
  ['C60 duplicate keys', 'jsonmatch', { expected_response: '{"a":1,"a":2}' }, '{"a":2}', true, null],
  ['C61 unevaluated template', 'jsonmatch', { expected_response: '{{csv_avg:AGE:TARGET_FILE[x]}}' }, '{}', false, 'Invalid expected JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['null JSON response', 'jsonmatch', { expected_response: '{}' }, null, false, 'Scoring error: the JSON object must be str, bytes or bytearray, not NoneType'],
  ['C63 CRLF', 'readfile_stringmatch', { file_to_read: 'r1.txt', expected_content: '42' }, '', true, null],
  ['C63 test_artifacts/ prefix', 'readfile_stringmatch', { file_to_read: 'test_artifacts/r1.txt', expected_content: '42' }, '', true, null],
  ['C63 expected stripped', 'readfile_stringmatch', { file_to_read: 'r1.txt', expected_content: ' 42 ' }, '', true, null],
  ['C64 inner CRLF', 'readfile_stringmatch', { file_to_read: 'r2.txt', expected_content: '4\n2' }, '', true, null],
  ['CR-only newlines', 'readfile_stringmatch', { file_to_read: 'cr.txt', expected_content: 'a\nb' }, '', true, null],
  ['C64 missing file', 'readfile_stringmatch', { file_to_read: 'nofile.txt', expected_content: '42' }, '', false, `File does not exist: ${art}/nofile.txt`],
  ['C64 directory', 'readfile_stringmatch', { file_to_read: 'sub', expected_content: '42' }, '', false, `Error reading file ${art}/sub: [Errno 21] Is a directory: '${art}/sub'`],
  ['C64 no expected_content', 'readfile_stringmatch', { file_to_read: 'r1.txt' }, '', false, "File content mismatch. Expected '', got '42'"],
  ['latin-1 bytes', 'readfile_stringmatch', { file_to_read: 'latin1.txt', expected_content: 'x' }, '', false, `Error reading file ${art}/latin1.txt: 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data`],
  ['no file_to_read', 'readfile_stringmatch', { expected_content: 'x' }, '', false, 'No file_to_read specified in precheck entry'],
  ['C65 reordered', 'readfile_jsonmatch', { file_to_read: 'j.json', expected_content: '{"avg": 44.56, "total": 75}' }, '', true, null],
  ['C65 float vs int', 'readfile_jsonmatch', { file_to_read: 'j.json', expected_content: '{"total": 75.0, "avg": 44.56}' }, '', false, 'JSON structures do not match'],
  ['C65 bad expected', 'readfile_jsonmatch', { file_to_read: 'j.json', expected_content: 'not json' }, '', false, 'Invalid expected JSON: Expecting value: line 1 column 1 (char 0)'],
  ['C65 bad file', 'readfile_jsonmatch', { file_to_read: 'bad.json', expected_content: '{"a":1}' }, '', false, 'File contains invalid JSON: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['C66 file', 'files_exist', { files_to_check: ['f.txt'] }, '', true, null],
  ['C66 dir counts', 'files_exist', { files_to_check: ['dirx'] }, '', true, null],
  ['C66 missing', 'files_exist', { files_to_check: ['f.txt', 'g.txt'] }, '', false, "Missing files: ['g.txt']"],
  ['C66 empty', 'files_exist', { files_to_check: [] }, '', false, 'No files_to_check specified in precheck entry'],
  ['C67 dir + file', 'directory_structure', { expected_paths: ['dirx/', 'f.txt'] }, '', true, null],
  ['C67 dir without slash', 'directory_structure', { expected_paths: ['dirx'] }, '', false, "Wrong type paths: ['dirx']"],
  ['C67 file with slash', 'directory_structure', { expected_paths: ['f.txt/'] }, '', false, "Wrong type paths: ['f.txt/']"],
  ['C67 pathlib normalisation', 'directory_structure', { expected_paths: ['dirx//', 'dirx/./'] }, '', true, null],
  ['missing + wrong type', 'directory_structure', { expected_paths: ['nope/', 'f.txt/'] }, '', false, "Missing paths: ['nope/']; Wrong type paths: ['f.txt/']"],
  ['unknown type', 'json_targeted_edit', {}, '', false, 'Unknown scoring type: json_targeted_edit'],
];

describe('an unknown scoring_type is named by Python str() (f-string), whatever its JSON type', () => {
  it.each([
    [['stringmatch', 1], "Unknown scoring type: ['stringmatch', 1]"],
    [{ type: 'x' }, "Unknown scoring type: {'type': 'x'}"],
    [null, 'Unknown scoring type: None'],
    [true, 'Unknown scoring type: True'],
  ])('%j', (type, message) => {
    const line = scoreItem(entry(type as unknown as string, {}), resp(''), ctx, clock);
    expect(line.correct).toBe(false);
    expect(line.error_message).toBe(message);
  });
});

describe('scorers (spec §13.6)', () => {
  it.each(cases)('%s', (_n, type, fields, text, correct, message) => {
    const line = scoreItem(entry(type, fields), resp(text), ctx, clock);
    expect(line.correct).toBe(correct);
    expect(line.error_message).toBe(message);
    expect(line.timestamp).toMatch(/^2026-01-02T/);
  });

  it('C56/C62 record the differences and the reference detail keys', () => {
    const l = scoreItem(entry('jsonmatch', { expected_response: '{"a":{"b":1}}' }), resp('{"a":{"b":2,"c":3}}'), ctx, clock);
    expect(l.details.differences).toEqual(["root.a: Extra keys: ['c']", 'root.a.b: Expected 1, got 2']);
    expect(Object.keys(l.details)).toEqual(['expected_raw', 'actual_raw', 'actual_cleaned', 'expected_json', 'actual_json', 'thinking_tags_found', 'harmony_format_found', 'comparison_method', 'differences']);
  });

  it('stringmatch details follow §8.5', () => {
    const l = scoreItem(entry('stringmatch', { expected_response: 'diary' }), resp('<think>hmm</think>\n  diary  '), ctx, clock);
    expect(l.details).toEqual({ expected: 'diary', actual_raw: '<think>hmm</think>\n  diary  ', actual_cleaned: 'diary', comparison_method: 'exact_match_trimmed_cleaned', thinking_tags_found: true, harmony_format_found: false });
  });

  it('classifies unknown types and exceptions separately', () => {
    expect(scoreItemDetailed(entry('nope', {}), resp(''), ctx, clock).kind).toBe('unknown_scoring_type');
    expect(scoreItemDetailed(entry('stringmatch', { expected_response: 5 }), resp(''), ctx, clock).kind).toBe('scoring_error');
  });

  it('registry covers exactly the six scoring types, each descriptor under its own id with its required fields', () => {
    expect(Object.keys(scorerDescriptors)).toEqual([...scoringTypes]);
    for (const [id, d] of Object.entries(scorerDescriptors)) {
      expect(d.id).toBe(id);
      expect(d.requiredFields).toEqual(requiredScoringFields[d.id]);
    }
    expect(scorerFor('readfile_jsonmatch')?.requiredFields).toEqual(['file_to_read', 'expected_content']);
    expect(scorerFor('nope')).toBeUndefined();
    expect(scorerFor('toString')).toBeUndefined();
  });

  it('tells which JSON answer keys can never match (the optional answerKeyProblem hook)', () => {
    expect(answerKeyProblem(entry('jsonmatch', { expected_response: ' {"a": 1}\n' }))).toBeNull();
    expect(answerKeyProblem(entry('jsonmatch', { expected_response: "{'a': 1}" }))).toBe(
      "'expected_response' is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
    );
    expect(answerKeyProblem(entry('readfile_jsonmatch', { file_to_read: 'x', expected_content: '{"a":1,}' }))).toMatch(/^'expected_content' is not valid JSON: /);
    expect(answerKeyProblem(entry('stringmatch', { expected_response: '{' }))).toBeNull();
    expect(answerKeyProblem(entry('nope', { expected_response: '{' }))).toBeNull();
  });

  it('remaps the recorded sandbox root onto the current one but reports the recorded path', () => {
    const rec = { artifactsDir: art, recordedArtifactsDir: '/old/sandbox' };
    const ok = scoreItem(entry('readfile_stringmatch', { file_to_read: '/old/sandbox/r1.txt', expected_content: '42' }), resp(''), rec, clock);
    expect(ok.correct).toBe(true);
    const missing = scoreItem(entry('readfile_stringmatch', { file_to_read: '/old/sandbox/zz.txt', expected_content: '42' }), resp(''), rec, clock);
    expect(missing.error_message).toBe('File does not exist: /old/sandbox/zz.txt');
    expect(missing.details.checked_path).toBe(`${art}/zz.txt`);
    const dirs = scoreItem(entry('directory_structure', { expected_paths: ['/old/sandbox/dirx/', 'f.txt'] }), resp(''), rec, clock);
    expect(dirs.correct).toBe(true);
  });
});
