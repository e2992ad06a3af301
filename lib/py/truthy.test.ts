import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { pyTruthy } from './truthy';

describe('pyTruthy (Python bool())', () => {
  it.each([null, undefined, false, 0, -0, 0n, '', [], {}, new Map(), new Uint8Array(0), new PyFloat(0), new PyFloat(-0)])('%s is falsy', (v) => {
    expect(pyTruthy(v)).toBe(false);
  });
  it.each([true, 1, NaN, 1n, ' ', [0], { a: 0 }, new Map([['a', 0]]), new Uint8Array(1), new PyFloat(NaN), new PyFloat(0.5)])('%s is truthy', (v) => {
    expect(pyTruthy(v)).toBe(true);
  });
});
