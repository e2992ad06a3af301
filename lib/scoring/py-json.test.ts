import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../util/py-format';
import { deepJsonEqual, jsonDifferences } from './json-compare';
import { JsonFloat, pyJsonLoads, toPlain } from './py-json';

// Messages verified against CPython 3.11 json.loads.
const errors: Array<[string, string]> = [
  ['', 'Expecting value: line 1 column 1 (char 0)'],
  [' ', 'Expecting value: line 1 column 2 (char 1)'],
  ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['{"a"', "Expecting ':' delimiter: line 1 column 5 (char 4)"],
  ['{"a":', 'Expecting value: line 1 column 6 (char 5)'],
  ['{"a":1', "Expecting ',' delimiter: line 1 column 7 (char 6)"],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
  ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['"a\\x"', 'Invalid \\escape: line 1 column 3 (char 2)'],
  ['"\\u12"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
  ['"\\u12g4"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
  ['"a\nb"', 'Invalid control character at: line 1 column 3 (char 2)'],
  ['{"a":1} x', 'Extra data: line 1 column 9 (char 8)'],
  ['-', 'Expecting value: line 1 column 1 (char 0)'],
  ['1.', 'Extra data: line 1 column 2 (char 1)'],
  ['01', 'Extra data: line 1 column 2 (char 1)'],
  ['tru', 'Expecting value: line 1 column 1 (char 0)'],
  ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
  ['[1,\n 2,\n x]', 'Expecting value: line 3 column 2 (char 9)'],
  ['"\\', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['{1:2}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['"\u{1F600}" x', 'Extra data: line 1 column 5 (char 4)'],
  ['```json\n{"a":1}\n```', 'Expecting value: line 1 column 1 (char 0)'],
];

describe('pyJsonLoads errors', () => {
  it.each(errors)('%j', (input, msg) => expect(() => pyJsonLoads(input)).toThrow(msg));
  it('non-strings raise the TypeError text', () => {
    expect(() => pyJsonLoads(null)).toThrow('the JSON object must be str, bytes or bytearray, not NoneType');
  });
});

describe('pyJsonLoads values', () => {
  it('keeps int vs float', () => {
    const v = pyJsonLoads('{"i": 75, "f": 75.0, "e": 1e2, "n": -0, "big": 123456789012345678901234567890}') as Map<string, unknown>;
    expect(v.get('i')).toBe(75);
    expect(v.get('f')).toBeInstanceOf(JsonFloat);
    expect((v.get('e') as JsonFloat).value).toBe(100);
    expect(v.get('big')).toBe(123456789012345678901234567890n);
  });
  it('accepts NaN/Infinity and keeps the last duplicate at the first position', () => {
    const v = pyJsonLoads('{"a": 1, "b": NaN, "a": 2, "c": -Infinity}') as Map<string, unknown>;
    expect([...v.keys()]).toEqual(['a', 'b', 'c']);
    expect(v.get('a')).toBe(2);
    expect(pyJsonDumps(toPlain(v as never))).toBe('{"a": 2, "b": NaN, "c": -Infinity}');
  });
  it('decodes escapes and surrogate pairs', () => {
    expect(pyJsonLoads('"\\u00e9\\ud83d\\ude00\\n\\/"')).toBe('é😀\n/');
    expect(pyJsonLoads('"\\ud800"')).toBe('\ud800');
  });
  it('dumps floats like Python (75.0) and JSON.stringify as numbers', () => {
    const v = toPlain(pyJsonLoads('{"t": 75.0, "a": [1, 2.5]}'));
    expect(pyJsonDumps(v)).toBe('{"t": 75.0, "a": [1, 2.5]}');
    expect(JSON.stringify(v)).toBe('{"t":75,"a":[1,2.5]}');
  });
});

// Spec §13.6 C56–C62 (comparison part) and §8.4 messages.
const compares: Array<[string, string, boolean, string[]]> = [
  ['{"a": 1}', '{"a": 1.0}', false, ['root.a: Expected int, got float']],
  ['{"a": 1, "b": [1,2]}', '{"b":[1,2],"a":1}', true, []],
  ['[1,2]', '[2,1]', false, ['root[0]: Expected 1, got 2', 'root[1]: Expected 2, got 1']],
  ['{"a": true}', '{"a": 1}', false, ['root.a: Expected bool, got int']],
  ['{"a": "1"}', '{"a": 1}', false, ['root.a: Expected str, got int']],
  ['{"a": 46.346666666666664}', '{"a": 46.35}', false, ['root.a: Expected 46.346666666666664, got 46.35']],
  ['{"a": 1e2}', '{"a": 100.0}', true, []],
  ['{"a":1,"a":2}', '{"a":2}', true, []],
  ['{"a":{"b":1}}', '{"a":{"b":2,"c":3}}', false, ["root.a: Extra keys: ['c']", 'root.a.b: Expected 1, got 2']],
  ['{"a":1,"b":2}', '{"a":1}', false, ["root: Missing keys: ['b']"]],
  ['[1,2,3]', '[1,5]', false, ['root: Expected array length 3, got 2', 'root[1]: Expected 2, got 5']],
  ['{"x": NaN}', '{"x": NaN}', false, ['root.x: Expected nan, got nan']],
  ['[true, null, "s"]', '[false, null, "t"]', false, ['root[0]: Expected True, got False', 'root[2]: Expected s, got t']],
  ['null', '{}', false, ['root: Expected NoneType, got dict']],
  ['12345678901234567890', '12345678901234567891', false, ['root: Expected 12345678901234567890, got 12345678901234567891']],
];

describe('deep JSON compare', () => {
  it.each(compares)('%s vs %s', (e, a, equal, diffs) => {
    const ev = pyJsonLoads(e);
    const av = pyJsonLoads(a);
    expect(deepJsonEqual(ev, av)).toBe(equal);
    expect(jsonDifferences(ev, av)).toEqual(diffs);
  });
});
