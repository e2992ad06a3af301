import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { pyRepr, pyStr, pyStrRepr } from './str-repr';

describe('pyStrRepr', () => {
  it('quotes like Python repr', () => {
    expect(pyStrRepr('a')).toBe("'a'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('a\nb')).toBe("'a\\nb'");
  });
});

describe('pyRepr', () => {
  it.each([
    [['A', 'B'], "['A', 'B']"],
    [{ k: true, n: null, f: new PyFloat(2) }, "{'k': True, 'n': None, 'f': 2.0}"],
    [["it's", 'a"b'], `["it's", 'a"b']`],
    [1e-5, '1e-05'],
  ])('%j', (v, s) => {
    expect(pyRepr(v)).toBe(s);
  });
});

describe('pyStr (Python str(), expected texts from CPython 3.11)', () => {
  it.each([
    ['text', 'text'],
    [null, 'None'],
    [undefined, 'None'],
    [true, 'True'],
    [false, 'False'],
    [0, '0'],
    [10n, '10'],
    [1e-5, '1e-05'],
    [new PyFloat(1), '1.0'],
    [[1, 'a', new PyFloat(1), null, true, { k: [1e-5] }], "[1, 'a', 1.0, None, True, {'k': [1e-05]}]"],
    [[], '[]'],
    [{}, '{}'],
  ])('%s → %s', (v, s) => expect(pyStr(v)).toBe(s));
});
