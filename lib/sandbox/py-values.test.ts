import { describe, expect, it } from 'vitest';
import { PyFloat } from '../py';
import { toPyInt } from './py-values';

describe('toPyInt (Python int())', () => {
  it.each([[5, 5], ['7', 7], [' -3 ', -3], ['1_000', 1000], [2.9, 2], [new PyFloat(4), 4], [true, 1]])('%j → %d', (v, n) => {
    expect(toPyInt(v, 'count')).toBe(n);
  });
  it.each([['abc', 'abc'], ['2.5', '2.5'], [null, 'None'], [[1], '[1]'], ['', '']])('%j is rejected', (v, shown) => {
    expect(() => toPyInt(v, 'count')).toThrow(`Invalid count value: ${shown}. Must be an integer.`);
  });
});
