import { describe, expect, it } from 'vitest';
import { fmt, formatComparison, ratio, type Comparison } from './comparison';

const time: Comparison = { figure: 'picard --help', value: 0.09, floor: 'node -e 0', floorValue: 0.045, unit: 's', better: 'lower' };
const rate: Comparison = { figure: 'picard run', value: 500, floor: 'bare script', floorValue: 2000, unit: 'items/s', better: 'higher' };

describe('figure beside its floor', () => {
  it('ratio is times worse than the floor, for times and for rates', () => {
    expect(ratio(time)).toBeCloseTo(2);
    expect(ratio(rate)).toBeCloseTo(4);
  });
  it('prints figure, floor and ratio on one line', () => {
    const line = formatComparison(time);
    expect(line).toMatch(/^picard --help\s+0\.090 s\s+vs node -e 0\s+0\.045 s\s+×2\.00$/);
    expect(formatComparison(rate)).toMatch(/500 items\/s .* 2000 items\/s\s+×4\.00$/);
  });
  it('formats integers as they are and others to 3 significant digits', () => {
    expect([fmt(130), fmt(0.0912), fmt(1.0249), fmt(57.25), fmt(1040.4)]).toEqual(['130', '0.091', '1.02', '57.3', '1040']);
  });
});
