import fs from 'node:fs/promises';
import path from 'node:path';
import { realRoot, resolveEntryInSandbox, resolveInSandbox } from './sandbox-path';
import { fsOp, pathOnly, pathProp, strArg, ToolError, type Tool, type ToolParameters } from './types';

/** Largest content one write accepts (agent-protocol.md §4.3). */
export const MAX_WRITE_BYTES = 5 * 1024 * 1024;

function checkSize(content: string, tool: string): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_WRITE_BYTES) throw new ToolError(`${tool}: content too large (${bytes} bytes, max ${MAX_WRITE_BYTES})`);
}

function refuseRoot(abs: string, root: string, tool: string): void {
  if (abs === realRoot(root)) throw new ToolError(`${tool}: refusing to operate on the sandbox root itself`);
}

let tmpCounter = 0;

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
    const abs = resolveEntryInSandbox(ctx.root, userPath);
    refuseRoot(abs, ctx.root, 'write_file');
    // Replace by rename, so a symlink at `abs` is replaced instead of followed out of the sandbox.
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}-${++tmpCounter}.tmp`);
    await fsOp(userPath, async () => {
      const st = await fs.lstat(abs).catch(() => null);
      if (st?.isDirectory()) throw new ToolError(`is a directory: ${userPath}`);
      await fs.writeFile(tmp, content, { flag: 'wx' });
      await fs.rename(tmp, abs).catch(async (err: unknown) => {
        await fs.rm(tmp, { force: true });
        throw err;
      });
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
    const abs = resolveInSandbox(ctx.root, userPath);
    refuseRoot(abs, ctx.root, 'append_file');
    await fsOp(userPath, () => fs.appendFile(abs, content));
    return `Content appended successfully to: ${abs}`;
  },
};

const createDirectory: Tool = {
  name: 'create_directory',
  description: 'Create a directory and any missing parents (like mkdir -p).',
  parameters: pathOnly,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'create_directory');
    const abs = resolveInSandbox(ctx.root, userPath);
    await fsOp(userPath, () => fs.mkdir(abs, { recursive: true }));
    return `Directory created successfully: ${abs}`;
  },
};

/** File-creating tools. */
export const fsWriteTools: Tool[] = [writeFile, appendFile, createDirectory];
