import fs from 'node:fs/promises';
import path from 'node:path';
import { contextRealRoot, resolveEntryInSandbox, resolveInSandbox } from './sandbox-path';
import { fsOp, pathOnly, strArg, ToolError, type Tool, type ToolContext, type ToolParameters } from './types';

/** Parameters of copy_file and move_file. */
const sourceAndDestination: ToolParameters = {
  type: 'object',
  required: ['source', 'destination'],
  additionalProperties: false,
  properties: {
    source: { type: 'string', description: 'Existing path inside the sandbox' },
    destination: { type: 'string', description: 'Target path inside the sandbox (an existing directory receives the entry)' },
  },
};

/** Destination entry for copy/move: an existing directory receives the source under its own name. */
async function destinationFor(ctx: ToolContext, userDst: string, srcAbs: string): Promise<string> {
  const dst = resolveInSandbox(ctx.root, userDst, ctx.realRoot);
  const st = await fs.stat(dst).catch(() => null);
  return st?.isDirectory() ? path.join(dst, path.basename(srcAbs)) : resolveEntryInSandbox(ctx.root, userDst, ctx.realRoot);
}

const removeFile: Tool = {
  name: 'remove_file',
  description: 'Delete a file (or a symlink). Use remove_directory for directories.',
  parameters: pathOnly,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'remove_file');
    const abs = resolveEntryInSandbox(ctx.root, userPath, ctx.realRoot);
    const st = await fsOp(userPath, () => fs.lstat(abs));
    if (st.isDirectory()) throw new ToolError(`remove_file: is a directory (use remove_directory): ${userPath}`);
    await fsOp(userPath, () => fs.unlink(abs));
    return `File removed successfully: ${abs}`;
  },
};

const removeDirectory: Tool = {
  name: 'remove_directory',
  description: 'Delete a directory and everything in it. The sandbox root itself cannot be removed.',
  parameters: pathOnly,
  async run(args, ctx) {
    const userPath = strArg(args, 'path', 'remove_directory');
    const abs = resolveEntryInSandbox(ctx.root, userPath, ctx.realRoot);
    if (abs === contextRealRoot(ctx)) throw new ToolError('remove_directory: refusing to remove the sandbox root');
    const st = await fsOp(userPath, () => fs.lstat(abs));
    if (!st.isDirectory()) throw new ToolError(`remove_directory: not a directory: ${userPath}`);
    // fs.rm does not follow symlinks inside the tree, so nothing outside the sandbox is touched.
    await fsOp(userPath, () => fs.rm(abs, { recursive: true }));
    return `Directory removed successfully: ${abs}`;
  },
};

const copyFile: Tool = {
  name: 'copy_file',
  description: 'Copy a file. Overwrites an existing destination file.',
  parameters: sourceAndDestination,
  async run(args, ctx) {
    const userSrc = strArg(args, 'source', 'copy_file');
    const userDst = strArg(args, 'destination', 'copy_file');
    const src = resolveInSandbox(ctx.root, userSrc, ctx.realRoot);
    const st = await fsOp(userSrc, () => fs.stat(src));
    if (!st.isFile()) throw new ToolError(`copy_file: not a file: ${userSrc}`);
    const dst = await destinationFor(ctx, userDst, src);
    const dstStat = await fs.lstat(dst).catch(() => null);
    if (dstStat?.isSymbolicLink()) await fs.unlink(dst); // replace the link, never write through it
    await fsOp(userDst, () => fs.copyFile(src, dst));
    return `File copied successfully from ${src} to ${dst}`;
  },
};

const moveFile: Tool = {
  name: 'move_file',
  description: 'Move or rename a file or directory. Fails when the destination already exists.',
  parameters: sourceAndDestination,
  async run(args, ctx) {
    const userSrc = strArg(args, 'source', 'move_file');
    const userDst = strArg(args, 'destination', 'move_file');
    const src = resolveEntryInSandbox(ctx.root, userSrc, ctx.realRoot);
    if (src === contextRealRoot(ctx)) throw new ToolError('move_file: refusing to move the sandbox root');
    await fsOp(userSrc, () => fs.lstat(src));
    const dst = await destinationFor(ctx, userDst, src);
    if (await fs.lstat(dst).catch(() => null)) throw new ToolError(`move_file: destination already exists: ${userDst}`);
    await fsOp(userDst, () => fs.rename(src, dst));
    return `Moved successfully from ${src} to ${dst}`;
  },
};

/** Tools that delete, copy or move entries. */
export const fsManageTools: Tool[] = [removeFile, removeDirectory, copyFile, moveFile];
