/** Python `csv.writer` output: `\r\n` line ends, minimal quoting, values rendered with Python `str()`. */
import { PyFloat, pyFloatStr } from '../py';

/** A CSV cell: ints and Python floats (`PyFloat`/`CsvFloat`) render like Python. */
export type CsvCell = string | number | bigint | boolean | null | undefined | PyFloat;

/** A number that must print as a Python float (`1.0`, `33.33`). */
export function csvFloat(x: number): PyFloat {
  return new PyFloat(x);
}

function cellText(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof PyFloat) return pyFloatStr(v.value);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatStr(v);
  return String(v);
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows → file text exactly as `csv.writer(f).writerows(rows)` writes it. */
export function toCsv(rows: CsvCell[][]): string {
  return rows.map((r) => `${r.map((c) => quote(cellText(c))).join(',')}\r\n`).join('');
}
