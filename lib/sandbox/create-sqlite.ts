import { pyRepr, pyRound2, pyStr } from '../py';
import { isRecord } from '../util/is-record';
import { getOr, toPyInt } from './py-values';
import type { Generator, GeneratorContext, SqliteTable } from './types';

/**
 * `create_sqlite` (spec §5.6). Multi-table form `content.tables: [{name, columns, rows}]` or the
 * single-table form `content.{table_name (default data), columns, rows}`; `rows` defaults to 5.
 * A column is `{name, type, data_type?, foreign_key?}` or a bare name (TEXT). The DDL is the reference's
 * unquoted `CREATE TABLE {name} ({col} {type}, …)`; `auto_id` cells are null (AUTOINCREMENT fills them).
 */

type Cell = string | number | null;

interface Column {
  name: string;
  /** The declared type as written (`INTEGER`, `BOOLEAN`, `auto_id`, …), used for value heuristics. */
  declared: string;
  /** The SQL type in the DDL. */
  sqlType: string;
  spec: Record<string, unknown>;
}

interface BuiltTable {
  columns: Column[];
  rows: Cell[][];
}

const SQL_TYPES: Readonly<Record<string, string>> = {
  TEXT: 'TEXT',
  INTEGER: 'INTEGER',
  REAL: 'REAL',
  BOOLEAN: 'INTEGER',
  DATE: 'TEXT',
  DATETIME: 'TEXT',
  auto_id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
};

/** Declared type → SQL type; anything unknown is TEXT (case-sensitive, like the reference). */
export function mapColumnType(declared: string): string {
  return Object.prototype.hasOwnProperty.call(SQL_TYPES, declared) ? SQL_TYPES[declared] : 'TEXT';
}

/** `CREATE TABLE {name} ({col} {type}, …)`, unquoted as in the reference. */
export function createTableSql(name: string, columns: ReadonlyArray<{ name: string; sqlType: string }>): string {
  return `CREATE TABLE ${name} (${columns.map((c) => `${c.name} ${c.sqlType}`).join(', ')})`;
}

function tableSpecs(content: Record<string, unknown>): Record<string, unknown>[] {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(content, k);
  if (has('tables')) {
    const tables = content.tables;
    if (!Array.isArray(tables)) throw new Error(`content.tables must be a list, got ${pyRepr(tables)}`);
    return tables.map((t, i) => {
      if (!isRecord(t)) throw new Error(`content.tables[${i}] must be a mapping, got ${pyRepr(t)}`);
      return t;
    });
  }
  if (has('table_name') || has('columns')) {
    return [{ name: getOr(content, 'table_name', 'data'), columns: getOr(content, 'columns', []), rows: getOr(content, 'rows', 5) }];
  }
  throw new Error('Invalid SQLite content specification');
}

function parseColumns(table: string, raw: unknown): Column[] {
  if (!Array.isArray(raw)) throw new Error(`columns of table '${table}' must be a list, got ${pyRepr(raw)}`);
  return raw.map((col, i) => {
    if (!isRecord(col)) return { name: pyStr(col), declared: 'TEXT', sqlType: 'TEXT', spec: {} };
    if (col.name === undefined) throw new Error(`column ${i} of table '${table}' has no 'name'`);
    if (col.type === undefined) throw new Error(`column '${pyStr(col.name)}' of table '${table}' has no 'type'`);
    const declared = pyStr(col.type);
    return { name: pyStr(col.name), declared, sqlType: mapColumnType(declared), spec: col };
  });
}

/** `foreign_key: "table.col" | "table" | {table, column}` → [table, column]. */
function parseForeignKey(fk: unknown): [string, string] {
  if (typeof fk === 'string') {
    const dot = fk.indexOf('.');
    return dot < 0 ? [fk, 'id'] : [fk.slice(0, dot), fk.slice(dot + 1)];
  }
  if (isRecord(fk) && fk.table !== undefined) return [pyStr(fk.table), pyStr(getOr(fk, 'column', 'id'))];
  throw new Error(`Invalid foreign key specification: ${pyStr(fk)}`);
}

type CellMaker = () => Cell;

/** Foreign key values: uniform over the parent's values, 1..n for an AUTOINCREMENT parent, else 1..3. */
function foreignMaker(col: Column, built: Map<string, BuiltTable>, ctx: GeneratorContext): CellMaker {
  const [refTable, refColumn] = parseForeignKey(col.spec.foreign_key);
  const parent = built.get(refTable);
  if (!parent) throw new Error(`Referenced table '${refTable}' not found for foreign key '${col.name}'`);
  const { rng } = ctx;
  const index = parent.columns.findIndex((c) => c.name === refColumn);
  if (index >= 0) {
    const n = parent.rows.length;
    // An AUTOINCREMENT parent holds 1..n once inserted; its generated cells are null.
    if (parent.columns[index].sqlType.includes('PRIMARY KEY AUTOINCREMENT')) {
      if (n > 0) return () => rng.int(1, n);
    } else {
      const values = parent.rows.map((r) => r[index]).filter((v) => v !== null);
      if (values.length > 0) return () => rng.choice(values);
    }
  }
  return () => rng.int(1, 3);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function heuristicMaker(col: Column, ctx: GeneratorContext): CellMaker {
  const { rng, data } = ctx;
  const lower = col.name.toLowerCase();
  const date = () => `${rng.int(2020, 2025)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
  switch (col.declared) {
    case 'INTEGER':
      if (lower.includes('age')) return () => rng.int(18, 70);
      if (lower.includes('amount') || lower.includes('price')) return () => rng.int(100, 50000);
      return () => rng.int(1, 1000);
    case 'REAL':
      return () => pyRound2(rng.uniform(1, 1000));
    case 'BOOLEAN':
      return () => rng.int(0, 1);
    case 'DATE':
      return date;
    case 'DATETIME':
      return () => `${date()} ${pad2(rng.int(0, 23))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`;
    default: {
      // Header detection is a pure function of the name: resolve it once per column, not per cell.
      const type = data.detectType(col.name);
      return () => data.field(type);
    }
  }
}

/** Priority: data_type > auto_id > foreign_key > type heuristics (the reference's order). */
function cellMaker(col: Column, built: Map<string, BuiltTable>, ctx: GeneratorContext): CellMaker {
  const dataType = col.spec.data_type;
  if (dataType !== undefined && dataType !== null && dataType !== '' && dataType !== false) {
    const type = pyStr(dataType);
    return () => ctx.data.field(type);
  }
  if (col.declared === 'auto_id') return () => null;
  if (Object.prototype.hasOwnProperty.call(col.spec, 'foreign_key')) return foreignMaker(col, built, ctx);
  return heuristicMaker(col, ctx);
}

export const createSqlite: Generator = (targetFile, content, ctx) => {
  const built = new Map<string, BuiltTable>();
  const tables: SqliteTable[] = [];
  for (const [i, spec] of tableSpecs(content).entries()) {
    if (spec.name === undefined) throw new Error(`content.tables[${i}] has no 'name'`);
    if (spec.columns === undefined) throw new Error(`content.tables[${i}] has no 'columns'`);
    const name = pyStr(spec.name);
    if (built.has(name)) throw new Error(`Duplicate table name '${name}'`);
    const columns = parseColumns(name, spec.columns);
    // `CREATE TABLE t ()` is an SQL syntax error: say what is wrong instead of failing in SQLite.
    if (columns.length === 0) throw new Error(`table '${name}' has no columns (give at least one in 'columns')`);
    const rowCount = toPyInt(getOr(spec, 'rows', 5), 'rows');
    const makers = columns.map((c) => cellMaker(c, built, ctx));
    const rows: Cell[][] = [];
    for (let r = 0; r < rowCount; r++) rows.push(makers.map((make) => make()));
    built.set(name, { columns, rows });
    tables.push({ name, ddl: createTableSql(name, columns), rows });
  }
  return [{ path: targetFile, kind: 'sqlite', tables }];
};
