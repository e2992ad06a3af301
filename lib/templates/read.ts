/**
 * File access shared by the template families: existence checks with the reference's messages,
 * strict UTF-8 decoding (Python raises on invalid bytes) and the parsed-file cache.
 */
import fs from 'node:fs';
import { pyParseInt } from '../py';
import { TemplateFunctionFailure } from './target-file';
import type { TemplateContext } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Throws `{label} not found: {file}` (e.g. `CSV file not found: /abs/d.csv`) when nothing is at `file`. */
export function requireExists(file: string, label: string): void {
  if (!fs.existsSync(file)) throw new TemplateFunctionFailure(`${label} not found: ${file}`);
}

/**
 * Reads a file as strict UTF-8; `errorPrefix` names the reading step as the reference does. A leading UTF-8 BOM
 * is dropped (TextDecoder's default), for every template file: a CSV's first header is `ID`, not `\ufeffID` as in
 * the reference (docs/compat.md).
 */
export function readUtf8(file: string, errorPrefix: string): string {
  try {
    if (fs.statSync(file).isDirectory()) throw new Error(`[Errno 21] Is a directory: '${file}'`);
    return utf8.decode(fs.readFileSync(file));
  } catch (e) {
    throw new TemplateFunctionFailure(`${errorPrefix} ${file}: ${(e as Error).message}`);
  }
}

/** Python text mode (universal newlines): `\r\n` and lone `\r` become `\n`. */
export function universalNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Loads `file` through the context's cache (or directly when there is none). */
export function cached<T>(ctx: TemplateContext, kind: string, file: string, load: () => T): T {
  return ctx.cache ? ctx.cache.get(kind, file, load) : load();
}

/** Text of a file in Python text mode, with `File not found: …` as the reference's file_* functions. */
export function readTextFile(file: string, ctx: TemplateContext): string {
  requireExists(file, 'File');
  return cached(ctx, 'text', file, () => universalNewlines(readUtf8(file, 'Error reading file')));
}

/** Python `int(arg)` or a failure with `message`. */
export function parseIntArg(arg: string, message: string): number {
  const n = pyParseInt(arg);
  if (n === null) throw new TemplateFunctionFailure(message);
  return n;
}
