import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { PyError, pyStrip } from '../py';
import { pyStat, readIfPresentPy, readTextPy } from './py-text';
import { readTarget } from './read-target';

// readTarget reads the answer file with one open where the read settles whether it exists; every outcome must be
// the one of the reference's order (`Path.exists()`, then `open().read()`), spelled out here as `statThenRead`.

let base: string;
beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-readtarget-')));
  fs.writeFileSync(path.join(base, 'ok.txt'), '  hello\r\nworld \n');
  fs.writeFileSync(path.join(base, 'bad.txt'), Buffer.from([0x61, 0xff, 0x62]));
  fs.mkdirSync(path.join(base, 'dir'));
  fs.symlinkSync(path.join(base, 'nowhere'), path.join(base, 'dangling'));
  fs.symlinkSync(path.join(base, 'ok.txt'), path.join(base, 'link.txt'));
  fs.symlinkSync(path.join(base, 'loop'), path.join(base, 'loop'));
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const names = ['ok.txt', 'bad.txt', 'dir', 'missing.txt', 'dangling', 'link.txt', 'ok.txt/below', 'loop', `${'x'.repeat(300)}.txt`];

function statThenRead(file: string): { exists: boolean; text?: string; error?: string } {
  if (!pyStat(file, file)) return { exists: false };
  try {
    return { exists: true, text: pyStrip(readTextPy(file, file)) };
  } catch (err) {
    return { exists: true, error: (err as PyError).message };
  }
}

describe('readTarget and the stat-then-read order', () => {
  it('gives the verdict of stat then read for files, folders, missing paths and symlinks', () => {
    for (const name of names) {
      const file = path.join(base, name);
      const entry = { scoring_type: 'readfile_stringmatch', question_id: 1, sample_number: 1, template: '', substituted_question: '', file_to_read: file, expected_content: 'x' } as PrecheckEntry;
      const got = readTarget(entry, { artifactsDir: base });
      const want = statThenRead(file);
      if (!want.exists) expect([name, got.done?.error_message]).toEqual([name, `File does not exist: ${file}`]);
      else if (want.error) expect([name, got.done?.error_message]).toEqual([name, `Error reading file ${file}: ${want.error}`]);
      else expect([name, got.done, 'actual' in got ? got.actual : null]).toEqual([name, undefined, want.text]);
    }
  });

  it('readIfPresentPy: bytes for a file, missing where a stat says missing, unsure otherwise (a folder)', () => {
    expect(readIfPresentPy(path.join(base, 'ok.txt'))).toEqual({ buf: fs.readFileSync(path.join(base, 'ok.txt')) });
    for (const name of ['missing.txt', 'dangling', 'ok.txt/below', 'loop', `${'x'.repeat(300)}.txt`]) {
      expect([name, readIfPresentPy(path.join(base, name))]).toEqual([name, 'missing']);
    }
    expect(readIfPresentPy(path.join(base, 'dir'))).toBe('unsure');
  });
});
