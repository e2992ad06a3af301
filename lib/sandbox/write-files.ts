/**
 * Putting prepared file bytes on the disk (no SQLite, nothing else loaded: the sandbox writer thread,
 * `write-worker.ts`, runs this module alone).
 */
import fs from 'node:fs';
import path from 'node:path';

/** A file's final bytes (text as UTF-8), ready to be written. */
export interface FileData {
  path: string;
  data: string | Uint8Array;
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
