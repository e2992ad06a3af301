import fs from 'node:fs';
import { contextRealRoot, resolveInSandbox, type LeafStat } from './sandbox-path';
import { boolArg, capOutput, fsOpSync, optIntArg, optStrArg, pathProp, strArg, ToolError, type Tool } from './types';

/** Largest file `read_file` loads: keeps a stray multi-GB file from exhausting memory. */
const MAX_READ_BYTES = 10 * 1024 * 1024;
/** `list_directory` entry cap (agent-protocol.md §4.3). */
export const MAX_LIST_ENTRIES = 1000;

/** Python `str.splitlines()`: the line breaks it recognises, with no empty element after a final break. */
export function pySplitLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- \x1c-\x1e are line breaks for Python's splitlines
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Reads a sandbox file as strict UTF-8 (the reference refuses undecodable files). Synchronous: see `fsOpSync`.
 * `known`: what the confinement check's lstat already saw at `abs` (not a symlink, so the same as a stat), if it did.
 */
export function readUtf8(abs: string, userPath: string, known?: LeafStat): string {
  const stat = known?.stat ?? fsOpSync(userPath, () => fs.statSync(abs));
  if (!stat.isFile()) throw new ToolError(`not a file: ${userPath}`);
  if (stat.size > MAX_READ_BYTES) throw new ToolError(`file too large to read (${stat.size} bytes): ${userPath}`);
  const buf = fsOpSync(userPath, () => fs.readFileSync(abs));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new ToolError(`unable to decode file as UTF-8: ${userPath}`);
  }
}

const readFile: Tool = {
  name: 'read_file',
  description: 'Read a UTF-8 text file, optionally a line range, with optional line numbers.',
  parameters: {
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: pathProp,
      start_line: { type: 'integer', minimum: 1, description: 'First line (1-based), default 1' },
      end_line: { type: 'integer', minimum: 1, description: 'Last line (inclusive), default end of file' },
      show_line_numbers: { type: 'boolean', description: 'Prefix lines with their number, default false' },
      show_repr: { type: 'boolean', description: 'JSON-escape each line to reveal whitespace, default false' },
    },
  },
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'read_file');
    const start = optIntArg(args, 'start_line', 'read_file');
    const end = optIntArg(args, 'end_line', 'read_file');
    const numbers = boolArg(args, 'show_line_numbers', 'read_file');
    const repr = boolArg(args, 'show_repr', 'read_file');
    const leaf: LeafStat = {};
    const text = readUtf8(resolveInSandbox(ctx.root, userPath, ctx.realRoot, leaf), userPath, leaf);
    if (start === undefined && end === undefined && !numbers && !repr) return capOutput(text);
    const first = start ?? 1;
    const lines = pySplitLines(text).slice(first - 1, end);
    // Same layout as the reference: `{n:>6}  {line}`, lines re-joined with \n.
    const shown = lines.map((line, i) => {
      const body = repr ? JSON.stringify(line) : line;
      return numbers ? `${String(first + i).padStart(6)}  ${body}` : body;
    });
    return capOutput(shown.join('\n'));
  },
};

const listDirectory: Tool = {
  name: 'list_directory',
  description: 'List the entries of a directory (sorted; directories end with "/").',
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: { path: { type: 'string', description: 'Directory path; default: the sandbox root' } },
  },
  async run(args, ctx) {
    const userPath = optStrArg(args, 'path', 'list_directory') ?? '.';
    const leaf: LeafStat = {};
    const abs = resolveInSandbox(ctx.root, userPath, ctx.realRoot, leaf);
    // No stat of its own: readdir refuses a file (ENOTDIR) or a missing path (ENOENT) with the same messages.
    if (leaf.stat && !leaf.stat.isDirectory()) throw new ToolError(`not a directory: ${userPath}`);
    const entries = fsOpSync(userPath, () => fs.readdirSync(abs, { withFileTypes: true }));
    const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
    const shown = names.slice(0, MAX_LIST_ENTRIES);
    const more = names.length > shown.length ? ` … [${names.length - shown.length} more entries not shown]` : '';
    return capOutput(`Contents of directory '${abs}': ${shown.length ? shown.join(', ') : '(empty)'}${more}`);
  },
};

const getCwd: Tool = {
  name: 'get_cwd',
  description: 'Return the sandbox root directory (the working directory of every tool).',
  parameters: { type: 'object', properties: {}, additionalProperties: false },
  async run(_args, ctx) {
    return contextRealRoot(ctx);
  },
};

/** Read-only file tools. */
export const fsReadTools: Tool[] = [readFile, listDirectory, getCwd];
