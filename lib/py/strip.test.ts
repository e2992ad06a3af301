import { describe, expect, it } from 'vitest';
import { pySplitWhitespace, pyStrip } from './strip';

describe('pyStrip', () => {
  it.each([
    [' \t\n a \r\x0b\x0c', 'a'],
    ['\u3000x\u00a0', 'x'],
    ['\u2028\u2029\u205fx\u202f', 'x'],
    ['\u200bx', '\u200bx'],
    ['', ''],
  ])('%j → %j', (input, want) => expect(pyStrip(input)).toBe(want));
});

describe('pySplitWhitespace (Python str.split())', () => {
  it('splits on every Python whitespace character, not on U+FEFF', () => {
    expect(pySplitWhitespace(' \x1c\x1d\x1e\x1f\x85a b\u3000c\ufeff ')).toEqual(['a', 'b', 'c\ufeff']);
    expect(pySplitWhitespace(' \t ')).toEqual([]);
  });
  it('strip keeps U+FEFF and removes U+001C-U+001F and U+0085', () => {
    expect(pyStrip('\ufeffx ')).toBe('\ufeffx');
    expect(pyStrip('\x1c\x85x\x1f')).toBe('x');
  });
});
