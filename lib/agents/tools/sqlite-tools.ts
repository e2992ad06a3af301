import Database from 'better-sqlite3';
import { resolveInSandbox } from './sandbox-path';
import { capOutput, optIntArg, strArg, ToolError, type Tool, type ToolContext } from './types';

/** Row cap of `sqlite_execute_query` (the reference's default). */
export const DEFAULT_SQLITE_ROWS = 1000;
const MAX_SQLITE_ROWS = 10_000;

const dbProp = { type: 'string', description: 'Path of the SQLite database file inside the sandbox' };

/** Opens a sandbox database read-only; a missing file is an error (the reference would silently create it). */
function openReadOnly(ctx: ToolContext, userPath: string, tool: string): Database.Database {
  const abs = resolveInSandbox(ctx.root, userPath, ctx.realRoot);
  try {
    return new Database(abs, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ToolError(`${tool}: cannot open database ${userPath}: ${(err as Error).message}`);
  }
}

/** JSON-safe cell: BLOBs become a short description, bigints their decimal text. */
function cell(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return `<blob ${v.length} bytes>`;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function withDb<T>(ctx: ToolContext, userPath: string, tool: string, fn: (db: Database.Database) => T): T {
  const db = openReadOnly(ctx, userPath, tool);
  try {
    return fn(db);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(`${tool}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

const executeQuery: Tool = {
  name: 'sqlite_execute_query',
  description: 'Run one read-only SQL statement (SELECT, WITH, read-only PRAGMA) on a SQLite database; returns JSON rows.',
  parameters: {
    type: 'object',
    required: ['database_path', 'query'],
    additionalProperties: false,
    properties: {
      database_path: dbProp,
      query: { type: 'string', description: 'A read-only statement' },
      limit: { type: 'integer', minimum: 1, maximum: MAX_SQLITE_ROWS, description: `Max rows, default ${DEFAULT_SQLITE_ROWS}` },
    },
  },
  async run(args, ctx) {
    const dbPath = strArg(args, 'database_path', 'sqlite_execute_query');
    const query = strArg(args, 'query', 'sqlite_execute_query');
    const limit = Math.min(optIntArg(args, 'limit', 'sqlite_execute_query') ?? DEFAULT_SQLITE_ROWS, MAX_SQLITE_ROWS);
    return withDb(ctx, dbPath, 'sqlite_execute_query', (db) => {
      const stmt = db.prepare(query);
      // `reader` is SQLite's own answer to "does this return rows"; the connection is read-only anyway.
      if (!stmt.reader) throw new ToolError('sqlite_execute_query: only read-only queries that return rows are allowed');
      const columns = stmt.columns().map((c) => c.name);
      const data: Array<Record<string, unknown>> = [];
      for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
        if (data.length >= limit) break;
        data.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)])));
      }
      return capOutput(JSON.stringify({ success: true, columns, row_count: data.length, data }, null, 2));
    });
  },
};

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
  pk: number;
}

const getSchema: Tool = {
  name: 'sqlite_get_schema',
  description: 'Describe the tables (columns, types, keys, CREATE statements) and views of a SQLite database.',
  parameters: { type: 'object', required: ['database_path'], additionalProperties: false, properties: { database_path: dbProp } },
  async run(args, ctx) {
    const dbPath = strArg(args, 'database_path', 'sqlite_get_schema');
    return withDb(ctx, dbPath, 'sqlite_get_schema', (db) => {
      const objects = db
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all() as Array<{ type: string; name: string; sql: string | null }>;
      const tables = objects
        .filter((o) => o.type === 'table')
        .map((o) => ({
          name: o.name,
          columns: (db.pragma(`table_info(${JSON.stringify(o.name)})`) as TableInfoRow[]).map((c) => ({
            name: c.name,
            type: c.type,
            not_null: c.notnull === 1,
            default_value: c.dflt_value,
            primary_key: c.pk > 0,
          })),
          create_sql: o.sql,
        }));
      const views = objects.filter((o) => o.type === 'view').map((o) => ({ name: o.name, create_sql: o.sql }));
      return capOutput(JSON.stringify({ database: dbPath, tables, views }, null, 2));
    });
  },
};

const listTables: Tool = {
  name: 'sqlite_list_tables',
  description: 'List the tables and views of a SQLite database.',
  parameters: { type: 'object', required: ['database_path'], additionalProperties: false, properties: { database_path: dbProp } },
  async run(args, ctx) {
    const dbPath = strArg(args, 'database_path', 'sqlite_list_tables');
    return withDb(ctx, dbPath, 'sqlite_list_tables', (db) => {
      const rows = db
        .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all() as Array<{ type: string; name: string }>;
      const tables = rows.filter((r) => r.type === 'table').map((r) => r.name);
      const views = rows.filter((r) => r.type === 'view').map((r) => r.name);
      return JSON.stringify(
        { database: dbPath, tables, views, total_tables: tables.length, total_views: views.length },
        null,
        2,
      );
    });
  },
};

/** Read-only SQLite tools. */
export const sqliteTools: Tool[] = [executeQuery, getSchema, listTables];
