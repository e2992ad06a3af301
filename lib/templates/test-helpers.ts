/** Test helper: evaluate or capture the failure message of a template text. Used only by tests. */
import { evaluateTemplates } from './evaluate';
import type { TemplateContext } from './types';

/** Evaluates `text`, returning the output or `ERR: <message>` on failure. */
export function evalOrError(text: string, ctx: TemplateContext): string {
  try {
    return evaluateTemplates(text, ctx);
  } catch (e) {
    return `ERR: ${(e as Error).message}`;
  }
}

/** The part of an error message after the `fn(args) on file: ` prefix. */
export function innerMessage(result: string): string {
  const m = /^ERR: [a-z_]+\(.*?\)(?: on [^:]+)?: ([\s\S]*)$/.exec(result);
  return m ? m[1] : result;
}
