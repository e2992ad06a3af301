/**
 * Re-lays out JSON text as `pyJsonDumps(value, { indent, level })` would write it, without parsing it: strings and
 * number tokens are copied as they are, so what the text says (a float's `2.0`, an int's `2`, `NaN`, key order,
 * `\uXXXX` escapes) is kept exactly. For text that `pyJsonDumps` wrote on one line (its own escapes): the result is
 * byte for byte `pyJsonDumps(pyJsonLoads(text), { indent, level })`, at a fraction of the cost.
 */
export function pyJsonReindent(text: string, indent: number, level = 0): string {
  const pad = (depth: number) => `\n${' '.repeat(indent * depth)}`;
  const pads: string[] = [];
  const nl = (depth: number) => (pads[depth] ??= pad(depth));
  let out = '';
  let depth = level;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: up to the next quote not escaped by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) throw new Error(`pyJsonReindent: unterminated string at ${i}`);
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? '}' : ']';
      let j = i + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text[j] === close) {
        out += c === 0x7b ? '{}' : '[]';
        i = j + 1;
      } else {
        depth++;
        out += (c === 0x7b ? '{' : '[') + nl(depth);
        i++;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      out += nl(depth) + (c === 0x7d ? '}' : ']');
      i++;
    } else if (c === 0x2c) {
      out += `,${nl(depth)}`;
      i++;
    } else if (c === 0x3a) {
      out += ': ';
      i++;
    } else if (isSpace(c)) {
      i++;
    } else {
      // A number or a literal (true, false, null, NaN, Infinity, -Infinity): up to the next structural character.
      let j = i + 1;
      while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
      out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a || isSpace(c);
}
