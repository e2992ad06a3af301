import { describe, expect, it } from 'vitest';
import { NUMBER_TYPES, formatNumber, generateNumber, isNumberType } from './numbers';
import { createRng } from '../util/rng';

describe('formatNumber — conformance C35-C37', () => {
  it.each([
    // C35: Python round(base, -n) is half-to-even.
    ['round_hundreds', 250, '200'],
    ['round_hundreds', 350, '400'],
    ['round_thousands', 2500, '2000'],
    ['round_ten_thousands', 45000, '40000'],
    ['round_ten_thousands', 47927, '50000'],
    // C36: int(round(base / step)) * step, half-to-even.
    ['round_500', 1250, '1000'],
    ['round_500', 1750, '2000'],
    ['round_250', 1125, '1000'],
    ['round_250', 47927, '48000'],
    // More rounding edges.
    ['round_hundreds', 49, '0'],
    ['round_hundreds', 150, '200'],
    ['round_thousands', 3500, '4000'],
    ['round_250', 1375, '1500'],
    ['integer', 47927, '47927'],
    ['currency', 0, '0'],
  ] as const)('%s with base %d → %s', (type, base, expected) => {
    expect(formatNumber(type, base, 0)).toBe(expected);
  });

  it.each([
    ['decimal', 42.5, '42.5'],
    ['decimal', 42.004, '42.0'],
    ['decimal', 2.675, '2.67'],
    ['decimal', 7, '7.0'],
    ['percentage', 87.25, '87.2'],
    ['percentage', 87.35, '87.3'],
    ['percentage', 99.96, '100.0'],
  ] as const)('%s with uniform %d → %s (base ignored)', (type, uniform, expected) => {
    expect(formatNumber(type, 123456, uniform)).toBe(expected);
  });
});

describe('generateNumber', () => {
  it('integer values stay in [min, max] and reach both ends', () => {
    const rng = createRng(1, 'ints');
    const seen = new Set(Array.from({ length: 500 }, () => generateNumber(rng, 5, 9, 'integer')));
    expect([...seen].sort()).toEqual(['5', '6', '7', '8', '9']);
  });

  it('decimal has at most 2 decimals and stays in range', () => {
    const rng = createRng(2, 'dec');
    for (let i = 0; i < 300; i++) {
      const v = generateNumber(rng, 10, 20, 'decimal');
      expect(v).toMatch(/^\d+\.\d{1,2}$/);
      expect(Number(v)).toBeGreaterThanOrEqual(10);
      expect(Number(v)).toBeLessThanOrEqual(20);
    }
  });

  it('percentage has one decimal', () => {
    const rng = createRng(3, 'pct');
    for (let i = 0; i < 300; i++) expect(generateNumber(rng, 0, 100, 'percentage')).toMatch(/^\d+\.\d$/);
  });

  it('rounded types give multiples, possibly outside the range', () => {
    const rng = createRng(4, 'round');
    const seen = new Set(Array.from({ length: 300 }, () => generateNumber(rng, 1, 99, 'round_hundreds')));
    expect([...seen].sort()).toEqual(['0', '100']);
    for (let i = 0; i < 100; i++) expect(Number(generateNumber(rng, 1000, 50000, 'round_250')) % 250).toBe(0);
  });

  it('is deterministic and draws the base first for every type', () => {
    for (const type of NUMBER_TYPES) {
      const a = createRng(5, 'same');
      const b = createRng(5, 'same');
      expect(generateNumber(a, 100, 90000, type)).toBe(generateNumber(b, 100, 90000, type));
      // After one number, both generators are in the same state.
      expect(a.next()).toBe(b.next());
    }
  });

  it('throws on an empty range', () => {
    expect(() => generateNumber(createRng(1), 5, 1, 'integer')).toThrow(RangeError);
  });
});

describe('isNumberType', () => {
  const cases: Array<[string, boolean]> = [
    ...NUMBER_TYPES.map((t): [string, boolean] => [t, true]),
    ['round_50', false],
    ['Integer', false],
    ['', false],
  ];
  it.each(cases)('%s → %s', (t, expected) => {
    expect(isNumberType(t)).toBe(expected);
  });
});
