/** file_line, file_word, file_line_count, file_word_count (spec §4.3). */
import { pyIntStr, pySplitWhitespace } from '../py';
import { parseIntArg, readTextFile } from './read';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';

/** Python `f.readlines()` with each line `rstrip('\n\r')`: a trailing newline adds no empty line. */
function fileLines(file: string, ctx: TemplateContext): string[] {
  const text = readTextFile(file, ctx);
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function fileLine(args: string[], ctx: TemplateContext): string {
  const n = parseIntArg(args[0], `Invalid line number: ${args[0]}`);
  const lines = fileLines(resolveTargetFile(args[1], ctx), ctx);
  if (n < 1 || n > lines.length) {
    throw new TemplateFunctionFailure(`Line number ${n} out of range (file has ${lines.length} lines)`);
  }
  return lines[n - 1];
}

function fileWord(args: string[], ctx: TemplateContext): string {
  const n = parseIntArg(args[0], `Invalid word number: ${args[0]}`);
  const words = pySplitWhitespace(readTextFile(resolveTargetFile(args[1], ctx), ctx));
  if (n < 1 || n > words.length) {
    throw new TemplateFunctionFailure(`Word number ${n} out of range (file has ${words.length} words)`);
  }
  return words[n - 1];
}

/** The text-file template functions. */
export const fileFunctions: Record<string, TemplateFunctionSpec> = {
  file_line: { arity: 2, usage: 'file_line requires exactly 2 arguments: line_number, file_path', fn: fileLine },
  file_word: { arity: 2, usage: 'file_word requires exactly 2 arguments: word_number, file_path', fn: fileWord },
  file_line_count: {
    arity: 1,
    usage: 'file_line_count requires exactly 1 argument: file_path',
    fn: (args, ctx) => pyIntStr(fileLines(resolveTargetFile(args[0], ctx), ctx).length),
  },
  file_word_count: {
    arity: 1,
    usage: 'file_word_count requires exactly 1 argument: file_path',
    fn: (args, ctx) => pyIntStr(pySplitWhitespace(readTextFile(resolveTargetFile(args[0], ctx), ctx)).length),
  },
};
