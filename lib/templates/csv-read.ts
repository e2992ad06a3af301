/**
 * CSV reading as Python's `csv.reader` (excel dialect, file opened with `newline=''`): comma separator,
 * `"` quoting with `""` escapes, `\r\n`/`\n`/`\r` record ends, and an empty line yields an empty row.
 */
import { pyRepr } from '../py';
import { cached, readUtf8, requireExists } from './read';
import { TemplateFunctionFailure } from './target-file';
import type { TemplateContext } from './types';

/** Parses CSV text into rows of raw cells (no type conversion). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inRecord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\r' || c === '\n') {
      if (inRecord) row.push(field);
      rows.push(row);
      row = [];
      field = '';
      inRecord = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    inRecord = true;
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '"' && field === '' && (i === 0 || isFieldStart(text, i))) {
      i = readQuoted(text, i + 1, (s) => (field += s));
    } else {
      // This character and the run of ordinary ones after it (up to a separator, a record end or a quote).
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x2c || d === 0x0a || d === 0x0d || d === 0x22) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (inRecord) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A quote opens a quoted field only at the start of a field. */
function isFieldStart(text: string, i: number): boolean {
  const prev = text[i - 1];
  return prev === ',' || prev === '\n' || prev === '\r';
}

/** Reads a quoted section; text after the closing quote up to the separator is kept (non-strict mode). */
function readQuoted(text: string, start: number, emit: (s: string) => void): number {
  let i = start;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) {
      if (i < text.length) emit(text.slice(i));
      return text.length;
    }
    if (q > i) emit(text.slice(i, q));
    if (text[q + 1] !== '"') return q + 1;
    emit('"');
    i = q + 2;
  }
}

/** Rows of a CSV file, with the reference's `CSV file not found: …` and read errors. */
export function readCsvRows(file: string, ctx: TemplateContext): string[][] {
  requireExists(file, 'CSV file', ctx);
  return cached(ctx, 'csv', file, () => parseCsv(readUtf8(file, 'Error reading CSV file', ctx)));
}

/** Rows of a CSV file that must have a header row (`CSV file is empty` otherwise). */
export function readCsvWithHeader(file: string, ctx: TemplateContext): string[][] {
  const rows = readCsvRows(file, ctx);
  if (rows.length === 0) throw new TemplateFunctionFailure('CSV file is empty');
  return rows;
}

/** `headers.index(name)`, exact and case-sensitive; `-1` when absent. */
export function headerIndex(rows: string[][], name: string): number {
  return rows[0].indexOf(name);
}

/** Python repr of the header row, as in `Available headers: ['ID', 'NAME']`. */
export function headersRepr(rows: string[][]): string {
  return pyRepr(rows[0]);
}
