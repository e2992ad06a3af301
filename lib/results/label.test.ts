import { describe, expect, it } from 'vitest';
import { runFolderName, sanitizeLabel } from './label';

describe('sanitizeLabel (spec C44)', () => {
  it.each([
    ['My Run v1.0', 'my_run_v1_0'],
    ['GPT-4o (mini)', 'gpt_4o_mini'],
    ['__a--b..c__', 'a_b_c'],
    ['', 'test'],
    ['   ', 'test'],
    ['!!!', 'test'],
    ['x'.repeat(60) + '_y', 'x'.repeat(50)],
    ['Qwen3 235B/A22B', 'qwen3_235ba22b'],
    ['naïve-é', 'nave'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeLabel(input)).toBe(expected);
  });

  it('builds <label>_<YYYYmmdd_HHMMSS> in local time', () => {
    expect(runFolderName('My Run', new Date(2026, 10, 26, 9, 5, 7))).toBe('my_run_20261126_090507');
  });
});
