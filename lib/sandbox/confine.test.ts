import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin } from './confine';

/** The rule `isWithin` implements, spelled with `path.relative` alone. */
function byRelative(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

describe('isWithin', () => {
  const roots = ['/s/q1_s1', '/s/q1_s1/', '/', '/s/./q1_s1', '/s//q1_s1', 's/q1_s1', '/s/q1_s1/..'];
  const paths = [
    '/s/q1_s1', '/s/q1_s1/a.txt', '/s/q1_s1/d/e', '/s/q1_s1x', '/s/q1_s1x/a', '/s/q1_s', '/s', '/', '/other',
    '/s/q1_s1/..foo', '/s/q1_s1/../q1_s2', '/s/q1_s1/./a', '/s/q1_s1//a', '/s/q1_s1/a/', '/s/q1_s1/.', '/s/q1_s1/..', 's/q1_s1/a', '../x',
  ];
  it('says what path.relative says, for normal and unnormal roots and paths', () => {
    for (const root of roots) for (const p of paths) expect([root, p, isWithin(root, p)]).toEqual([root, p, byRelative(root, p)]);
  });
  it('a root is within itself; a sibling sharing its prefix is not; `..foo` is a name', () => {
    expect(isWithin('/s/q1_s1', '/s/q1_s1')).toBe(true);
    expect(isWithin('/s/q1_s1', '/s/q1_s10/a')).toBe(false);
    expect(isWithin('/s/q1_s1', '/s/q1_s1/..foo')).toBe(true);
    expect(isWithin('/s/q1_s1', '/s/q1_s1/../q1_s2')).toBe(false);
  });
});
