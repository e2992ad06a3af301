import { describe, expect, it } from 'vitest';
import { mcnemarExact, wilson } from '.';

describe('wilson', () => {
  // Hand-computed with z = 1.96: p̂ = .8, denom = 1.38416, centre = .716738, margin = .226581.
  it.each([
    [8, 10, 0.490157, 0.943319],
    [0, 10, 0, 0.27754], // high = .38416 / 1.38416
    [10, 10, 0.72246, 1], // low = 1 / 1.38416
    [1, 80, 0.00221, 0.067464],
  ])('%i/%i', (k, n, low, high) => {
    const w = wilson(k, n, 1.96);
    expect(w?.low).toBeCloseTo(low, 4);
    expect(w?.high).toBeCloseTo(high, 4);
  });
  it('is null for n = 0', () => expect(wilson(0, 0)).toBeNull());
});

describe('mcnemarExact', () => {
  // 2·Σ_{i≤min} C(n,i)/2^n by hand: (1,5) → 2·7/64; (0,10) → 2/1024; (3,3) → capped at 1; (2,8) → 2·56/1024.
  it.each([
    [1, 5, 0.21875],
    [5, 1, 0.21875],
    [0, 10, 0.001953125],
    [3, 3, 1],
    [2, 8, 0.109375],
    [0, 0, 1],
  ])('b=%i c=%i', (b, c, p) => expect(mcnemarExact(b, c)).toBeCloseTo(p, 12));
  it('stays finite for large counts', () => {
    const p = mcnemarExact(400, 600);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-9);
  });
});
