import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { existingRealRoot, existingRealRootIn, isWithin, newEntryInSandbox, resolveEntryInSandbox, resolveInSandbox, type LeafStat } from './confine';

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

describe('the leaf lstat the confinement check reports', () => {
  let base: string | undefined;
  afterEach(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
    base = undefined;
  });
  const setup = () => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-leaf-')));
    const root = path.join(base, 'root');
    fs.mkdirSync(path.join(root, 'd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'd', 'f.txt'), 'abc');
    fs.mkdirSync(path.join(base, 'out'));
    fs.writeFileSync(path.join(base, 'out', 'g.txt'), 'secret');
    fs.symlinkSync(path.join(root, 'd'), path.join(root, 'inner'));
    return root;
  };
  const leafOf = (resolve: typeof resolveInSandbox, root: string, p: string) => {
    const leaf: LeafStat = {};
    const abs = resolve(root, p, existingRealRoot(root) ?? undefined, leaf);
    return { abs, leaf };
  };

  it('is the lstat of the returned path for files and folders, null when it or a folder on the way is missing', () => {
    const root = setup();
    for (const resolve of [resolveInSandbox, resolveEntryInSandbox]) {
      const f = leafOf(resolve, root, 'd/f.txt');
      expect(f.abs).toBe(path.join(root, 'd', 'f.txt'));
      expect(f.leaf.stat?.isFile()).toBe(true);
      expect(f.leaf.stat?.size).toBe(3);
      expect(leafOf(resolve, root, 'd').leaf.stat?.isDirectory()).toBe(true);
      expect(leafOf(resolve, root, 'd/nope.txt').leaf.stat).toBeNull();
      expect(leafOf(resolve, root, 'nope/deeper/x.txt').leaf.stat).toBeNull();
    }
  });

  it('is left unknown when the check did not lstat the path itself: the root, a symlink on the way, a file as a folder', () => {
    const root = setup();
    expect(leafOf(resolveInSandbox, root, '.').leaf.stat).toBeUndefined();
    const viaLink = leafOf(resolveInSandbox, root, 'inner/f.txt');
    expect(viaLink.abs).toBe(path.join(root, 'd', 'f.txt'));
    expect(viaLink.leaf.stat).toBeUndefined();
    expect(leafOf(resolveInSandbox, root, 'd/f.txt/x').leaf.stat).toBeUndefined();
    // A symlink leading out is still refused.
    fs.symlinkSync(path.join(base!, 'out'), path.join(root, 'leak'));
    expect(() => leafOf(resolveInSandbox, root, 'leak/g.txt')).toThrow(/outside the sandbox/);
  });
});

describe('existingRealRootIn', () => {
  it('is existingRealRoot for a folder, a symlinked folder and a missing one, given the parent\'s realpath', () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-rootin-')));
    try {
      fs.mkdirSync(path.join(base, 'sandbox', 'q1_s1'), { recursive: true });
      fs.mkdirSync(path.join(base, 'elsewhere'));
      fs.symlinkSync(path.join(base, 'elsewhere'), path.join(base, 'sandbox', 'q1_s2'));
      fs.symlinkSync(path.join(base, 'sandbox'), path.join(base, 'alias'));
      const real = path.join(base, 'sandbox');
      for (const dir of [path.join(base, 'sandbox', 'q1_s1'), path.join(base, 'alias', 'q1_s1'), path.join(base, 'alias', 'q1_s2'), path.join(base, 'sandbox', 'q1_s3')]) {
        expect([dir, existingRealRootIn(real, dir)]).toEqual([dir, existingRealRoot(dir)]);
      }
      expect(existingRealRootIn(real, path.join(base, 'alias', 'q1_s2'))).toBe(path.join(base, 'elsewhere'));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('newEntryInSandbox', () => {
  it('names a new entry when every folder on the way is a plain folder, without looking at the last component', () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-newentry-')));
    try {
      const root = path.join(base, 'root');
      fs.mkdirSync(path.join(root, 'd', 'e'), { recursive: true });
      fs.writeFileSync(path.join(root, 'f.txt'), 'x');
      fs.mkdirSync(path.join(base, 'out'));
      fs.symlinkSync(path.join(base, 'out'), path.join(root, 'leak'));
      fs.symlinkSync(path.join(root, 'd'), path.join(root, 'inner'));
      fs.symlinkSync(path.join(base, 'out', 'x.txt'), path.join(root, 'd', 'last-out'));
      for (const p of ['n.txt', 'd/n.txt', 'd/e/n.txt', path.join(root, 'd', 'n.txt'), 'd/./e/../n.txt', 'd/e/']) {
        expect([p, newEntryInSandbox(root, p, root)]).toEqual([p, path.resolve(root, p)]);
      }
      // The last component is not looked at: what is there (here a symlink out) is for the creating call to meet
      // (O_EXCL: EEXIST), and the full check then refuses it.
      expect(newEntryInSandbox(root, 'd/last-out', root)).toBe(path.join(root, 'd', 'last-out'));
      expect(() => resolveEntryInSandbox(root, 'd/last-out/y', root)).toThrow(/outside the sandbox/);
      // Anything but plain folders on the way, the root itself and paths outside: null (take the full check).
      for (const p of ['leak/n.txt', 'inner/n.txt', 'f.txt/n.txt', 'missing/n.txt', 'missing/deeper/n.txt', '.', root, '../out/n.txt', path.join(base, 'out', 'n.txt')]) {
        expect([p, newEntryInSandbox(root, p, root)]).toEqual([p, null]);
      }
      expect(() => newEntryInSandbox(root, '', root)).toThrow(/non-empty/);
      expect(() => newEntryInSandbox(root, 'a\0b', root)).toThrow(/NUL/);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
