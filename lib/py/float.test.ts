import { describe, expect, it } from 'vitest';
import { PyFloat, pyFloatStr } from './float';

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

describe('PyFloat', () => {
  it('JSON.stringify writes it as a number (null when not finite), pyFloatStr as a Python float', () => {
    expect(JSON.stringify([new PyFloat(75), new PyFloat(NaN), new PyFloat(-Infinity)])).toBe('[75,null,null]');
    expect(pyFloatStr(new PyFloat(75).value)).toBe('75.0');
  });
});
