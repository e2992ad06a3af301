import Database from 'better-sqlite3';
import type { SqliteTable } from './types';

/**
 * Generated SQLite databases are built in memory: no journal, no fsync, no page writes through the VFS
 * (about half the cost of a file-backed build). Answer keys (`sqlite_query`, `sqlite_value`) are computed on
 * the open in-memory database, then its image is written in one go.
 */

let libraryVersion: number | undefined;

/**
 * Builds the database in memory; null for a database without tables (SQLite writes an empty file then).
 * Integers are bound as BigInt so SQLite stores INTEGER values (better-sqlite3 binds every JS number as
 * REAL, which a TEXT column would then keep as `'3.0'` where Python's sqlite3 stores `'3'`).
 */
export function openSqliteInMemory(tables: readonly SqliteTable[]): Database.Database | null {
  if (tables.length === 0) return null;
  const db = new Database(':memory:');
  try {
    libraryVersion ??= versionNumber(db.prepare('SELECT sqlite_version() AS v').get() as { v: string });
    // One transaction, opened and committed by hand (better-sqlite3's `transaction()` wrapper costs more than the
    // statements of a small database); a failure closes the database, so nothing is left to roll back.
    db.exec('BEGIN');
    for (const table of tables) {
      db.exec(table.ddl);
      if (table.rows.length === 0) continue;
      insertRows(db, table);
    }
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The file bytes of a database built by `openSqliteInMemory`. An in-memory database leaves three header
 * fields at 0 that a file written in one transaction has set (change counter, "version-valid-for", the
 * writing library's version): they are filled in, so the bytes are exactly those of a file-backed write.
 */
export function sqliteImageOf(db: Database.Database): Buffer {
  const image = db.serialize();
  image.writeUInt32BE(1, 24);
  image.writeUInt32BE(1, 92);
  image.writeUInt32BE(libraryVersion ?? versionNumber(db.prepare('SELECT sqlite_version() AS v').get() as { v: string }), 96);
  return image;
}

/** The database file's bytes, or null for a database without tables. */
export function sqliteImage(tables: readonly SqliteTable[]): Buffer | null {
  const db = openSqliteInMemory(tables);
  if (db === null) return null;
  try {
    return sqliteImageOf(db);
  } finally {
    db.close();
  }
}

/** Rows per INSERT statement (and at most `MAX_PARAMS` values): one statement per table, not one per row. */
const ROWS_PER_INSERT = 500;
const MAX_PARAMS = 32_000;

/**
 * Inserts the rows in order with multi-row `INSERT … VALUES (…), (…)` statements: the same rows, rowids and
 * pages as one INSERT per row (the image is byte-identical), with a fraction of the calls. Rows of differing
 * widths go one by one, so SQLite reports the bad row as before.
 */
function insertRows(db: Database.Database, table: SqliteTable): void {
  const width = table.rows[0].length;
  const one = `(${new Array(width).fill('?').join(', ')})`;
  if (width === 0 || table.rows.some((r) => r.length !== width)) {
    const insert = db.prepare(`INSERT INTO ${table.name} VALUES ${one}`);
    for (const row of table.rows) insert.run(row.map(bindable));
    return;
  }
  const per = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMS / width)));
  for (let i = 0; i < table.rows.length; i += per) {
    const chunk = table.rows.slice(i, i + per);
    const values: Array<string | number | bigint | null> = [];
    for (const row of chunk) for (const cell of row) values.push(bindable(cell));
    db.prepare(`INSERT INTO ${table.name} VALUES ${new Array(chunk.length).fill(one).join(', ')}`).run(values);
  }
}

function bindable(cell: string | number | null): string | number | bigint | null {
  return typeof cell === 'number' && Number.isSafeInteger(cell) ? BigInt(cell) : cell;
}

/** `3.46.1` → 3046001 (`SQLITE_VERSION_NUMBER`). */
function versionNumber(row: { v: string }): number {
  const [major, minor, patch] = row.v.split('.').map(Number);
  return major * 1_000_000 + minor * 1_000 + (patch || 0);
}
