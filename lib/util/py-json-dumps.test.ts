import { describe, expect, it } from 'vitest';
import { PyFloat } from './py-float';
import { jsonString, pyJsonDumps, pyJsonDumpsNested } from './py-json-dumps';

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
    expect(pyJsonDumps(value, indent)).toBe(expected);
  });

  it.each([[0], [1], [2], [3]])('pyJsonDumpsNested at level %i equals re-indenting the indent-2 dump', (level) => {
    const reindented = pyJsonDumps(value, 2).replace(/\n/g, `\n${'  '.repeat(level)}`);
    expect(pyJsonDumpsNested(value, 2, level)).toBe(reindented);
  });

  it.each([[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [true, 'true'], [null, 'null'], [undefined, 'null']])('%s', (v, expected) => {
    expect(pyJsonDumps(v)).toBe(expected);
  });
});
