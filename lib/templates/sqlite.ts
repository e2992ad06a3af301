/**
 * sqlite_query and sqlite_value: the first column of the first row, as Python's `str()` of the value
 * sqlite3 returns (INTEGER → `180001`, REAL → `60000.333333333336`, NULL → ``, BLOB → `b'…'`).
 * Databases are opened read-only; `safeIntegers` keeps INTEGER (bigint) apart from REAL (number).
 */
import Database from 'better-sqlite3';
import { pyFloatStr, pyParseInt, pyRepr } from '../py';
import { parseIntArg, requireExists } from './read';
import { resolveTargetFile, TemplateFunctionFailure } from './target-file';
import type { TemplateContext, TemplateFunctionSpec } from './types';

type Db = Database.Database;

/** An open database and whether the caller closes it (neither cached nor owned by the generated files). */
function openDb(file: string, ctx: TemplateContext): { db: Db; owned: boolean } {
  requireExists(file, 'SQLite file', ctx);
  const generated = ctx.files?.stat(file);
  if (generated === 'file') return { db: ctx.files!.database(file)!, owned: false };
  // A folder holding generated files: what opening a folder as a database gives.
  if (generated === 'dir') throw new Error('disk I/O error');
  const open = (): Db => new Database(file, { readonly: true, fileMustExist: true });
  if (!ctx.cache) return { db: open(), owned: true };
  return { db: ctx.cache.get('sqlite', file, open, (db) => db.close()), owned: false };
}

/** Runs `sql` and returns the first column of the first row, or `undefined` when there is no row. */
function firstValue(db: Db, sql: string): { value: unknown } | undefined {
  const stmt = db.prepare(sql);
  // A statement that returns no data has no rows (Python's fetchone() gives None).
  if (!stmt.reader) return undefined;
  stmt.safeIntegers(true);
  const row = stmt.raw(true).get() as unknown[] | undefined;
  return row ? { value: row[0] } : undefined;
}

/** Python `str()` of a sqlite3 value, with NULL rendered as an empty string. */
export function sqliteValueStr(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return pyFloatStr(v);
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

function withDb<T>(file: string, ctx: TemplateContext, body: (db: Db) => T): T {
  const { db, owned } = openDb(file, ctx);
  try {
    return body(db);
  } finally {
    if (owned) db.close();
  }
}

function sqliteQuery(args: string[], ctx: TemplateContext): string {
  const sql = args[0];
  const file = resolveTargetFile(args[1], ctx);
  return withDb(file, ctx, (db) => {
    let res: { value: unknown } | undefined;
    try {
      res = firstValue(db, sql);
    } catch (e) {
      throw new TemplateFunctionFailure(`SQLite error executing '${sql}': ${(e as Error).message}`);
    }
    if (!res) {
      // The reference raises inside its try and its generic handler re-wraps the message.
      throw new TemplateFunctionFailure(`Error executing SQLite query '${sql}': SQL query returned no results: ${sql}`);
    }
    return sqliteValueStr(res.value);
  });
}

class Inner extends Error {}

function sqliteLookup(db: Db, row: number, column: string, table: string | undefined): string {
  let tableName = table;
  if (tableName === undefined) {
    const t = firstValue(db, "SELECT name FROM sqlite_master WHERE type='table'");
    if (!t) throw new Inner('No tables found in SQLite database');
    tableName = String(t.value);
  }
  let columnName = column;
  const index = pyParseInt(column);
  if (index !== null) {
    const cols = db.prepare(`PRAGMA table_info(${tableName})`).all() as Array<{ name: string }>;
    if (index < 0 || index >= cols.length) {
      throw new Inner(`Column index ${index} out of range (table has ${cols.length} columns)`);
    }
    columnName = cols[index].name;
  }
  // Names are interpolated unquoted, as in the reference.
  const res = firstValue(db, `SELECT ${columnName} FROM ${tableName} LIMIT 1 OFFSET ${row}`);
  if (!res) throw new Inner(`Row ${row} not found in table ${tableName}`);
  return sqliteValueStr(res.value);
}

function sqliteValue(args: string[], ctx: TemplateContext): string {
  const row = parseIntArg(args[0], `Invalid row number: ${args[0]}`);
  const table = args.length === 4 ? args[2] : undefined;
  const file = resolveTargetFile(args[args.length - 1], ctx);
  return withDb(file, ctx, (db) => {
    try {
      return sqliteLookup(db, row, args[1], table);
    } catch (e) {
      if (e instanceof Inner) throw new TemplateFunctionFailure(`Error accessing SQLite database: ${e.message}`);
      throw new TemplateFunctionFailure(`SQLite error: ${(e as Error).message}`);
    }
  });
}

/** The SQLite template functions. The SQL argument may contain `:` (e.g. `'10:00'`). */
export const sqliteFunctions: Record<string, TemplateFunctionSpec> = {
  sqlite_query: {
    arity: 2,
    greedy: 0,
    usage: 'sqlite_query requires exactly 2 arguments: sql_query, file_path',
    fn: sqliteQuery,
  },
  sqlite_value: {
    arity: [3, 4],
    usage: 'sqlite_value requires 3 or 4 arguments: row, column, [table], file_path',
    fn: sqliteValue,
  },
};
