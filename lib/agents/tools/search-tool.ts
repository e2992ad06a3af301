import fs from 'node:fs/promises';
import path from 'node:path';
import { contextRealRoot, resolveInSandbox } from './sandbox-path';
import { boolArg, capOutput, fsOp, optIntArg, optStrArg, strArg, ToolError, type Tool } from './types';

const DEFAULT_MAX_MATCHES = 200;
/** Files bigger than this are skipped: search is for text files, not dumps. */
const MAX_SEARCH_BYTES = 5 * 1024 * 1024;
const MAX_LINE_SHOWN = 300;

function buildMatcher(pattern: string, regex: boolean, caseSensitive: boolean): (line: string) => boolean {
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(pattern, caseSensitive ? '' : 'i');
    } catch (err) {
      throw new ToolError(`search_files: invalid regular expression: ${(err as Error).message}`);
    }
    return (line) => re.test(line);
  }
  const needle = caseSensitive ? pattern : pattern.toLowerCase();
  return (line) => (caseSensitive ? line : line.toLowerCase()).includes(needle);
}

/** Regular files under `dir`, depth first, sorted; symlinks are skipped so the walk never leaves the sandbox. */
async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

async function searchFile(file: string, match: (l: string) => boolean): Promise<Array<[number, string]>> {
  const stat = await fs.stat(file);
  if (stat.size > MAX_SEARCH_BYTES) return [];
  const buf = await fs.readFile(file);
  if (buf.includes(0)) return []; // binary (SQLite, images): not text-searchable
  const hits: Array<[number, string]> = [];
  buf
    .toString('utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (match(line)) hits.push([i + 1, line.length > MAX_LINE_SHOWN ? `${line.slice(0, MAX_LINE_SHOWN)}…` : line]);
    });
  return hits;
}

const searchFiles: Tool = {
  name: 'search_files',
  description:
    'Search text files under a directory (recursively) for a string or regular expression; returns "path:line: text" matches.',
  parameters: {
    type: 'object',
    required: ['pattern'],
    additionalProperties: false,
    properties: {
      pattern: { type: 'string', description: 'Text to find (or a regular expression when regex is true)' },
      path: { type: 'string', description: 'Directory or file to search; default: the sandbox root' },
      regex: { type: 'boolean', description: 'Treat pattern as a JavaScript regular expression, default false' },
      case_sensitive: { type: 'boolean', description: 'Default false' },
      max_results: { type: 'integer', minimum: 1, description: `Maximum matches, default ${DEFAULT_MAX_MATCHES}` },
    },
  },
  async run(args, ctx) {
    const pattern = strArg(args, 'pattern', 'search_files');
    if (pattern === '') throw new ToolError("search_files: argument 'pattern' must not be empty");
    const userPath = optStrArg(args, 'path', 'search_files') ?? '.';
    const max = optIntArg(args, 'max_results', 'search_files') ?? DEFAULT_MAX_MATCHES;
    const match = buildMatcher(pattern, boolArg(args, 'regex', 'search_files'), boolArg(args, 'case_sensitive', 'search_files'));
    const abs = resolveInSandbox(ctx.root, userPath, ctx.realRoot);
    const stat = await fsOp(userPath, () => fs.stat(abs));
    const files = stat.isDirectory() ? walk(abs) : (async function* () { yield abs; })();
    const root = contextRealRoot(ctx);
    const out: string[] = [];
    let total = 0;
    for await (const file of files) {
      if (ctx.signal.aborted) throw new ToolError('search_files: aborted');
      for (const [n, line] of await searchFile(file, match)) {
        total++;
        if (out.length < max) out.push(`${path.relative(root, file)}:${n}: ${line}`);
      }
    }
    if (total === 0) return `No matches for '${pattern}' under ${abs}`;
    const more = total > out.length ? `\n[${total - out.length} more matches not shown]` : '';
    return capOutput(`${total} match(es) (paths relative to ${root}):\n${out.join('\n')}${more}`);
  },
};

/** Text search. */
export const searchTools: Tool[] = [searchFiles];
