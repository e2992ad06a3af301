/** YAML functions: PyYAML safe_load typing (1.1 bools, ints, dot-only floats, dates) through the json_* logic. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pyRepr } from '../py';
import { evalOrError, innerMessage } from './test-helpers';
import { parsePyYaml } from './yaml-load';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ctx = { baseDir: dir, components: [] };
fs.writeFileSync(
  path.join(dir, 'y.yaml'),
  [
    'started: 2020-12-13',
    "code: '3868'",
    'flags: {a: yes, b: off, c: true}',
    'exp: 1e3',
    'ratio: 1.0',
    'empty:',
    'people:',
    '  - {name: Ann, age: 30, active: true}',
    '  - {name: Bo, age: 25.5, active: false}',
    '  - {name: Cy, age: "41", active: True}',
    'base: &b {x: 1}',
    'derived: {<<: *b, y: 2}',
  ].join('\n'),
);
fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: [1\n');
fs.writeFileSync(path.join(dir, 'multi.yaml'), 'a: 1\n---\nb: 2\n');

describe('yaml functions', () => {
  it.each([
    ['{{yaml_path:$.started:y.yaml}}', '2020-12-13'],
    ['{{yaml_path:$.code:y.yaml}}', '3868'],
    ['{{yaml_path:$.flags:y.yaml}}', "{'a': True, 'b': False, 'c': True}"],
    ['{{yaml_value:exp:y.yaml}}', '1e3'],
    ['{{yaml_value:ratio:y.yaml}}', '1.0'],
    ['{{yaml_value:empty:y.yaml}}', ''],
    ['{{yaml_count:y.yaml}}', '9'],
    ['{{yaml_count:$.people:y.yaml}}', '3'],
    ['{{yaml_keys:$.derived:y.yaml}}', 'x,y'],
    ['{{yaml_sum:$.people[*].age:y.yaml}}', '96.5'],
    ['{{yaml_avg:$.people[*].age:y.yaml}}', '32.166666666666664'],
    ['{{yaml_max:$.people[*].age:y.yaml}}', '41.0'],
    ['{{yaml_min:$.people[*].age:y.yaml}}', '25.5'],
    ['{{yaml_collect:$.people[*].active:y.yaml}}', 'True,False,True'],
    ['{{yaml_count_where:$.people[?active==True]:y.yaml}}', '2'],
    ['{{yaml_filter:$.people[?age>26].name:y.yaml}}', 'Ann,Cy'],
    ['{{yaml_filter:$.people[?name==Bo]:y.yaml}}', "{'name': 'Bo', 'age': 25.5, 'active': False}"],
    ['{{yaml_path:$.started:multi.yaml}}', `ERR: yaml_path($.started, multi.yaml) on ${path.join(dir, 'multi.yaml')}: Invalid YAML in file ${path.join(dir, 'multi.yaml')}: Source contains multiple documents; please use YAML.parseAllDocuments() at line 2, column 1:\n\na: 1\n---\n^\n`],
  ])('%s → %s', (input, expected) => {
    expect(evalOrError(input, ctx)).toBe(expected);
  });

  it.each([
    ['{{yaml_path:$.nope:y.yaml}}', "Error evaluating YAML path '$.nope': Key 'nope' not found in JSON object"],
    ['{{yaml_value:code[0]:y.yaml}}', "Error accessing YAML key 'code[0]': Cannot index non-array value: <class 'str'>"],
    ['{{yaml_count:$.started:y.yaml}}', "Error counting YAML elements at '$.started': Cannot count non-array/non-object value: <class 'datetime.date'>"],
    ['{{yaml_keys:x.yaml}}', `YAML file not found: ${path.join(dir, 'x.yaml')}`],
    ['{{yaml_sum:y.yaml}}', 'yaml_sum requires exactly 2 arguments: path_expression, file_path'],
  ])('%s fails with %s', (input, message) => {
    expect(innerMessage(evalOrError(input, ctx))).toBe(message);
  });

  it('reports syntax errors as Invalid YAML', () => {
    expect(innerMessage(evalOrError('{{yaml_path:$:bad.yaml}}', ctx))).toMatch(/^Invalid YAML in file .*bad\.yaml: /);
  });
});

describe('parsePyYaml (PyYAML safe_load typing, checked against PyYAML 6.0.3)', () => {
  it.each([
    ['a: 1_000', "{'a': 1000}"],
    ['a: 0x1F', "{'a': 31}"],
    ['a: 017', "{'a': 15}"],
    ['a: 1:30', "{'a': 90}"],
    ['a: .5', "{'a': 0.5}"],
    ['a: -.5', "{'a': '-.5'}"],
    ['a: 1.0e+3', "{'a': 1000.0}"],
    ['a: 1.0e3', "{'a': '1.0e3'}"],
    ['a: -.inf', "{'a': -inf}"],
    ['a: .NaN', "{'a': nan}"],
    ['a: [On, NO, Null, ~]', "{'a': [True, False, None, None]}"],
    ['a: !!str 12', "{'a': '12'}"],
    ['a: !!float 1', "{'a': 1.0}"],
    ['a: 2001-12-14 21:59:43.10 -5', "{'a': datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))}"],
    ['a: 2001-12-14T21:59:43Z', "{'a': datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc)}"],
    ['a: 2001-12-14 21:59:00', "{'a': datetime.datetime(2001, 12, 14, 21, 59)}"],
    ['1: x\nfalse: y', "{1: 'x', False: 'y'}"],
    ['', 'None'],
    ['a: |\n  t\n', "{'a': 't\\n'}"],
  ])('%j → %s', (src, repr) => {
    expect(pyRepr(parsePyYaml(src))).toBe(repr);
  });
});
