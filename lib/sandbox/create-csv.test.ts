import { describe, expect, it } from 'vitest';
import { createCsv } from './create-csv';
import { pyCsvRow } from './csv-format';
import { parseCsv } from '../templates/csv-read';
import { makeCtx } from '../generation/test-context';
import type { GeneratedFile } from './types';

const text = (files: GeneratedFile[]): string => {
  const [f] = files;
  if (f.kind !== 'text') throw new Error('expected text');
  return f.content;
};

describe('create_csv', () => {
  it('C84: explicit header_types, rows as a string, CRLF after every row', () => {
    const out = text(createCsv('/x/d.csv', { headers: ['ID', 'NAME', 'AGE'], header_types: ['id', 'person_name', 'age'], rows: '2' }, makeCtx()));
    expect(out).toMatch(/^ID,NAME,AGE\r\n(\d{1,4},[A-Z][A-Za-z]+ [A-Z][A-Za-z]+,\d\d\r\n){2}$/);
  });

  it('defaults: headers name,email,age and 10 rows', () => {
    const lines = text(createCsv('/x/d.csv', {}, makeCtx())).split('\r\n');
    expect(lines[0]).toBe('name,email,age');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('');
    expect(lines[1]).toMatch(/^[A-Z][A-Za-z]+ [A-Z][A-Za-z]+,[a-z]+\.[a-z]+@[a-z]+\.com,\d\d$/);
  });

  it('auto-detects column types from headers (spec §5.3)', () => {
    const out = text(createCsv('/x/d.csv', { headers: ['C_ID', 'DEPT_CD', 'STATUS_FLG'], rows: 3 }, makeCtx()));
    for (const line of out.split('\r\n').slice(1, 4)) {
      const [id, dept, status] = line.split(',');
      expect(id).toMatch(/^\d+$/);
      expect(['Engineering', 'Sales', 'Marketing', 'Finance', 'HR', 'Operations', 'IT', 'Legal', 'Customer Service', 'Research']).toContain(dept);
      expect(['active', 'inactive', 'completed', 'pending', 'cancelled', 'approved', 'rejected', 'processing']).toContain(status);
    }
  });

  it('C71: header_types length mismatch gives the reference message', () => {
    expect(() => createCsv('/x/b.csv', { headers: ['A', 'B'], header_types: ['id'] }, makeCtx())).toThrow(
      "header_types length (1) must match headers length (2). Headers: ['A', 'B'], Header types: ['id']",
    );
  });

  it.each([['abc'], ['2.5'], [null]])('rows %j is rejected like int()', (rows) => {
    expect(() => createCsv('/x/d.csv', { rows }, makeCtx())).toThrow(/^Invalid rows value: .*\. Must be an integer\.$/);
  });

  it('rows 0 or negative gives only the header', () => {
    expect(text(createCsv('/x/d.csv', { headers: ['a'], rows: -3 }, makeCtx()))).toBe('a\r\n');
  });
});

describe('pyCsvRow (csv.writer QUOTE_MINIMAL)', () => {
  it.each([
    [['a', 'b,c', 'd"e', 'f\ng', ' h', '', 'x\ry'], 'a,"b,c","d""e","f\ng", h,,"x\ry"\r\n'],
    [[''], '""\r\n'],
    [['', ''], ',\r\n'],
    [[1, 2.5, null, true], '1,2.5,,True\r\n'],
    [['Home & Garden', "it's"], "Home & Garden,it's\r\n"],
  ])('%j', (cells, expected) => {
    expect(pyCsvRow(cells)).toBe(expected);
  });
});

describe('create_csv: the rows handed to the answer keys are the rows the CSV reader reads back', () => {
  const rowsOf = (content: Record<string, unknown>) => {
    const [f] = createCsv('/x/d.csv', content, makeCtx());
    if (f.kind !== 'text') throw new Error('expected text');
    return f;
  };

  it.each([
    ['plain headers', { headers: ['ID', 'NAME', 'CITY'], rows: 5 }],
    ['quotes, commas, line breaks and empty headers', { headers: ['a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', '', 'x'], rows: 3 }],
    ['one empty header (written `""`)', { headers: [''], rows: 2 }],
    ['no headers (empty rows)', { headers: [], rows: 3 }],
    ['numbers and booleans as headers', { headers: [3, true, null, 2.5], rows: 1 }],
    ['non-ASCII text', { headers: ['naïve', '日本', 'é"'], rows: 2 }],
  ])('%s', (_name, content) => {
    const f = rowsOf(content);
    expect(f.csvRows).toBeDefined();
    expect(f.csvRows).toEqual(parseCsv(f.content));
  });

  it('not given when the reader would change the text (a leading BOM, a lone surrogate)', () => {
    expect(rowsOf({ headers: ['\ufeffID'], rows: 1 }).csvRows).toBeUndefined();
    expect(rowsOf({ headers: ['a\ud800'], rows: 1 }).csvRows).toBeUndefined();
  });
});
