/** The placeholder scanner, argument splitting, call listing, error wrapping and the parsed-file cache. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callTemplateFunction, evaluateTemplates, evaluateTemplatesDetailed, findTemplateCalls } from './evaluate';
import { createTemplateCache } from './file-cache';
import { templateFunctions } from './registry';
import { splitArgs } from './scan';
import { makeFixtures } from './test-fixtures';
import { evalOrError } from './test-helpers';
import { TemplateError } from './types';

const { dir, ctx } = makeFixtures();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('evaluateTemplates text handling', () => {
  it.each([
    ['no placeholders', 'plain {text} }} here', 'plain {text} }} here'],
    ['JSON braces around a call', '{"n": {{csv_count:ID:d.csv}}}', '{"n": 4}'],
    ['triple braces', '{{{csv_count:ID:d.csv}}}', '{4}'],
    ['two calls', '{{file_word:1:t.txt}}-{{file_word:2:t.txt}}', 'alpha-beta'],
    ['unclosed {{ stays literal', '{{csv_count:ID:d.csv', '{{csv_count:ID:d.csv'],
    ['call inside unclosed {{', '{{ x {{file_word:1:t.txt}}', '{{ x alpha'],
    ['unknown names stay', '{{semantic1:city}} {{artifacts}}/x', '{{semantic1:city}} {{artifacts}}/x'],
    ['unknown outer keeps evaluated inner', '{{who:{{file_word:1:t.txt}}}}', '{{who:alpha}}'],
    ['multi-line text', 'a\n{{file_line:1:t.txt}}\nb', 'a\nalpha beta\nb'],
    ['colon in filter value', '{{csv_count_where:ID:NAME:==:Bob:d.csv}}', '1'],
  ])('%s', (_name, input, expected) => {
    expect(evaluateTemplates(input, ctx)).toBe(expected);
  });

  it('reports unknown placeholders in order', () => {
    const res = evaluateTemplatesDetailed('{{a}} {{file_line_count:t.txt}} {{b:c}}', ctx);
    expect(res).toEqual({ text: '{{a}} 4 {{b:c}}', unknown: ['{{a}}', '{{b:c}}'], calls: 1 });
  });

  it('throws TemplateError with function, arguments and file', () => {
    let err: TemplateError | undefined;
    try {
      evaluateTemplates('ok {{file_line_count:t.txt}} then {{file_line:0:t.txt}}', ctx);
    } catch (e) {
      err = e as TemplateError;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect(err?.code).toBe('TEMPLATE_FUNCTION_FAILED');
    expect(err?.fn).toBe('file_line');
    expect(err?.args).toEqual(['0', 't.txt']);
    expect(err?.file).toBe(path.join(dir, 't.txt'));
    expect(err?.message).toBe(`file_line(0, t.txt) on ${path.join(dir, 't.txt')}: Line number 0 out of range (file has 4 lines)`);
  });

  it('names the function and raw arguments on an argument-count error', () => {
    expect(evalOrError('{{file_line:1:2:t.txt}}', ctx)).toBe(
      'ERR: file_line(1, 2, t.txt): file_line requires exactly 2 arguments: line_number, file_path',
    );
  });

  it('callTemplateFunction rejects unknown names', () => {
    expect(() => callTemplateFunction('nope', [], ctx)).toThrow('Unknown template function: nope');
  });
});

describe('splitArgs', () => {
  const spec = templateFunctions;
  it.each([
    ['sqlite_query', "SELECT x FROM t WHERE t = '10:00':TARGET_FILE[db]", ["SELECT x FROM t WHERE t = '10:00'", 'TARGET_FILE[db]']],
    ['sqlite_query', ' SELECT 1 : e.db ', ['SELECT 1', 'e.db']],
    ['csv_sum_where', 'A:B:==:10:00:30:f.csv', ['A', 'B', '==', '10:00:30', 'f.csv']],
    ['json_count', 'f.json', ['f.json']],
    ['json_count', '$.a[?t==1:2]:f.json', ['$.a[?t==1:2]', 'f.json']],
    ['xpath_value', "a[@t='1:2']:p.xml", ["a[@t='1:2']", 'p.xml']],
    ['sqlite_value', '0:name:t:e.db', ['0', 'name', 't', 'e.db']],
    ['sqlite_value', '0:name:t:x:e.db', null],
    ['file_line', '1:t.txt:x', null],
    ['csv_sum_where', 'A:B:==:f.csv', null],
  ])('%s %j', (name, raw, expected) => {
    expect(splitArgs(raw, spec[name])).toEqual(expected);
  });
});

describe('findTemplateCalls', () => {
  it('lists known calls with offsets, nesting and usage errors, skipping other placeholders', () => {
    const text = 'x {{entity1}} {{csv_row:{{csv_count:ID:d.csv}}:d.csv}} {{file_line:1:2:t.txt}}';
    const calls = findTemplateCalls(text);
    expect(calls.map((c) => [c.name, c.args, c.nested, c.usageError ?? null])).toEqual([
      ['csv_row', null, false, null],
      ['csv_count', ['ID', 'd.csv'], true, null],
      ['file_line', null, false, 'file_line requires exactly 2 arguments: line_number, file_path'],
    ]);
    expect(text.slice(calls[1].start, calls[1].end)).toBe('{{csv_count:ID:d.csv}}');
    expect(calls[0].raw).toBe('{{csv_row:{{csv_count:ID:d.csv}}:d.csv}}');
  });
});

describe('template cache', () => {
  it('reuses parsed files until they change, and reopens after a rewrite', () => {
    const cache = createTemplateCache();
    const c = { ...ctx, cache };
    const file = path.join(dir, 'cache.csv');
    fs.writeFileSync(file, 'A\n1\n');
    expect(evaluateTemplates('{{csv_sum:A:cache.csv}}', c)).toBe('1.0');
    fs.writeFileSync(file, 'A\n1\n2\n');
    expect(evaluateTemplates('{{csv_sum:A:cache.csv}}', c)).toBe('3.0');
    expect(evaluateTemplates('{{sqlite_query:SELECT COUNT(*) FROM emp:e.db}}', c)).toBe('3');
    expect(evaluateTemplates('{{sqlite_query:SELECT MAX(sal) FROM emp:e.db}}', c)).toBe('70001');
    cache.close();
  });

  it('evaluates 2,000 answer keys quickly with a shared cache', () => {
    const cache = createTemplateCache();
    const c = { ...ctx, cache };
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) {
      evaluateTemplates('{"n": {{csv_count:ID:TARGET_FILE[csv1]}}, "a": {{csv_avg:AGE:d.csv}}, "s": {{sqlite_query:SELECT SUM(sal) FROM emp:e.db}}}', c);
    }
    cache.close();
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
