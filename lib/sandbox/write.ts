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
 * Writes one database. The file is written once and never needs crash safety, so the rollback journal
 * and fsyncs are off (`journal_mode=OFF`, `synchronous=OFF`): no `-journal`/`-wal` file is left behind and
 * each database costs well under a millisecond. Those pragmas are not persisted: readers see a normal file.
 */
function writeSqlite(abs: string, tables: readonly SqliteTable[]): void {
  fs.rmSync(abs, { force: true });
  const db = new Database(abs);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.transaction(() => {
      for (const table of tables) {
        db.exec(table.ddl);
        if (table.rows.length === 0) continue;
        const width = table.rows[0].length;
        const insert = db.prepare(`INSERT INTO ${table.name} VALUES (${new Array(width).fill('?').join(', ')})`);
        for (const row of table.rows) insert.run(row.map(bindable));
      }
    })();
  } finally {
    db.close();
  }
}
