import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolset, runTool, toolContext } from './index';
import type { ToolContext } from './types';

// An item's tools resolve the sandbox root's realpath once (toolContext), not on every call. Everything below the
// root must stay checked on every call: a folder swapped for a symlink after the context was made is still refused.

let base: string;
let root: string;
let alias: string;
let outside: string;
const tools = createToolset();
const signal = new AbortController().signal;
const call = (ctx: ToolContext, name: string, args: unknown) => runTool(tools, name, JSON.stringify(args), ctx);

beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-ctx-')));
  root = path.join(base, 'sandbox');
  alias = path.join(base, 'alias');
  outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'top secret\n');
  fs.writeFileSync(path.join(root, 'sub', 'a.txt'), 'alpha\n');
  fs.symlinkSync(root, alias);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

/** Replaces `<root>/sub` by a symlink to the outside folder. */
function swapSubForLinkOut(): void {
  fs.rmSync(path.join(root, 'sub'), { recursive: true });
  fs.symlinkSync(outside, path.join(root, 'sub'));
}

describe('toolContext', () => {
  it('resolves the root once, through an alias, and the tools work from it', async () => {
    const ctx = toolContext(alias, signal);
    expect(ctx.realRoot).toBe(root);
    expect((await call(ctx, 'get_cwd', {})).output).toBe(root);
    expect((await call(ctx, 'write_file', { path: 'sub/b.txt', content: 'beta' })).ok).toBe(true);
    expect(fs.readFileSync(path.join(root, 'sub', 'b.txt'), 'utf8')).toBe('beta');
    // The configured spelling of the root is accepted too.
    expect((await call(ctx, 'read_file', { path: path.join(alias, 'sub', 'a.txt') })).output).toBe('alpha\n');
    expect((await call(ctx, 'list_directory', { path: '.' })).output).toBe(`Contents of directory '${root}': sub/`);
  });

  it('still refuses a folder below the root swapped for a symlink out after the context was made', async () => {
    const ctx = toolContext(root, signal);
    expect((await call(ctx, 'read_file', { path: 'sub/a.txt' })).ok).toBe(true);
    swapSubForLinkOut();
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['read_file', { path: 'sub/secret.txt' }],
      ['list_directory', { path: 'sub' }],
      ['write_file', { path: 'sub/planted.txt', content: 'x' }],
      ['append_file', { path: 'sub/secret.txt', content: 'x' }],
      ['create_directory', { path: 'sub/newdir' }],
      ['remove_file', { path: 'sub/secret.txt' }],
      ['copy_file', { source: 'sub/secret.txt', destination: 'copy.txt' }],
      ['search_files', { pattern: 'secret', path: 'sub' }],
    ];
    for (const [name, args] of attempts) {
      const r = await call(ctx, name, args);
      expect({ name, ok: r.ok, denied: r.denied }).toEqual({ name, ok: false, denied: true });
      expect(r.output).toMatch(/outside the sandbox/);
    }
    expect(fs.readdirSync(outside)).toEqual(['secret.txt']);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
    expect(fs.existsSync(path.join(root, 'copy.txt'))).toBe(false);
  });

  it('refuses .. escapes and absolute paths elsewhere with the known root', async () => {
    const ctx = toolContext(root, signal);
    for (const p of ['../outside/secret.txt', path.join(outside, 'secret.txt'), `${root}-other/x`, base]) {
      const r = await call(ctx, 'read_file', { path: p });
      expect(r.denied).toBe(true);
    }
  });

  it('leaves the root unresolved when it does not exist yet, and resolves it per call', async () => {
    const missing = path.join(base, 'later');
    const ctx = toolContext(missing, signal);
    expect(ctx.realRoot).toBeUndefined();
    fs.mkdirSync(missing);
    expect((await call(ctx, 'write_file', { path: 'x.txt', content: 'x' })).ok).toBe(true);
    expect(fs.readFileSync(path.join(missing, 'x.txt'), 'utf8')).toBe('x');
    expect((await call(ctx, 'get_cwd', {})).output).toBe(missing);
  });

  // The runner resolves the run's sandbox folder once and hands its realpath to every attempt (`realParent`).
  describe('with the parent folder\'s realpath known', () => {
    it('names the instance folder under the real parent, spelled through an alias or not, with the same results', async () => {
      const inst = path.join(root, 'sub');
      for (const spelled of [inst, path.join(alias, 'sub')]) {
        const ctx = toolContext(spelled, signal, root);
        expect(ctx.realRoot).toBe(inst);
        expect(ctx.realRoot).toBe(toolContext(spelled, signal).realRoot);
        expect((await call(ctx, 'list_directory', { path: '.' })).output).toBe(`Contents of directory '${inst}': a.txt`);
        expect((await call(ctx, 'read_file', { path: '../../outside/secret.txt' })).denied).toBe(true);
      }
    });

    it('resolves an instance folder that is a symlink the full way: a link out confines to where it really leads', async () => {
      swapSubForLinkOut();
      const ctx = toolContext(path.join(root, 'sub'), signal, root);
      expect(ctx.realRoot).toBe(outside); // not <root>/sub: the folder is judged by its target, as without the hint
      expect(ctx.realRoot).toBe(toolContext(path.join(root, 'sub'), signal).realRoot);
      expect((await call(ctx, 'read_file', { path: path.join(root, 'sub', 'secret.txt') })).output).toBe('top secret\n');
    });

    it('leaves a missing instance folder unresolved, as without the hint', () => {
      expect(toolContext(path.join(root, 'nope'), signal, root).realRoot).toBeUndefined();
    });

    it('does not take a file for the instance folder', () => {
      const file = path.join(root, 'sub', 'a.txt');
      expect(toolContext(file, signal, root).realRoot).toBe(toolContext(file, signal).realRoot);
    });
  });
});
