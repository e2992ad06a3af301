import { pyCsvRows } from './csv-format';
import { pyRepr, pyStr } from '../py';
import { getOr, toPyInt } from './py-values';
import type { Generator } from './types';

/**
 * `create_csv` (spec §5.5). `headers` defaults to `[name, email, age]`, `rows` to 10 (an int or an
 * int-like string). Each column's semantic type comes from `header_types` (same length as `headers`,
 * else the reference's error) or from header auto-detection. Written like Python's `csv.writer`.
 */
export const createCsv: Generator = (targetFile, content, ctx) => {
  const headersRaw = getOr(content, 'headers', ['name', 'email', 'age']);
  if (!Array.isArray(headersRaw)) throw new Error(`headers must be a list, got ${pyRepr(headersRaw)}`);
  const headers = headersRaw as unknown[];
  const rowCount = toPyInt(getOr(content, 'rows', 10), 'rows');
  const explicit = getOr(content, 'header_types', null);
  let types: string[];
  if (explicit !== null && !Array.isArray(explicit)) throw new Error(`header_types must be a list, got ${pyRepr(explicit)}`);
  if (Array.isArray(explicit) && explicit.length > 0) {
    if (explicit.length !== headers.length) {
      throw new Error(
        `header_types length (${explicit.length}) must match headers length (${headers.length}). ` +
          `Headers: ${pyRepr(headers)}, Header types: ${pyRepr(explicit)}`,
      );
    }
    types = explicit.map((t) => pyStr(t));
  } else {
    types = headers.map((h) => ctx.data.detectType(pyStr(h)));
  }
  // Cells as `csv.writer` writes them (`None` empty, the rest through `str()`): the rows the CSV reader reads back.
  const rows: string[][] = [headers.map((h) => (h === null || h === undefined ? '' : pyStr(h)))];
  for (let r = 0; r < rowCount; r++) rows.push(types.map((t) => ctx.data.field(t)));
  const text = pyCsvRows(rows);
  return [{ path: targetFile, kind: 'text', content: text, ...(readsBackAsWritten(text) ? { csvRows: rows } : {}) }];
};

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Whether the template functions' CSV reader (lib/templates/csv-read.ts `parseCsv`, after `readUtf8`) gives back
 * exactly the rows written: `pyCsvRow` quotes every field holding `,` `"` `\r` `\n` and the reader undoes that
 * quoting, an empty row stays an empty row and a lone empty field is written `""`; what `readUtf8` changes (a
 * leading BOM dropped, lone surrogates replaced as the UTF-8 bytes would be) is excluded here.
 */
function readsBackAsWritten(content: string): boolean {
  return content.charCodeAt(0) !== 0xfeff && !SURROGATE.test(content);
}
