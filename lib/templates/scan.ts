/**
 * Finding `{{…}}` placeholders. Unlike the reference's regex `\{\{([^:]+):([^}]+)\}\}`, a placeholder
 * never crosses a `}}` (so an unresolved `{{entity5}}` cannot swallow the next function), placeholders may
 * nest (`{{csv_row:{{csv_count:ID:d.csv}}:d.csv}}`, innermost first), and an argument may contain `:`.
 */
import type { TemplateFunctionSpec } from './types';

/** Literal text, or a `{{…}}` placeholder with its (possibly nested) content. */
export type Segment = { kind: 'text'; text: string } | BraceSegment;

/** A `{{…}}` placeholder: `start`/`end` are offsets of `{{` and just past `}}` in the source. */
export interface BraceSegment {
  kind: 'brace';
  start: number;
  end: number;
  inner: Segment[];
}

/**
 * Splits text into literal runs and placeholders. In a run of `{`, the last two open the placeholder
 * (`{"a": {{csv_count…}}}` keeps its JSON braces); an unclosed `{{` is literal text.
 */
export function parseSegments(text: string): Segment[] {
  const stack: Array<{ start: number; parts: Segment[] }> = [];
  let cur: Segment[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf) cur.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '{' && text[i + 1] === '{') {
      if (text[i + 2] === '{') {
        buf += '{';
        i++;
        continue;
      }
      flush();
      stack.push({ start: i, parts: cur });
      cur = [];
      i += 2;
    } else if (text[i] === '}' && text[i + 1] === '}' && stack.length > 0) {
      flush();
      const frame = stack.pop() as { start: number; parts: Segment[] };
      frame.parts.push({ kind: 'brace', start: frame.start, end: i + 2, inner: cur });
      cur = frame.parts;
      i += 2;
    } else {
      buf += text[i];
      i++;
    }
  }
  flush();
  while (stack.length > 0) {
    const frame = stack.pop() as { start: number; parts: Segment[] };
    frame.parts.push({ kind: 'text', text: '{{' }, ...cur);
    cur = frame.parts;
  }
  return cur;
}

/** A placeholder's content split into a function name and its raw argument text. */
export function splitNameAndArgs(content: string): { name: string; rawArgs: string } | null {
  const colon = content.indexOf(':');
  if (colon < 0) return null;
  return { name: content.slice(0, colon).trim(), rawArgs: content.slice(colon + 1).trim() };
}

function arities(spec: TemplateFunctionSpec): number[] {
  return Array.isArray(spec.arity) ? spec.arity : [spec.arity];
}

/**
 * Splits raw argument text on `:` and trims each argument, as the reference does. With more parts than
 * the arity allows and a `greedy` argument declared, the leading and trailing arguments are taken from the
 * ends and the greedy one keeps the middle text, colons included. Returns `null` on a count mismatch.
 */
export function splitArgs(rawArgs: string, spec: TemplateFunctionSpec): string[] | null {
  const parts = rawArgs.split(':');
  const allowed = arities(spec);
  if (allowed.includes(parts.length)) return parts.map((p) => p.trim());
  const max = Math.max(...allowed);
  const g = spec.greedy;
  if (g === undefined || parts.length < max || g >= max) return null;
  const tail = max - 1 - g;
  const head = parts.slice(0, g).map((p) => p.trim());
  const middle = parts.slice(g, parts.length - tail).join(':').trim();
  const end = parts.slice(parts.length - tail).map((p) => p.trim());
  return [...head, middle, ...end];
}
