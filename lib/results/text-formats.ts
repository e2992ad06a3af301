/** CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Re-indents XML two spaces per level (tags on their own lines; text kept inline with its element). */
export function prettyXml(xml: string): string {
  const tokens = xml.replace(/>\s+</g, '><').trim().split(/(?=<)|(?<=>)/).filter((t) => t.trim() !== '');
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${'  '.repeat(depth)}${t}`);
    } else if (t.startsWith('<') && !t.startsWith('<?') && !t.startsWith('<!') && !t.endsWith('/>')) {
      // <a>text</a> stays on one line
      if (tokens[i + 1] !== undefined && !tokens[i + 1].startsWith('<') && tokens[i + 2]?.startsWith('</')) {
        out.push(`${'  '.repeat(depth)}${t}${tokens[i + 1]}${tokens[i + 2]}`);
        i += 2;
      } else {
        out.push(`${'  '.repeat(depth)}${t}`);
        depth++;
      }
    } else out.push(`${'  '.repeat(depth)}${t}`);
  }
  return out.join('\n');
}
