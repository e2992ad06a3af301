/** JSON functions beyond §13.2: number kinds, key order, navigation errors, filters, wildcard edge cases. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalOrError, innerMessage } from './test-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ctx = { baseDir: dir, components: [{ name: 'j', targetFile: 'k.json' }] };
fs.writeFileSync(
  path.join(dir, 'k.json'),
  '{"b": 1.0, "2": "two", "big": 12345678901234567890, "e": 1e2, "s": "x\'y", "n": null, "neg": -0.0,\n' +
    ' "items": [{"id": 1, "p": "10", "t": "a:b"}, {"id": 2, "p": 2.5, "t": "c]d"}, {"id": 3, "p": "n/a"}, 7],\n' +
    ' "nested": [[1, 2], [3]], "dup": 1, "dup": 2}',
);
fs.writeFileSync(path.join(dir, 'bad.json'), '{"a": 1,}');
fs.writeFileSync(path.join(dir, 'arr.json'), '[{"v": 5}, {"v": -1}]');

describe('json functions', () => {
  it.each([
    ['{{json_path:$.b:TARGET_FILE[j]}}', '1.0'],
    ['{{json_keys:k.json}}', 'b,2,big,e,s,n,neg,items,nested,dup'],
    ['{{json_path:$.big:k.json}}', '12345678901234567890'],
    ['{{json_path:$.e:k.json}}', '100.0'],
    ['{{json_path:$.neg:k.json}}', '-0.0'],
    ['{{json_path:$.dup:k.json}}', '2'],
    ['{{json_path:$:arr.json}}', "[{'v': 5}, {'v': -1}]"],
    ['{{json_path:$.:arr.json}}', "[{'v': 5}, {'v': -1}]"],
    ['{{json_path:$.items[0]:k.json}}', "{'id': 1, 'p': '10', 't': 'a:b'}"],
    ['{{json_value:items[1].p:k.json}}', '2.5'],
    ['{{json_value:n:k.json}}', ''],
    ['{{json_count:$.items:k.json}}', '4'],
    ['{{json_count:arr.json}}', '2'],
    ['{{json_sum:$.items[*].p:k.json}}', '12.5'],
    ['{{json_avg:$.items[*].p:k.json}}', '6.25'],
    ['{{json_min:$[*].v:arr.json}}', '-1.0'],
    ['{{json_max:$.nested[*][*]:k.json}}', '0'],
    ['{{json_collect:$.nested[*]:k.json}}', '[1, 2],[3]'],
    ['{{json_collect:$.items[1].id:k.json}}', '2'],
    ['{{json_collect:$.items[9].id:k.json}}', ''],
    ['{{json_collect:$.items[*]:k.json}}', "{'id': 1, 'p': '10', 't': 'a:b'},{'id': 2, 'p': 2.5, 't': 'c]d'},{'id': 3, 'p': 'n/a'},7"],
    ['{{json_count_where:$.items[?t==a:b]:k.json}}', '1'],
    ['{{json_count_where:$.items[?t=="a:b"]:k.json}}', '1'],
    ['{{json_count_where:$.items[?p>=2.5]:k.json}}', '2'],
    ['{{json_count_where:$.items[?p contains /]:k.json}}', '1'],
    ['{{json_count_where:$.items[?id!=1]:k.json}}', '2'],
    ['{{json_count_where:$.b[?id==1]:k.json}}', '0'],
    ['{{json_filter:$.items[?p endswith 0].id:k.json}}', '1'],
    ['{{json_filter:$.items[?id>1].t:k.json}}', 'c]d'],
    ['{{json_filter:$.items[?id>=1].nothere:k.json}}', ''],
    ['{{json_filter:$[?v<0]:arr.json}}', "{'v': -1}"],
    ['{{json_filter:$.s[?v<0]:k.json}}', ''],
  ])('%s → %s', (input, expected) => {
    expect(evalOrError(input, ctx)).toBe(expected);
  });

  it.each([
    ['{{json_path:$.zz:k.json}}', "Error evaluating JSONPath '$.zz': Key 'zz' not found in JSON object"],
    ['{{json_path:$.b[0]:k.json}}', "Error evaluating JSONPath '$.b[0]': Cannot index non-array value: <class 'float'>"],
    ['{{json_path:$.items[x]:k.json}}', "Error evaluating JSONPath '$.items[x]': Invalid array index: x"],
    ['{{json_path:$.items[4]:k.json}}', "Error evaluating JSONPath '$.items[4]': Array index 4 out of range (length: 4)"],
    ['{{json_path:$.s.t:k.json}}', "Error evaluating JSONPath '$.s.t': Cannot access key 't' on non-object value: <class 'str'>"],
    ['{{json_value:$.b:k.json}}', "Error accessing JSON key '$.b': Key '$' not found in JSON object"],
    ['{{json_count:$.b:k.json}}', "Error counting JSON elements at '$.b': Cannot count non-array/non-object value: <class 'float'>"],
    ['{{json_keys:$.items:k.json}}', "Error getting JSON keys at '$.items': Cannot get keys from non-object value: <class 'list'>"],
    ['{{json_count_where:$.items:k.json}}', "Error counting filtered JSON elements for '$.items': json_count_where requires a filter expression with [?...]"],
    ['{{json_filter:$.items[?id 1]:k.json}}', "Error filtering JSON elements for '$.items[?id 1]': Invalid filter expression: id 1"],
    ['{{json_path:$.a:bad.json}}', `Invalid JSON in file ${path.join(dir, 'bad.json')}: Expecting property name enclosed in double quotes: line 1 column 9 (char 8)`],
    ['{{json_sum:$.a:nope.json}}', `JSON file not found: ${path.join(dir, 'nope.json')}`],
    ['{{json_count:}}', 'Error reading JSON file ' + dir + ": [Errno 21] Is a directory: '" + dir + "'"],
  ])('%s fails with %s', (input, message) => {
    expect(innerMessage(evalOrError(input, ctx))).toBe(message);
  });
});
