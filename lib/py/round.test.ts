import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { pyFixed, pyRound, pyRound2 } from './round';

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
