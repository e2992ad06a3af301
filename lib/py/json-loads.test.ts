import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { pyJsonDumps } from './json-dumps';
import { pyJsonLoads, toPlain } from './json-loads';
import { pyRepr } from './str-repr';

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
    expect(v.get('f')).toBeInstanceOf(PyFloat);
    expect((v.get('e') as PyFloat).value).toBe(100);
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
  it('makes a "__proto__" key an own property (as Object.fromEntries does), not the prototype', () => {
    const v = toPlain(pyJsonLoads('{"__proto__": {"x": 1}, "b": 2, "10": 3}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['10', '__proto__', 'b']);
    expect(JSON.stringify(v)).toBe('{"10":3,"__proto__":{"x":1},"b":2}');
    expect((v as { x?: unknown }).x).toBeUndefined();
  });
});

describe('pyJsonLoads through pyRepr (the templates data model)', () => {
  it.each([
    ['[1, 1.5, -0, 2E3, NaN, -Infinity, "\\u00e9\\ud83d\\ude00"]', "[1, 1.5, 0, 2000.0, nan, -inf, 'é😀']"],
    ['{"a": {"b": [true, false, null]}}', "{'a': {'b': [True, False, None]}}"],
    [' {} ', '{}'],
  ])('%s → %s', (text, repr) => {
    expect(pyRepr(pyJsonLoads(text))).toBe(repr);
  });

  it.each([
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['[1]\n x', 'Extra data: line 2 column 2 (char 5)'],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
    ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
  ])('%j fails with %s', (text, message) => {
    expect(() => pyJsonLoads(text)).toThrow(message);
  });
});
