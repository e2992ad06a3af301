import { describe, expect, it } from 'vitest';
import { pyFixed, pyFloatStr, PyFloat, pyJsonDumps, pyRound, pyStrRepr } from './py-format';

describe('pyFloatStr (Python str(float), spec §12.1)', () => {
  it.each([
    [100, '100.0'],
    [33.333333333333336, '33.333333333333336'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [9999999999999998, '9999999999999998.0'],
    [-2.5, '-2.5'],
    [0, '0.0'],
    [-0, '-0.0'],
    [79.98, '79.98'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
  ])('%s → %s', (x, s) => expect(pyFloatStr(x)).toBe(s));
});

describe('pyRound / pyFixed (half-even on the exact binary value, spec §12.3)', () => {
  it.each([
    [250, -2, 200],
    [350, -2, 400],
    [2500, -3, 2000],
    [45000, -4, 40000],
    [47927, -4, 50000],
    [87.25, 1, 87.2],
    [2.675, 2, 2.67],
    [42.004, 2, 42.0],
    [0.125, 2, 0.12],
    [0.375, 2, 0.38],
    [-1.5, 0, -2],
  ])('round(%s, %s) = %s', (x, n, r) => expect(pyRound(x, n)).toBe(r));

  it('formats like f-strings', () => {
    expect(pyFixed(1.25, 1)).toBe('1.2');
    expect(pyFixed(1.35, 1)).toBe('1.4');
    expect(pyFixed(33.333, 2)).toBe('33.33');
    expect(pyFixed(0, 1)).toBe('0.0');
  });
});

describe('pyJsonDumps (json.dumps defaults)', () => {
  it('uses ", " and ": " and escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: 1, b: ['x', null, true], c: '├── é' })).toBe('{"a": 1, "b": ["x", null, true], "c": "\\u251c\\u2500\\u2500 \\u00e9"}');
  });
  it('indents like json.dump(indent=2) and keeps Python floats', () => {
    expect(pyJsonDumps({ a: [1, 2], b: {}, c: new PyFloat(75) }, 2)).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": 75.0\n}');
  });
});

describe('pyStrRepr', () => {
  it('quotes like Python repr', () => {
    expect(pyStrRepr('a')).toBe("'a'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('a\nb')).toBe("'a\\nb'");
  });
});
