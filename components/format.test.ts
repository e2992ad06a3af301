/** The dashboard's number formatting: fixed 'en-US' thousands separators, so server and browser render the same. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCount, formatRatio } from './format';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [200000, '200,000'],
    [1234567, '1,234,567'],
    [-4321, '-4,321'],
    [2.4, '2'],
  ])('%d → %s', (n, want) => {
    expect(formatCount(n)).toBe(want);
  });

  it('keeps a fixed number of decimals for rates', () => {
    expect(formatCount(1234.56, 1)).toBe('1,234.6');
    expect(formatCount(12, 1)).toBe('12.0');
    expect(formatCount(0.05, 2)).toBe('0.05');
  });

  it.each([null, undefined, Number.NaN])('%s → –', (n) => {
    expect(formatCount(n)).toBe('–');
  });

  it('does not follow the default locale of the process (a German server would print 200.000)', () => {
    const script = "import('./components/format.ts').then((m) => console.log(m.formatCount(200000), (200000).toLocaleString()))";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, LC_ALL: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8' },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('200,000 200.000');
  });
});

describe('formatRatio', () => {
  it('formats both sides', () => {
    expect(formatRatio(200000, 200000, ' / ')).toBe('200,000 / 200,000');
    expect(formatRatio(1234, 2000)).toBe('1,234/2,000');
  });
});
