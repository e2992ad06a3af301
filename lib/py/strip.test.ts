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
  it('ASCII-only text splits on the ASCII whitespace Python knows (\\x0b, \\x0c, \\x1c-\\x1f too), and not on other controls', () => {
    // Expected: CPython 3.11 'a\x0bb\x0cc\x1cd\x1de\x1ff\r\ng\x00h\x7fi  j'.split()
    expect(pySplitWhitespace('a\x0bb\x0cc\x1cd\x1de\x1ff\r\ng\x00h\x7fi  j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g\x00h\x7fi', 'j']);
    expect(pySplitWhitespace('a\x85b c')).toEqual(['a', 'b', 'c']);
  });
  it('strip keeps U+FEFF and removes U+001C-U+001F and U+0085', () => {
    expect(pyStrip('\ufeffx ')).toBe('\ufeffx');
    expect(pyStrip('\x1c\x85x\x1f')).toBe('x');
  });
});
