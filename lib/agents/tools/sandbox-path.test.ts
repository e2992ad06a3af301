import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntryInSandbox, resolveInSandbox } from './sandbox-path';
import { ToolError } from './types';

let base: string;
let root: string; // real sandbox dir
let alias: string; // symlink to the sandbox (the root as configured)

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-')));
  root = path.join(base, 'art');
  alias = path.join(base, 'alias');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(base, 'outside'));
  fs.writeFileSync(path.join(base, 'outside', 'secret'), 'x');
  fs.symlinkSync(root, alias);
  fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'escape'));
  fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'inner'));
  fs.symlinkSync(path.join(base, 'outside', 'secret'), path.join(root, 'secret-link'));
  fs.symlinkSync(path.join(base, 'outside', 'not-yet'), path.join(root, 'dangling-out'));
  fs.symlinkSync(path.join(root, 'sub', 'not-yet'), path.join(root, 'dangling-in'));
  fs.writeFileSync(path.join(root, 'plain.txt'), 'x');
  fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'sub', 'deep-escape'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('resolveInSandbox', () => {
  const allowed: Array<[string, (r: string) => string, (r: string) => string]> = [
    ['relative file', () => 'a.txt', (r) => path.join(r, 'a.txt')],
    ['relative nested', () => 'sub/b.txt', (r) => path.join(r, 'sub', 'b.txt')],
    ['absolute inside (missing parents)', (r) => path.join(r, 'new/dir/c.txt'), (r) => path.join(r, 'new/dir/c.txt')],
    ['absolute through the root alias', () => path.join(alias, 'x.txt'), (r) => path.join(r, 'x.txt')],
    ['symlink to a dir inside', () => 'inner/z', (r) => path.join(r, 'sub', 'z')],
    ['.. that stays inside', () => 'sub/../a.txt', (r) => path.join(r, 'a.txt')],
    ['name starting with ..', () => '..foo', (r) => path.join(r, '..foo')],
    ['the root itself', (r) => r, (r) => r],
    ['dot', () => '.', (r) => r],
    ['dangling symlink to inside', () => 'dangling-in', (r) => path.join(r, 'sub', 'not-yet')],
    ['below a file (not a folder)', () => 'plain.txt/x', (r) => path.join(r, 'plain.txt', 'x')],
    ['deep missing tail under a real folder', () => 'sub/a/b/c.txt', (r) => path.join(r, 'sub', 'a', 'b', 'c.txt')],
  ];
  it.each(allowed)('allows %s', (_name, input, expected) => {
    expect(resolveInSandbox(root, input(root))).toBe(expected(root));
    // The configured spelling of the root (through a symlink) gives the same answers.
    expect(resolveInSandbox(alias, input(root))).toBe(expected(root));
  });

  const denied: Array<[string, (r: string) => string]> = [
    ['.. escape', () => '../outside/secret'],
    ['deep .. escape', () => 'sub/../../outside'],
    ['absolute outside', () => '/etc/passwd'],
    ['absolute sibling with common prefix', (r) => `${r}-other/x`],
    ['symlinked dir escaping', () => 'escape/secret'],
    ['symlinked dir escaping, missing tail', () => 'escape/new/file.txt'],
    ['symlinked file escaping', () => 'secret-link'],
    ['parent of the root', (r) => path.dirname(r)],
    ['dangling symlink to outside', () => 'dangling-out'],
    ['symlink escaping from a subfolder', () => 'sub/deep-escape/secret'],
    ['symlink escaping from a subfolder, missing tail', () => 'sub/deep-escape/new/x'],
    ['through a dangling symlink to outside', () => 'dangling-out/x'],
  ];
  it.each(denied)('refuses %s', (_name, input) => {
    const p = input(root);
    expect(() => resolveInSandbox(root, p)).toThrow(ToolError);
    expect(() => resolveInSandbox(root, p)).toThrow(`path '${p}' is outside the sandbox`);
    try {
      resolveInSandbox(root, p);
    } catch (e) {
      expect((e as ToolError).kind).toBe('denied');
    }
  });

  it.each([[''], ['   '], ['a\0b']])('refuses malformed path %j', (p) => {
    expect(() => resolveInSandbox(root, p)).toThrow(ToolError);
  });

  it('judges a root that does not exist yet by where its existing ancestor really leads', () => {
    // `alias/missing` really is `art/missing`: a path under it lies outside the root as configured.
    expect(() => resolveInSandbox(path.join(alias, 'missing'), 'x.txt')).toThrow('is outside the sandbox');
    expect(resolveInSandbox(path.join(root, 'missing'), 'x.txt')).toBe(path.join(root, 'missing', 'x.txt'));
  });
});

describe('resolveEntryInSandbox', () => {
  it('does not follow a symlink in the last component', () => {
    expect(resolveEntryInSandbox(root, 'inner')).toBe(path.join(root, 'inner'));
    expect(resolveInSandbox(root, 'inner')).toBe(path.join(root, 'sub'));
  });
  it('still refuses escaping links and paths', () => {
    expect(() => resolveEntryInSandbox(root, 'secret-link')).toThrow('outside the sandbox');
    expect(() => resolveEntryInSandbox(root, '../x')).toThrow('outside the sandbox');
  });
  it('returns the root for the root', () => {
    expect(resolveEntryInSandbox(alias, alias)).toBe(root);
  });
});
