import { describe, expect, it } from 'vitest';
import { PyFloat, pyRound } from '../util/py-format';
import { createRng } from '../generation/rng';
import { pyRepr, pyRound2, toPyInt } from './py-values';

describe('pyRound2', () => {
  it.each([[0.125, 0.12], [0.375, 0.38], [2.675, 2.67], [1.005, 1], [999.995, 1000], [87.255, 87.25], [-0.125, -0.12]])('round(%d, 2) = %d', (x, y) => {
    expect(pyRound2(x)).toBe(y);
  });

  it('agrees with the exact pyRound on 20,000 uniform draws', () => {
    const rng = createRng(1, 'round');
    for (let i = 0; i < 20000; i++) {
      const x = rng.uniform(0, 1000);
      expect(pyRound2(x)).toBe(pyRound(x, 2));
    }
  });
});

describe('toPyInt (Python int())', () => {
  it.each([[5, 5], ['7', 7], [' -3 ', -3], ['1_000', 1000], [2.9, 2], [new PyFloat(4), 4], [true, 1]])('%j → %d', (v, n) => {
    expect(toPyInt(v, 'count')).toBe(n);
  });
  it.each([['abc', 'abc'], ['2.5', '2.5'], [null, 'None'], [[1], '[1]'], ['', '']])('%j is rejected', (v, shown) => {
    expect(() => toPyInt(v, 'count')).toThrow(`Invalid count value: ${shown}. Must be an integer.`);
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
