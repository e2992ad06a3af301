/** file_* functions and path-argument resolution (TARGET_FILE, absolute, relative to the sandbox root). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTargetFile } from './target-file';
import { evalOrError, innerMessage } from './test-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, 'q1'));
fs.writeFileSync(path.join(dir, 'q1', 'crlf.txt'), 'one two\r\nthree\rfour\u00a0five\x1csix\n');
fs.writeFileSync(path.join(dir, 'empty.txt'), '');
fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x61, 0xff]));
const ctx = { baseDir: dir, components: [{ name: 'txt', targetFile: 'q1/crlf.txt' }] };

describe('file functions', () => {
  it.each([
    ['{{file_line:2:q1/crlf.txt}}', 'three'],
    ['{{file_line:3:TARGET_FILE[txt]}}', 'four\u00a0five\x1csix'],
    ['{{file_line_count:TARGET_FILE[txt]}}', '3'],
    ['{{file_word_count:TARGET_FILE[txt]}}', '6'],
    ['{{file_word:6:TARGET_FILE[txt]}}', 'six'],
    [`{{file_word:1:${path.join(dir, 'q1', 'crlf.txt')}}}`, 'one'],
    ['{{file_line_count:empty.txt}}', '0'],
    ['{{file_word_count:empty.txt}}', '0'],
    ['{{file_line: +1 :q1/crlf.txt}}', 'one two'],
  ])('%s → %j', (input, expected) => {
    expect(evalOrError(input, ctx)).toBe(expected);
  });

  it.each([
    ['{{file_line:x:empty.txt}}', 'Invalid line number: x'],
    ['{{file_line:1.0:empty.txt}}', 'Invalid line number: 1.0'],
    ['{{file_word:q:empty.txt}}', 'Invalid word number: q'],
    ['{{file_word:7:TARGET_FILE[txt]}}', 'Word number 7 out of range (file has 6 words)'],
    ['{{file_line:1:empty.txt}}', 'Line number 1 out of range (file has 0 lines)'],
    ['{{file_line_count:none.txt}}', `File not found: ${path.join(dir, 'none.txt')}`],
    ['{{file_line_count:latin1.txt}}', `Error reading file ${path.join(dir, 'latin1.txt')}: The encoded data was not valid for encoding utf-8`],
    ['{{file_line_count:t.txt:x}}', 'file_line_count requires exactly 1 argument: file_path'],
    ['{{file_word_count:TARGET_FILE[x_y-z]}}', "Component 'x_y-z' not found"],
  ])('%s fails with %s', (input, message) => {
    expect(innerMessage(evalOrError(input, ctx))).toBe(message);
  });
});

describe('resolveTargetFile', () => {
  it.each([
    ['TARGET_FILE[txt]', path.join(dir, 'q1', 'crlf.txt')],
    ['q1/crlf.txt', path.join(dir, 'q1', 'crlf.txt')],
    ['/etc/hosts', '/etc/hosts'],
  ])('%s → %s', (arg, expected) => {
    expect(resolveTargetFile(arg, ctx)).toBe(expected);
  });

  it.each([
    ['TARGET_FILE[1bad]', 'Invalid component name: 1bad'],
    ['TARGET_FILE[]', 'Invalid component name: '],
    [`TARGET_FILE[${'a'.repeat(51)}]`, `Invalid component name: ${'a'.repeat(51)}`],
    ['TARGET_FILE[nope]', "Component 'nope' not found"],
    ['TARGET_FILE', 'TARGET_FILE requires component name: TARGET_FILE[component_name]'],
  ])('%s fails with %s', (arg, message) => {
    expect(() => resolveTargetFile(arg, ctx)).toThrow(message);
  });

  it('says when there are no components at all', () => {
    expect(() => resolveTargetFile('TARGET_FILE[a]', { baseDir: dir, components: [] })).toThrow(
      'No components provided for TARGET_FILE[a] resolution',
    );
  });
});
