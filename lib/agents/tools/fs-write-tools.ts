import fs from 'node:fs';
import path from 'node:path';
import { contextRealRoot, newEntryInSandbox, resolveEntryInSandbox, resolveInSandbox, type LeafStat } from './sandbox-path';
import { fsOpSync, pathOnly, pathProp, strArg, ToolError, type Tool, type ToolContext, type ToolParameters } from './types';

/** Largest content one write accepts (agent-protocol.md §4.3). */
export const MAX_WRITE_BYTES = 5 * 1024 * 1024;

function checkSize(content: string, tool: string): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_WRITE_BYTES) throw new ToolError(`${tool}: content too large (${bytes} bytes, max ${MAX_WRITE_BYTES})`);
}

function refuseRoot(abs: string, ctx: ToolContext, tool: string): void {
  if (abs === contextRealRoot(ctx)) throw new ToolError(`${tool}: refusing to operate on the sandbox root itself`);
}

let tmpCounter = 0;

/** Writes a new file at `abs` with O_CREAT|O_EXCL; false when an entry already exists there (nothing written). */
function createExclusive(abs: string, content: string): boolean {
  try {
    fs.writeFileSync(abs, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

const contentProp = { type: 'string', description: 'Text to write (UTF-8)' };
/** Parameters of write_file and append_file. */
const pathAndContent: ToolParameters = {
  type: 'object',
  required: ['path', 'content'],
  additionalProperties: false,
  properties: { path: pathProp, content: contentProp },
};

const writeFile: Tool = {
  name: 'write_file',
  description: 'Create or overwrite a text file. The parent directory must exist (use create_directory).',
  parameters: pathAndContent,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'write_file');
    const content = strArg(args, 'content', 'write_file');
    checkSize(content, 'write_file');
    // A new file in a folder the check sees as plain (the usual case): created in place, exclusively, without an
    // lstat of its own name first; anything already there (EEXIST) takes the full way below.
    const fresh = ctx.realRoot !== undefined ? newEntryInSandbox(ctx.root, userPath, ctx.realRoot) : null;
    if (fresh !== null && fsOpSync(userPath, () => createExclusive(fresh, content))) return `File written successfully: ${fresh}`;
    const leaf: LeafStat = {};
    const abs = resolveEntryInSandbox(ctx.root, userPath, ctx.realRoot, leaf);
    refuseRoot(abs, ctx, 'write_file');
    // Replace by rename, so a symlink at `abs` is replaced instead of followed out of the sandbox.
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}-${++tmpCounter}.tmp`);
    fsOpSync(userPath, () => {
      // The confinement check's lstat of `abs` when it made one (null: missing), else one here.
      const st = leaf.stat !== undefined ? leaf.stat : fs.lstatSync(abs, { throwIfNoEntry: false });
      if (st?.isDirectory()) throw new ToolError(`is a directory: ${userPath}`);
      // Nothing there: create it in place, exclusively (O_EXCL never follows a symlink, not even a dangling one);
      // something appeared meanwhile (EEXIST): replace it by rename like any existing entry.
      if (!st && createExclusive(abs, content)) return;
      fs.writeFileSync(tmp, content, { flag: 'wx' });
      try {
        fs.renameSync(tmp, abs);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw err;
      }
    });
    return `File written successfully: ${abs}`;
  },
};

const appendFile: Tool = {
  name: 'append_file',
  description: 'Append text to a file, creating it when missing.',
  parameters: pathAndContent,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'append_file');
    const content = strArg(args, 'content', 'append_file');
    checkSize(content, 'append_file');
    const abs = resolveInSandbox(ctx.root, userPath, ctx.realRoot);
    refuseRoot(abs, ctx, 'append_file');
    fsOpSync(userPath, () => fs.appendFileSync(abs, content));
    return `Content appended successfully to: ${abs}`;
  },
};

const createDirectory: Tool = {
  name: 'create_directory',
  description: 'Create a directory and any missing parents (like mkdir -p).',
  parameters: pathOnly,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'create_directory');
    const leaf: LeafStat = {};
    const abs = resolveInSandbox(ctx.root, userPath, ctx.realRoot, leaf);
    // A folder the confinement check saw is already there: `mkdir -p` has nothing to do (no mkdir to fail EEXIST).
    if (!leaf.stat?.isDirectory()) fsOpSync(userPath, () => fs.mkdirSync(abs, { recursive: true }));
    return `Directory created successfully: ${abs}`;
  },
};

/** File-creating tools. */
export const fsWriteTools: Tool[] = [writeFile, appendFile, createDirectory];
