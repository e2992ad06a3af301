import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewSandbox } from './sandbox-view';

const outside = mkdtempSync(path.join(os.tmpdir(), 'picard-out-'));
writeFileSync(path.join(outside, 'secret.txt'), 'secret');
const root = mkdtempSync(path.join(os.tmpdir(), 'picard-sbx-'));
mkdirSync(path.join(root, 'a/b'), { recursive: true });
writeFileSync(path.join(root, 'a/notes.txt'), 'hello\n');
writeFileSync(path.join(root, 'data.db'), Buffer.from([83, 81, 0, 1, 2]));
symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));

describe('viewSandbox', () => {
  it('lists folders first, with sizes', () => {
    expect(viewSandbox(root, '')).toEqual({
      kind: 'dir', rel: '', truncated: false,
      entries: [
        { name: 'a', rel: 'a', kind: 'dir', size: 0 },
        { name: 'data.db', rel: 'data.db', kind: 'file', size: 5 },
        { name: 'link.txt', rel: 'link.txt', kind: 'other', size: 0 },
      ],
    });
  });

  it.each([
    { rel: 'a/notes.txt', want: { kind: 'file', rel: 'a/notes.txt', size: 6, text: 'hello\n', truncated: false } },
    { rel: '/a/notes.txt', want: { kind: 'file', rel: 'a/notes.txt', size: 6, text: 'hello\n', truncated: false } },
    { rel: 'data.db', want: { kind: 'file', rel: 'data.db', size: 5, text: null, truncated: false } },
    { rel: 'nope.txt', want: { kind: 'missing', rel: 'nope.txt' } },
    { rel: '../x', want: null },
    { rel: 'a/../../x', want: null },
    { rel: 'link.txt', want: null },
  ])('$rel', ({ rel, want }) => {
    expect(viewSandbox(root, rel)).toEqual(want);
  });
});
