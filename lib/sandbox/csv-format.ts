import { pyStr } from '../py';

/**
 * Python `csv.writer` (excel dialect, QUOTE_MINIMAL): a field is quoted when it contains `,`, `"`,
 * `\r` or `\n`; `"` is doubled; `None` is an empty field; a row made of one empty field is written as
 * `""` (so it is not read back as an empty row); every row ends with `\r\n`, the last one included.
 */
export function pyCsvRow(cells: readonly unknown[]): string {
  if (cells.length === 1 && (cells[0] === '' || cells[0] === null || cells[0] === undefined)) return '""\r\n';
  return `${cells.map(pyCsvField).join(',')}\r\n`;
}

/** One field as `csv.writer` writes it (non-strings through Python `str()`). */
export function pyCsvField(cell: unknown): string {
  const text = cell === null || cell === undefined ? '' : pyStr(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** All rows, each terminated by `\r\n`. */
export function pyCsvRows(rows: ReadonlyArray<readonly unknown[]>): string {
  let out = '';
  for (const row of rows) out += pyCsvRow(row);
  return out;
}
