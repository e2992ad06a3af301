import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { GeneratedFile, SqliteTable } from './types';

/**
 * The only place where sandbox content touches the disk. Parent directories are created, existing files
 * overwritten (an SQLite file is deleted first, so no stale tables survive). Returns the absolute paths
 * written, in order.
 */
export function writeGeneratedFiles(files: readonly GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const file of files) {
    const abs = path.resolve(file.path);
    const write = () => (file.kind === 'text' ? fs.writeFileSync(abs, file.content, 'utf8') : writeSqlite(abs, file.tables));
    try {
      write();
    } catch (err) {
      // Creating folders only when a write says they are missing: mkdir is a slow syscall on overlay file systems.
      if (!isMissingParent(err, abs)) throw err;
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      write();
    }
    written.push(abs);
  }
  return written;
}

function isMissingParent(err: unknown, abs: string): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return true;
  // better-sqlite3 checks the folder itself (TypeError) or fails with SQLITE_CANTOPEN.
  return (err instanceof TypeError || code === 'SQLITE_CANTOPEN') && !fs.existsSync(path.dirname(abs));
}

/**
 * Integers are bound as BigInt so SQLite stores INTEGER values (better-sqlite3 binds every JS number as
 * REAL, which a TEXT column would then keep as `'3.0'` where Python's sqlite3 stores `'3'`).
 */
function bindable(cell: string | number | null): string | number | bigint | null {
  return typeof cell === 'number' && Number.isSafeInteger(cell) ? BigInt(cell) : cell;
}

/**
 * Writes one database. It is built in memory and its image written in one go: no journal, no fsync, no page
 * writes through the VFS (about half the cost of a file-backed build). An in-memory database leaves three
 * header fields at 0 that a file written in one transaction has set (change counter, "version-valid-for",
 * the writing library's version): they are filled in, so the bytes are exactly those of a file-backed write.
 */
function writeSqlite(abs: string, tables: readonly SqliteTable[]): void {
  const image = sqliteImage(tables);
  fs.writeFileSync(abs, image ?? '');
}

let libraryVersion: number | undefined;

/** The database file's bytes, or null for a database without tables (SQLite writes an empty file then). */
export function sqliteImage(tables: readonly SqliteTable[]): Buffer | null {
  if (tables.length === 0) return null;
  const db = new Database(':memory:');
  try {
    libraryVersion ??= versionNumber(db.prepare('SELECT sqlite_version() AS v').get() as { v: string });
    db.transaction(() => {
      for (const table of tables) {
        db.exec(table.ddl);
        if (table.rows.length === 0) continue;
        const width = table.rows[0].length;
        const insert = db.prepare(`INSERT INTO ${table.name} VALUES (${new Array(width).fill('?').join(', ')})`);
        for (const row of table.rows) insert.run(row.map(bindable));
      }
    })();
    const image = db.serialize();
    image.writeUInt32BE(1, 24);
    image.writeUInt32BE(1, 92);
    image.writeUInt32BE(libraryVersion, 96);
    return image;
  } finally {
    db.close();
  }
}

/** `3.46.1` → 3046001 (`SQLITE_VERSION_NUMBER`). */
function versionNumber(row: { v: string }): number {
  const [major, minor, patch] = row.v.split('.').map(Number);
  return major * 1_000_000 + minor * 1_000 + (patch || 0);
}
