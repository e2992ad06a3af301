import { describe, expect, it } from 'vitest';
import { holm, mcnemarExact, wilson } from '.';

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

describe('mcnemarExact is exact on known tables', () => {
  // Expected values from python3: min(1, 2*sum(math.comb(n, i) for i in range(min(b,c)+1)) / 2**n), which
  // Python divides exactly and rounds once; the integer path here must give the same double, bit for bit.
  it.each([
    [15, 0, 6.103515625e-5],
    [22, 0, 4.76837158203125e-7],
    [7, 0, 0.015625],
    [3, 12, 0.03515625],
    [9, 4, 0.266845703125],
    [40, 61, 0.046044066929342806],
    [150, 200, 0.008720036530555949],
  ])('b=%i c=%i', (b, c, p) => expect(mcnemarExact(b, c)).toBe(p));
});

describe('holm', () => {
  it('step-down adjusts and keeps the input order (values from python3)', () => {
    // sorted: .03515625·5 = .17578125; .04·4 = .16 → .17578125; .0460…·3 = .138 → .17578125; .2668…·2; .5·1 → .5336…
    const ps = [0.03515625, 0.266845703125, 0.046044066929342806, 0.04, 0.5];
    expect(holm(ps)).toEqual([0.17578125, 0.53369140625, 0.17578125, 0.17578125, 0.53369140625]);
  });
  it('caps at 1, handles one and no p-values', () => {
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([])).toEqual([]);
  });
});
