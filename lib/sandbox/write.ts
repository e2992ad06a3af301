import fs from 'node:fs';
import path from 'node:path';
import { sqliteImage } from './sqlite-memory';
import type { GeneratedFile } from './types';

export { sqliteImage } from './sqlite-memory';

/** A file's final bytes (text as UTF-8), ready to be written. */
export interface FileData {
  path: string;
  data: string | Uint8Array;
}

/**
 * The only place where sandbox content touches the disk. Parent directories are created, existing files
 * overwritten (an SQLite file is replaced whole, so no stale tables survive). Returns the absolute paths
 * written, in order.
 */
export function writeGeneratedFiles(files: readonly GeneratedFile[]): string[] {
  return writeFileData(files.map(fileData));
}

/** The bytes of a generated file: its text, or the image of its SQLite database (empty without tables). */
export function fileData(file: GeneratedFile): FileData {
  return { path: file.path, data: file.kind === 'text' ? file.content : (sqliteImage(file.tables) ?? '') };
}

/**
 * Writes prepared files, each with one `writeFileSync`. `knownDirs` holds folders known to exist (shared
 * across calls to create each folder once); without it, folders are created only when a write says they are
 * missing (mkdir is a slow syscall on overlay file systems).
 */
export function writeFileData(files: readonly FileData[], knownDirs?: Set<string>): string[] {
  const written: string[] = [];
  for (const file of files) {
    const abs = path.resolve(file.path);
    if (knownDirs) {
      ensureDir(path.dirname(abs), knownDirs);
      fs.writeFileSync(abs, file.data);
    } else {
      try {
        fs.writeFileSync(abs, file.data);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, file.data);
      }
    }
    written.push(abs);
  }
  return written;
}

/**
 * Creates `dir` unless `known` says it exists: below the deepest known ancestor, one mkdir per missing level
 * (a recursive mkdir first fails on every missing level, then creates them); records what it created.
 */
function ensureDir(dir: string, known: Set<string>): void {
  if (known.has(dir)) return;
  const missing: string[] = [];
  let d = dir;
  while (!known.has(d) && path.dirname(d) !== d) {
    missing.push(d);
    d = path.dirname(d);
  }
  if (!known.has(d)) {
    // Nothing known yet: let mkdir find the existing part.
    fs.mkdirSync(dir, { recursive: true });
  } else {
    for (let i = missing.length - 1; i >= 0; i--) {
      try {
        fs.mkdirSync(missing[i]);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(missing[i]).isDirectory()) throw err;
      }
    }
  }
  for (const m of missing) known.add(m);
  known.add(d);
}

/** Folders created (or being created) by `writeFileDataAsync`, shared across its calls: each is made once. */
export type PendingDirs = Map<string, Promise<void>>;

/**
 * `writeFileData` on libuv's thread pool (`fs.promises`): the kernel's folder and file creation runs off the
 * calling thread, several instances at once. Each folder is created once across calls sharing `dirs` (one mkdir
 * per missing level below the deepest folder already there or under way); the first write under an unknown
 * tree lets a recursive mkdir find the existing part. Resolves with the absolute paths written, in order; rejects
 * with the first failure once every write of the call has settled (none is left running).
 */
export async function writeFileDataAsync(files: readonly FileData[], dirs: PendingDirs): Promise<string[]> {
  const abs = files.map((f) => path.resolve(f.path));
  // Files of one call are written one after another, as `writeFileData` does (a later file of the same path wins).
  for (let i = 0; i < files.length; i++) {
    await ensureDirAsync(path.dirname(abs[i]!), dirs);
    await fs.promises.writeFile(abs[i]!, files[i]!.data);
  }
  return abs;
}

function ensureDirAsync(dir: string, dirs: PendingDirs): Promise<void> {
  const known = dirs.get(dir);
  if (known) return known;
  const parent = path.dirname(dir);
  let made: Promise<void>;
  if (parent === dir || !hasKnownAncestor(parent, dirs)) {
    made = fs.promises.mkdir(dir, { recursive: true }).then(() => undefined);
  } else {
    made = ensureDirAsync(parent, dirs).then(() =>
      fs.promises.mkdir(dir).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST' || !(await fs.promises.stat(dir)).isDirectory()) throw err;
      }),
    );
  }
  dirs.set(dir, made);
  return made;
}

function hasKnownAncestor(dir: string, dirs: PendingDirs): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (dirs.has(d)) return true;
    if (path.dirname(d) === d) return false;
  }
}
