import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-read';

describe('parseCsv is Python csv.reader (excel dialect, newline="")', () => {
  // Expected: CPython 3.11 `list(csv.reader(io.StringIO(text, newline='')))`.
  it.each([
    ['a,b\r\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['"x, y",z\n', [['x, y', 'z']]],
    ['"he said ""hi""",2', [['he said "hi"', '2']]],
    ['a"b,c\n', [['a"b', 'c']]],
    ['"ab"cd,e', [['abcd', 'e']]],
    ['"unterminated\nline', [['unterminated\nline']]],
    [',\n\n,x', [['', ''], [], ['', 'x']]],
    ['"",""\r', [['', '']]],
    ['a\rb\r\n"q\r\nr"', [['a'], ['b'], ['q\r\nr']]],
    ['x"', [['x"']]],
    ['"a""', [['a"']]],
    ['""""', [['"']]],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});
