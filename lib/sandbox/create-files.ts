import { pyStr } from '../py';
import { getOr, toPyInt } from './py-values';
import type { DataSource, Generator } from './types';

/** Lorem text in the reference's shapes (spec §5.4); `count <= 0` gives `""`. */
export function loremLines(data: DataSource, count: number): string {
  return Array.from({ length: Math.max(0, count) }, () => data.lorem.sentence()).join('\n');
}

/** `count` sentences joined by single spaces. */
export function loremSentences(data: DataSource, count: number): string {
  return Array.from({ length: Math.max(0, count) }, () => data.lorem.sentence()).join(' ');
}

/** `count` paragraphs (4-8 sentences each) separated by a blank line. */
export function loremParagraphs(data: DataSource, count: number): string {
  return Array.from({ length: Math.max(0, count) }, () => data.lorem.paragraph()).join('\n\n');
}

const LOREM_TOKEN = /\{\{lorem:(\d+)([lsp])\}\}/g;

/** `custom` text: `{{lorem:Nl}}` lines, `{{lorem:Ns}}` sentences, `{{lorem:Np}}` paragraphs; other tokens stay. */
export function expandLoremTokens(data: DataSource, text: string): string {
  return text.replace(LOREM_TOKEN, (_m, n: string, kind: string) => {
    const count = Number(n);
    if (kind === 'l') return loremLines(data, count);
    if (kind === 's') return loremSentences(data, count);
    return loremParagraphs(data, count);
  });
}

/**
 * `create_files` (spec §5.4): `type` is `lorem_lines` (default; also any unknown value),
 * `lorem_sentences`, `lorem_paragraphs`, `lorem_words` or `custom` (`content` with lorem tokens);
 * `count` defaults to 10. Lines are joined by `\n`, no final newline.
 */
export const createFiles: Generator = (targetFile, content, ctx) => {
  const type = getOr(content, 'type', 'lorem_lines');
  const count = toPyInt(getOr(content, 'count', 10), 'count');
  let text: string;
  if (type === 'lorem_sentences') text = loremSentences(ctx.data, count);
  else if (type === 'lorem_paragraphs') text = loremParagraphs(ctx.data, count);
  else if (type === 'lorem_words') text = count > 0 ? ctx.data.lorem.words(count) : '';
  else if (type === 'custom') {
    const custom = getOr(content, 'content', '');
    text = custom === null || custom === undefined ? '' : expandLoremTokens(ctx.data, pyStr(custom));
  } else text = loremLines(ctx.data, count);
  return [{ path: targetFile, kind: 'text', content: text }];
};
