import { describe, expect, it } from 'vitest';
import { pyPathStr, resolveScorePath } from './resolve-path';

describe('pyPathStr is str(PurePosixPath(p))', () => {
  // Expected: CPython 3.11 `str(PurePosixPath(p))`. Paths already in that form are returned as they are.
  it.each([
    ['/a/b', '/a/b'], ['a/b', 'a/b'], ['/a//b', '/a/b'], ['/a/./b', '/a/b'], ['/a/b/', '/a/b'], ['./a', 'a'], ['.', '.'],
    ['', '.'], ['/', '/'], ['//', '//'], ['//a', '//a'], ['///a', '/a'], ['a/..', 'a/..'], ['/a/../b', '/a/../b'],
    ['a/.hidden', 'a/.hidden'], ['/a/b/.', '/a/b'], ['..', '..'], ['../a', '../a'], ['a//', 'a'], ['/.a/b..', '/.a/b..'],
  ])('%j → %j', (p, expected) => {
    expect(pyPathStr(p)).toBe(expected);
  });
});

describe('resolveScorePath', () => {
  it('joins relative paths to the recorded root, strips test_artifacts/, and remaps onto the root it is now at', () => {
    const ctx = { artifactsDir: '/now/sandbox', recordedArtifactsDir: '/then/sandbox/' };
    expect(resolveScorePath('out//a.txt', ctx)).toEqual({ display: '/then/sandbox/out/a.txt', check: '/now/sandbox/out/a.txt' });
    expect(resolveScorePath('test_artifacts/./b', ctx)).toEqual({ display: '/then/sandbox/b', check: '/now/sandbox/b' });
    expect(resolveScorePath('/elsewhere/c/', ctx)).toEqual({ display: '/elsewhere/c', check: '/elsewhere/c' });
  });
});
