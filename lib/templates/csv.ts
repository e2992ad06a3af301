/** csv_cell, csv_row, csv_column, csv_value, csv_count, csv_sum, csv_avg (spec §4.3). */
import { pyIntStr, pyParseFloat, pyStrip } from '../py';
import { pyMeanStr, pySumStr } from './aggregate';
import { csvWhereFunctions } from './csv-where';
import { headerIndex, headersRepr, readCsvRows, readCsvWithHeader } from './csv-read';
import { parseIntArg } from './read';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';

function csvCell(args: string[], ctx: TemplateContext): string {
  const bad = `Invalid row/column numbers: ${args[0]}, ${args[1]}`;
  const row = parseIntArg(args[0], bad);
  const col = parseIntArg(args[1], bad);
  const rows = readCsvRows(resolveTargetFile(args[2], ctx), ctx);
  if (row < 0 || row >= rows.length) throw new TemplateFunctionFailure(`Row ${row} out of range (CSV has ${rows.length} rows)`);
  if (col < 0 || col >= rows[row].length) {
    throw new TemplateFunctionFailure(`Column ${col} out of range (row ${row} has ${rows[row].length} columns)`);
  }
  return rows[row][col];
}

function csvRow(args: string[], ctx: TemplateContext): string {
  const row = parseIntArg(args[0], `Invalid row number: ${args[0]}`);
  const rows = readCsvRows(resolveTargetFile(args[1], ctx), ctx);
  // Raw index: row 0 is the header (the reference docs say otherwise; the code does this).
  if (row < 0 || row >= rows.length) throw new TemplateFunctionFailure(`Row ${row} out of range (CSV has ${rows.length} rows)`);
  return rows[row].join(',');
}

/** Index of a header for csv_column/csv_value (`Header '…' not found`). */
function headerFor(rows: string[][], name: string): number {
  const idx = headerIndex(rows, name);
  if (idx < 0) throw new TemplateFunctionFailure(`Header '${name}' not found in CSV. Available headers: ${headersRepr(rows)}`);
  return idx;
}

/** Index of a column for the aggregates (`Column '…' not found`). */
function columnFor(rows: string[][], name: string): number {
  const idx = headerIndex(rows, name);
  if (idx < 0) throw new TemplateFunctionFailure(`Column '${name}' not found in CSV. Available headers: ${headersRepr(rows)}`);
  return idx;
}

function csvColumn(args: string[], ctx: TemplateContext): string {
  const rows = readCsvWithHeader(resolveTargetFile(args[1], ctx), ctx);
  const idx = headerFor(rows, args[0]);
  return rows.slice(1).map((r) => (idx < r.length ? r[idx] : '')).join(',');
}

function csvValue(args: string[], ctx: TemplateContext): string {
  const row = parseIntArg(args[0], `Invalid row number: ${args[0]}`);
  const rows = readCsvWithHeader(resolveTargetFile(args[2], ctx), ctx);
  const idx = headerFor(rows, args[1]);
  const dataRow = row + 1;
  if (dataRow < 1 || dataRow >= rows.length) {
    throw new TemplateFunctionFailure(`Row ${row} out of range (CSV has ${rows.length - 1} data rows)`);
  }
  return idx < rows[dataRow].length ? rows[dataRow][idx] : '';
}

/** Numeric cells of a column: non-blank cells that Python `float()` accepts. */
function numericCells(args: string[], ctx: TemplateContext): { values: number[]; nonBlank: number } {
  const rows = readCsvWithHeader(resolveTargetFile(args[1], ctx), ctx);
  const idx = columnFor(rows, args[0]);
  const values: number[] = [];
  let nonBlank = 0;
  for (const r of rows.slice(1)) {
    if (idx >= r.length || pyStrip(r[idx]) === '') continue;
    nonBlank++;
    const v = pyParseFloat(r[idx]);
    if (v !== null) values.push(v);
  }
  return { values, nonBlank };
}

function csvAvg(args: string[], ctx: TemplateContext): string {
  const { values } = numericCells(args, ctx);
  if (values.length === 0) throw new TemplateFunctionFailure(`No numeric values found in column '${args[0]}'`);
  return pyMeanStr(values);
}

const colUsage = (fn: string): string => `${fn} requires exactly 2 arguments: column_name, file_path`;

/** The CSV template functions (including the `_where` variants). */
export const csvFunctions: Record<string, TemplateFunctionSpec> = {
  csv_cell: { arity: 3, usage: 'csv_cell requires exactly 3 arguments: row, column, file_path', fn: csvCell },
  csv_row: { arity: 2, usage: 'csv_row requires exactly 2 arguments: row_number, file_path', fn: csvRow },
  csv_column: {
    arity: 2,
    greedy: 0,
    usage: 'csv_column requires exactly 2 arguments: header_name, file_path',
    fn: csvColumn,
  },
  csv_value: {
    arity: 3,
    greedy: 1,
    usage: 'csv_value requires exactly 3 arguments: row_number, header_name, file_path',
    fn: csvValue,
  },
  csv_count: {
    arity: 2,
    greedy: 0,
    usage: colUsage('csv_count'),
    fn: (args, ctx) => pyIntStr(numericCells(args, ctx).nonBlank),
  },
  csv_sum: { arity: 2, greedy: 0, usage: colUsage('csv_sum'), fn: (args, ctx) => pySumStr(numericCells(args, ctx).values) },
  csv_avg: { arity: 2, greedy: 0, usage: colUsage('csv_avg'), fn: csvAvg },
  ...csvWhereFunctions,
};
