/**
 * Scalar styling of PyYAML's emitter (`yaml.dump(..., allow_unicode=True)`): which strings stay plain,
 * which get single or double quotes, and how long scalars are folded at the 80-column best width.
 * Ported from the rules of PyYAML 6 `emitter.py` (analyze_scalar / choose_scalar_style / write_plain /
 * write_single_quoted) and `resolver.py` (the YAML 1.1 implicit resolvers).
 */

const BEST_WIDTH = 80;

/** PyYAML's implicit resolvers: a string matching one of these would not load back as a string. */
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:=)$/,
];

const BREAKS = '\n\x85\u2028\u2029';
const SPACE_OR_END = '\0 \t\r\n\x85\u2028\u2029';

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

/** True when a plain `s` resolves to `str` (PyYAML's `implicit[0]`). */
export function resolvesAsString(s: string): boolean {
  return !IMPLICIT.some((re) => re.test(s));
}

function isUnicodePrintable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || (c >= 0x10000 && c < 0x10ffff);
}

/** PyYAML `analyze_scalar`, reduced to the flags block-style output needs. */
function analyze(s: string): Analysis {
  if (s === '') return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  const chars = Array.from(s);
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false, special = false, leadingSpace = false, leadingBreak = false;
  let trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
  let prevSpace = false, prevBreak = false, precededByWs = true;
  chars.forEach((ch, i) => {
    const followedByWs = i + 1 >= chars.length || SPACE_OR_END.includes(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ('?:'.includes(ch) && followedByWs) blockIndicators = true;
      if (ch === '-' && followedByWs) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWs) blockIndicators = true;
      if (ch === '#' && precededByWs) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= ' ' && ch <= '~')) && !isUnicodePrintable(ch)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = SPACE_OR_END.includes(ch);
  });
  let allowBlockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let allowSingleQuoted = true;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks || blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted };
}

export type ScalarStyle = 'plain' | 'single' | 'double';

/** PyYAML `choose_scalar_style` for a block-context string; `implicit` is false for non-str scalars' text. */
export function chooseStyle(s: string, simpleKey: boolean, isStr = true): ScalarStyle {
  if (!isStr) return 'plain';
  const a = analyze(s);
  if (resolvesAsString(s) && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) return 'plain';
  if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return 'single';
  return 'double';
}

/** Output sink tracking the current column, as the emitter's folding decisions depend on it. */
export class Sink {
  text = '';
  column = 0;
  write(s: string): void {
    this.text += s;
    const nl = s.lastIndexOf('\n');
    this.column = nl < 0 ? this.column + s.length : s.length - nl - 1;
  }
  indent(n: number): void {
    this.write(`\n${' '.repeat(n)}`);
  }
}

/** PyYAML `write_plain`: a single space becomes a line break once past column 80 (when `split`). */
export function writePlain(out: Sink, text: string, indent: number, split: boolean): void {
  const words = text.split(/( +)/);
  for (const part of words) {
    if (part === ' ' && split && out.column > BEST_WIDTH) out.indent(indent);
    else out.write(part);
  }
}

/** PyYAML `write_single_quoted`: `'` doubled, folding at single spaces, line breaks doubled. */
export function writeSingleQuoted(out: Sink, text: string, indent: number, split: boolean): void {
  out.write("'");
  const parts = text.match(/ +|[\n\x85\u2028\u2029]+|[^ \n\x85\u2028\u2029]+/g) ?? [];
  let pos = 0;
  for (const part of parts) {
    const start = pos;
    pos += part.length;
    if (part[0] === ' ') {
      if (part.length === 1 && out.column > BEST_WIDTH && split && start !== 0 && pos !== text.length) out.indent(indent);
      else out.write(part);
    } else if (BREAKS.includes(part[0])) {
      if (part[0] === '\n') out.write('\n');
      for (const br of part) out.write(br === '\n' ? '\n' : br);
      out.write(' '.repeat(indent));
    } else {
      out.write(part.replace(/'/g, "''"));
    }
  }
  out.write("'");
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

/** PyYAML `write_double_quoted` escapes (no folding: such strings are rare in generated data). */
export function writeDoubleQuoted(out: Sink, text: string): void {
  let body = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const printable = (ch >= ' ' && ch <= '~') || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    if ('"\\\x85\u2028\u2029\ufeff'.includes(ch) || !printable) {
      if (ESCAPES[ch] !== undefined) body += `\\${ESCAPES[ch]}`;
      else if (c <= 0xff) body += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
      else if (c <= 0xffff) body += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
      else body += `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    } else {
      body += ch;
    }
  }
  out.write(`"${body}"`);
}
