/**
 * File access shared by the template families: existence checks with the reference's messages,
 * strict UTF-8 decoding (Python raises on invalid bytes) and the parsed-file cache. During generation the
 * instance's files are read from memory (`ctx.files`), anything else from the disk.
 */
import fs from 'node:fs';
import { pyParseInt } from '../py';
import { TemplateFunctionFailure } from './target-file';
import type { TemplateContext } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const SURROGATE = /[\uD800-\uDFFF]/;

/** Throws `{label} not found: {file}` (e.g. `CSV file not found: /abs/d.csv`) when nothing is at `file`. */
export function requireExists(file: string, label: string, ctx?: TemplateContext): void {
  if (ctx?.files?.stat(file) !== undefined) return;
  if (!fs.existsSync(file)) throw new TemplateFunctionFailure(`${label} not found: ${file}`);
}

/**
 * Reads a file as strict UTF-8 (from the instance's generated files in `ctx.files` when it is one of them, else
 * from disk); `errorPrefix` names the reading step as the reference does. A leading UTF-8 BOM is dropped, for every
 * template file: a CSV's first header is `ID`, not `\ufeffID` as in the reference (docs/compat.md).
 */
export function readUtf8(file: string, errorPrefix: string, ctx?: TemplateContext): string {
  try {
    const generated = ctx?.files?.stat(file);
    if (generated === 'dir' || (generated === undefined && fs.statSync(file).isDirectory())) {
      throw new Error(`[Errno 21] Is a directory: '${file}'`);
    }
    const data = generated === 'file' ? ctx!.files!.read(file)! : fs.readFileSync(file);
    // A string is what the disk would hold once written as UTF-8 (lone surrogates become U+FFFD).
    if (typeof data !== 'string') return utf8.decode(data);
    const text = SURROGATE.test(data) ? Buffer.from(data, 'utf8').toString('utf8') : data;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // as TextDecoder drops it from the bytes
  } catch (e) {
    throw new TemplateFunctionFailure(`${errorPrefix} ${file}: ${(e as Error).message}`);
  }
}

/** Python text mode (universal newlines): `\r\n` and lone `\r` become `\n`. */
export function universalNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Loads `file` through the generated files' memo, the context's cache, or directly when there is neither. */
export function cached<T>(ctx: TemplateContext, kind: string, file: string, load: () => T): T {
  if (ctx.files?.stat(file) === 'file') return ctx.files.memo(kind, file, load);
  return ctx.cache ? ctx.cache.get(kind, file, load) : load();
}

/** Text of a file in Python text mode, with `File not found: …` as the reference's file_* functions. */
export function readTextFile(file: string, ctx: TemplateContext): string {
  requireExists(file, 'File', ctx);
  return cached(ctx, 'text', file, () => universalNewlines(readUtf8(file, 'Error reading file', ctx)));
}

/** Python `int(arg)` or a failure with `message`. */
export function parseIntArg(arg: string, message: string): number {
  const n = pyParseInt(arg);
  if (n === null) throw new TemplateFunctionFailure(message);
  return n;
}
