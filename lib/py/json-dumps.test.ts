import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { jsonString, pyJsonDumps } from './json-dumps';

describe('jsonString (Python json.dumps, ensure_ascii=True)', () => {
  // Expected texts are CPython 3.11 `json.dumps(s)` output.
  const cases: Array<[string, string, string]> = [
    ['plain ASCII', 'abc ~', '"abc ~"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['short escapes', '\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['other controls, lower-case hex', '\x00\x1f', '"\\u0000\\u001f"'],
    ['DEL is escaped', 'a\x7fb', '"a\\u007fb"'],
    ['Latin-1 and box drawing', 'é├', '"\\u00e9\\u251c"'],
    ['astral character as a surrogate pair', '😀', '"\\ud83d\\ude00"'],
    ['lone surrogate', '\ud800x', '"\\ud800x"'],
    ['mixed, escapes between runs', 'x"é\ny', '"x\\"\\u00e9\\ny"'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(jsonString(input)).toBe(expected);
  });
});

describe('pyJsonDumps structure', () => {
  const value = { a: [1, { b: null, skip: undefined }], c: {}, d: [], e: new PyFloat(2), f: [undefined], g: -0.5, h: 10n };
  it.each([
    [undefined, '{"a": [1, {"b": null}], "c": {}, "d": [], "e": 2.0, "f": [null], "g": -0.5, "h": 10}'],
    [2, '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": {},\n  "d": [],\n  "e": 2.0,\n  "f": [\n    null\n  ],\n  "g": -0.5,\n  "h": 10\n}'],
  ])('indent %s', (indent, expected) => {
    expect(pyJsonDumps(value, indent === undefined ? undefined : { indent })).toBe(expected);
  });

  it.each([[0], [1], [2], [3]])('level %i equals re-indenting the indent-2 dump', (level) => {
    const reindented = pyJsonDumps(value, { indent: 2 }).replace(/\n/g, `\n${'  '.repeat(level)}`);
    expect(pyJsonDumps(value, { indent: 2, level })).toBe(reindented);
  });

  it.each([[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [true, 'true'], [null, 'null'], [undefined, 'null']])('%s', (v, expected) => {
    expect(pyJsonDumps(v)).toBe(expected);
  });
});

describe('pyJsonDumps (json.dumps defaults)', () => {
  it('uses ", " and ": " and escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: 1, b: ['x', null, true], c: '├── é' })).toBe('{"a": 1, "b": ["x", null, true], "c": "\\u251c\\u2500\\u2500 \\u00e9"}');
  });
  it('indents like json.dump(indent=2) and keeps Python floats', () => {
    expect(pyJsonDumps({ a: [1, 2], b: {}, c: new PyFloat(75) }, { indent: 2 })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": 75.0\n}');
  });
});

describe('pyJsonDumps options and Python floats (expected texts are CPython 3.11 json.dumps output)', () => {
  it('writes non-integral numbers and PyFloats as Python floats, NaN and Infinity as Python does', () => {
    expect(pyJsonDumps([new PyFloat(NaN), new PyFloat(Infinity), 1e-5, 1e-7, 0.5])).toBe('[NaN, Infinity, 1e-05, 1e-07, 0.5]');
  });
  it('separators=(",", ":") with ensure_ascii (DEL escaped too), Map objects as dicts', () => {
    const v = new Map<string, unknown>([['a', [1, new Map([['b', 'é\x7f']])]], ['c', null]]);
    expect(pyJsonDumps(v, { separators: [',', ':'] })).toBe('{"a":[1,{"b":"\\u00e9\\u007f"}],"c":null}');
  });
  it('ensure_ascii=False keeps non-ASCII, DEL and lone surrogates as they are, in keys too', () => {
    expect(pyJsonDumps({ u: 'héllo ✓\x7f', kV: '\ud800' }, { indent: 2, ensureAscii: false })).toBe('{\n  "u": "héllo ✓\x7f",\n  "kV": "\ud800"\n}');
    expect(pyJsonDumps({ 'ké': 1 }, { ensureAscii: false })).toBe('{"ké": 1}');
  });
  it('indent with explicit separators keeps the item separator before the newline; indent=0 has newlines only', () => {
    expect(pyJsonDumps({ a: [1, 2] }, { indent: 2, separators: [', ', ': '] })).toBe('{\n  "a": [\n    1, \n    2\n  ]\n}');
    expect(pyJsonDumps({ a: [1] }, { indent: 0 })).toBe('{\n"a": [\n1\n]\n}');
  });
});

describe('pyJsonDumps as json.dump(indent=2, ensure_ascii=False) (sandbox JSON files)', () => {
  const sandbox = { indent: 2, ensureAscii: false } as const;
  it.each([
    [{ u: 'héllo ✓', q: 'a"b\\c\n\t\u0001' }, '{\n  "u": "héllo ✓",\n  "q": "a\\"b\\\\c\\n\\t\\u0001"\n}'],
    [[new PyFloat(1e16), new PyFloat(1e-5), 0.1, [], {}], '[\n  1e+16,\n  1e-05,\n  0.1,\n  [],\n  {}\n]'],
    ['x', '"x"'],
  ])('%j', (value, expected) => {
    expect(pyJsonDumps(value, sandbox)).toBe(expected);
  });

  it('ensure_ascii escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: 'é' }, { indent: 2 })).toBe('{\n  "a": "\\u00e9"\n}');
  });
});

describe('pyJsonDumps with indent: the JSON.stringify fast path writes what the general writer writes', () => {
  // `level: 1` always takes the general writer; without its extra indent it is the level-0 text.
  const general = (v: unknown) => pyJsonDumps(v, { indent: 2, level: 1 }).replace(/\n {2}/g, '\n');
  class Point {
    constructor(readonly x = 1) {}
  }
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
  const cases: Array<[string, unknown]> = [
    ['a conversation-like tree', { question_id: 3, messages: [{ role: 'user', content: 'a "quoted"\n\tline \\ end' }, { role: 'tool', content: null, tool_calls: [] }], stats: { tokens_estimated: 13.000000000000002, time: 0.01, ok: true } }],
    ['floats at the edges', [1e-4, 9.99e-5, 1e-5, 0.1 + 0.2, -0.5, 123.456, 1e16 - 2, 1e16, 1.5e16, 2 ** 53, 1e21, -1e22]],
    ['non-finite', { a: NaN, b: Infinity, c: -Infinity }],
    ['Python floats and Maps', { f: new PyFloat(75), m: new Map<unknown, unknown>([[1, 'x'], [null, 2.5]]) }],
    ['non-ASCII, DEL, astral, lone surrogate, controls', ['é', 'a\x7fb', '✓ 😀', '\ud800x', '\x00\x01\x1f\b\f\r']],
    ['undefined and empties', { a: undefined, b: [undefined, 1], c: {}, d: [], e: [[], {}], f: '' }],
    ['a Date and a class instance', { d: new Date(0), p: new Point() }],
    ['a null-prototype object', { o: nullProto }],
    ['a bigint', { n: 12n }],
    ['integer-like keys', { b: 1, 2: 'two', 1: 'one', a: 3 }],
  ];
  it.each(cases)('%s', (_name, v) => {
    expect(pyJsonDumps(v, { indent: 2 })).toBe(general(v));
  });
  it('is Python’s text for floats that do and do not take it', () => {
    expect(pyJsonDumps([1e-4, 1e-5, 1e16, 0.5, new PyFloat(2)], { indent: 2 })).toBe('[\n  0.0001,\n  1e-05,\n  10000000000000000,\n  0.5,\n  2.0\n]');
  });
});
