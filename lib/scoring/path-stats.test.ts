import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { pathStates, type PathState } from './path-stats';
import { pyStat } from './py-text';
import { pyPathStr } from './resolve-path';

// pathStates answers for a whole list with fewer stats (a path under which another was found is a directory);
// every answer must be the one a stat of that very path gives, spelled out here as `oneByOne`.

const tempDir = useTempDirs('picard-pathstats-');

function oneByOne(checks: string[]): PathState[] {
  return checks.map((c) => {
    const st = pyStat(c, c);
    return st ? { exists: true, isFile: st.isFile(), isDirectory: st.isDirectory() } : { exists: false, isFile: false, isDirectory: false };
  });
}

function tree(): string {
  const base = tempDir();
  fs.mkdirSync(path.join(base, 'd', 'logs'), { recursive: true });
  fs.writeFileSync(path.join(base, 'd', 'logs', 'a.log'), 'x');
  fs.writeFileSync(path.join(base, 'f.txt'), 'x');
  fs.symlinkSync(path.join(base, 'd'), path.join(base, 'link'));
  fs.symlinkSync(path.join(base, 'nowhere'), path.join(base, 'dangling'));
  fs.symlinkSync(path.join(base, 'loop'), path.join(base, 'loop'));
  return base;
}

describe('pathStates', () => {
  it('gives, for nested, sibling, missing, symlinked and dotted paths, what a stat of each path gives', () => {
    const base = tree();
    const lists = [
      ['d/', 'd/logs/', 'd/logs/a.log'],
      ['d/logs/a.log', 'd/logs/', 'd/'],
      ['d/', 'd/logs/', 'd/logs/b.log'],
      ['d/', 'd/nope/', 'd/nope/b.log'],
      ['f.txt', 'f.txt/below', 'f.txt/'],
      ['link/', 'link/logs/a.log', 'link'],
      ['dangling', 'dangling/x', 'loop', 'loop/x'],
      ['d/logs/../logs/a.log', 'd/logs', 'd/logs/..', 'd'],
      ['d', 'd', 'd/logs/a.log', 'd/logs/a.log'],
      ['', '.', 'd/logs/a.log'],
      ['/', '/tmp', 'd/logs/a.log'],
    ];
    for (const list of lists) {
      const checks = list.map((p) => (p.startsWith('/') ? p : pyPathStr(`${base}/${p}`)));
      const got = pathStates(checks.map((c) => ({ check: c, display: c })));
      expect([list, got]).toEqual([list, oneByOne(checks)]);
    }
  });

  it('raises the error of the first path that raises in list order, as stat-ing one path at a time does', () => {
    const base = tree();
    const checks = [`${base}/bad\0one`, `${base}/d/`, `${base}/d/logs/a.log`, `${base}/d/logs/bad\0two/deeper/still`];
    const first = (() => {
      try {
        oneByOne(checks);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    })();
    expect(first).toContain('bad\\x00one');
    expect(() => pathStates(checks.map((c) => ({ check: c, display: c })))).toThrow(first);
  });
});
