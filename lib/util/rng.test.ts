import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
  it('is reproducible for a seed and scope', () => {
    const a = createRng(42, 'q1_s1');
    const b = createRng(42, 'q1_s1');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives unrelated streams for near-identical scopes', () => {
    const firsts = Array.from({ length: 50 }, (_, i) => createRng(5, `q101_s${i + 1}`).int(0, 153));
    // 50 draws from 154 values: with independent streams we expect ~43 distinct values, never a handful.
    expect(new Set(firsts).size).toBeGreaterThan(35);
  });

  it('draws integers in the inclusive range, uniformly enough', () => {
    const r = createRng('x');
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[r.int(1, 6) - 1]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => r.int(5, 1)).toThrow(/empty range/);
  });

  it('returns floats in [0, 1) and chooses every element', () => {
    const r = createRng(1);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      seen.add(r.choice(['a', 'b', 'c']));
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
    expect(() => r.choice([])).toThrow();
  });
});
