import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it.each([
    { name: 'equal', a: 'x\ny', b: 'x\ny', want: ' x| y' },
    { name: 'changed middle line', a: 'x\ny\nz', b: 'x\nY\nz', want: ' x|-y|+Y| z' },
    { name: 'added line', a: 'x', b: 'x\ny', want: ' x|+y' },
    { name: 'removed line', a: 'x\ny', b: 'y', want: '-x| y' },
    { name: 'empty actual', a: 'x', b: '', want: '-x|+' },
  ])('$name', ({ a, b, want }) => {
    expect(lineDiff(a, b).map((l) => `${l.op}${l.text}`).join('|')).toBe(want);
  });

  it('falls back to both sides for very long inputs', () => {
    const big = Array.from({ length: 2001 }, (_, i) => String(i)).join('\n');
    const d = lineDiff(big, 'x');
    expect(d).toHaveLength(2002);
    expect(d.at(-1)).toEqual({ op: '+', text: 'x' });
  });
});
