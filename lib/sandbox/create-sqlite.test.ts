import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlite, createTableSql, mapColumnType } from './create-sqlite';
import { makeCtx, tempDir } from '../generation/test-context';
import type { GeneratedFile, SqliteTable } from './types';
import { writeGeneratedFiles } from './write';

const tables = (files: GeneratedFile[]): SqliteTable[] => {
  const [f] = files;
  if (f.kind !== 'sqlite') throw new Error('expected sqlite');
  return f.tables;
};

const SHOP = {
  tables: [
    { name: 'customers', rows: 20, columns: [{ name: 'id', type: 'auto_id' }, { name: 'name', type: 'TEXT' }, { name: 'AGE', type: 'INTEGER' }, 'city'] },
    {
      name: 'orders',
      rows: '75',
      columns: [
        { name: 'id', type: 'auto_id' },
        { name: 'customer_id', type: 'INTEGER', foreign_key: 'customers.id' },
        { name: 'cust_name', type: 'TEXT', foreign_key: { table: 'customers', column: 'name' } },
        { name: 'AMT', type: 'INTEGER', data_type: 'currency' },
        { name: 'price', type: 'REAL' },
        { name: 'paid', type: 'BOOLEAN' },
        { name: 'day', type: 'DATE' },
        { name: 'at', type: 'DATETIME' },
        { name: 'ref', type: 'TEXT', foreign_key: 'customers' },
      ],
    },
  ],
};

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('create_sqlite content', () => {
  it.each([
    ['TEXT', 'TEXT'], ['INTEGER', 'INTEGER'], ['REAL', 'REAL'], ['BOOLEAN', 'INTEGER'], ['DATE', 'TEXT'],
    ['DATETIME', 'TEXT'], ['auto_id', 'INTEGER PRIMARY KEY AUTOINCREMENT'], ['integer', 'TEXT'], ['VARCHAR', 'TEXT'],
  ])('type %s maps to %s', (declared, sql) => {
    expect(mapColumnType(declared)).toBe(sql);
  });

  it('DDL text is exactly the reference form', () => {
    const [customers] = tables(createSqlite('/x/s.db', SHOP, makeCtx()));
    expect(customers.ddl).toBe('CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, AGE INTEGER, city TEXT)');
    expect(createTableSql('t', [{ name: 'a', sqlType: 'TEXT' }])).toBe('CREATE TABLE t (a TEXT)');
  });

  it('single-table form with defaults (table data, 5 rows)', () => {
    const [t] = tables(createSqlite('/x/s.db', { columns: ['name', { name: 'n', type: 'INTEGER' }] }, makeCtx()));
    expect(t.name).toBe('data');
    expect(t.rows).toHaveLength(5);
    expect(t.ddl).toBe('CREATE TABLE data (name TEXT, n INTEGER)');
  });

  it('value priority: data_type beats auto_id and foreign_key; auto_id cells are null', () => {
    const spec = {
      tables: [
        { name: 'p', rows: 3, columns: [{ name: 'id', type: 'auto_id' }] },
        { name: 'c', rows: 4, columns: [{ name: 'id', type: 'auto_id', data_type: 'salary' }, { name: 'pid', type: 'INTEGER', foreign_key: 'p.id', data_type: 'status' }] },
      ],
    };
    const [p, c] = tables(createSqlite('/x/s.db', spec, makeCtx()));
    expect(p.rows).toEqual([[null], [null], [null]]);
    for (const [id, pid] of c.rows) {
      expect(String(id)).toMatch(/^\d{5,6}$/);
      expect(['active', 'inactive', 'completed', 'pending', 'cancelled', 'approved', 'rejected', 'processing']).toContain(pid);
    }
  });

  it.each([
    [{}, 'Invalid SQLite content specification'],
    [{ tables: [{ name: 'o', columns: [{ name: 'c', type: 'INTEGER', foreign_key: 'missing.id' }] }] }, "Referenced table 'missing' not found for foreign key 'c'"],
    [{ tables: [{ name: 'o', columns: [{ name: 'c', type: 'INTEGER', foreign_key: 5 }] }] }, 'Invalid foreign key specification: 5'],
    [{ tables: [{ name: 'o', rows: 'many', columns: ['a'] }] }, 'Invalid rows value: many. Must be an integer.'],
    [{ tables: [{ name: 'o', columns: [{ name: 'c' }] }] }, "column 'c' of table 'o' has no 'type'"],
    [{ tables: [{ name: 'o', columns: [] }] }, "table 'o' has no columns"],
    [{ table_name: 't', columns: [] }, "table 't' has no columns"],
  ])('%j fails with %s', (content, message) => {
    expect(() => createSqlite('/x/s.db', content, makeCtx())).toThrow(message);
  });

  it('a foreign key to a missing parent column falls back to 1..3', () => {
    const spec = { tables: [{ name: 'p', rows: 2, columns: ['a'] }, { name: 'c', rows: 30, columns: [{ name: 'x', type: 'INTEGER', foreign_key: 'p.zz' }] }] };
    const [, c] = tables(createSqlite('/x/s.db', spec, makeCtx()));
    for (const [x] of c.rows) expect([1, 2, 3]).toContain(x);
  });
});

describe('create_sqlite round trip through writeGeneratedFiles', () => {
  it('schema, row counts, FK ranges and column affinity as the reference', () => {
    dir = tempDir();
    const target = path.join(dir, 'a', 'shop.db');
    const [written] = writeGeneratedFiles(createSqlite(target, SHOP, makeCtx(3)));
    expect(written).toBe(target);
    const db = new Database(target, { readonly: true });
    try {
      const ddl = db.prepare("SELECT name, sql FROM sqlite_master WHERE type='table' ORDER BY rowid").all() as Array<{ name: string; sql: string }>;
      expect(ddl.map((r) => r.name)).toEqual(['customers', 'sqlite_sequence', 'orders']);
      expect(ddl[2].sql).toBe(tables(createSqlite(target, SHOP, makeCtx(3)))[1].ddl);
      expect(db.prepare('SELECT COUNT(*) n FROM customers').get()).toEqual({ n: 20 });
      expect(db.prepare('SELECT COUNT(*) n FROM orders').get()).toEqual({ n: 75 });
      expect(db.prepare('SELECT MIN(id) lo, MAX(id) hi FROM orders').get()).toEqual({ lo: 1, hi: 75 });
      const fk = db.prepare('SELECT MIN(customer_id) lo, MAX(customer_id) hi, typeof(customer_id) t FROM orders').get() as { lo: number; hi: number; t: string };
      expect(fk.lo).toBeGreaterThanOrEqual(1);
      expect(fk.hi).toBeLessThanOrEqual(20);
      expect(fk.t).toBe('integer');
      const orphans = db.prepare('SELECT COUNT(*) n FROM orders WHERE cust_name NOT IN (SELECT name FROM customers)').get();
      expect(orphans).toEqual({ n: 0 });
      const types = db.prepare('SELECT DISTINCT typeof(AMT) amt, typeof(price) price, typeof(paid) paid, typeof(day) day, typeof(ref) ref FROM orders').all();
      // data_type values are strings; INTEGER affinity stores them as integers (spec §5.6 [V]).
      // An auto_id FK in a TEXT column is text of an integer ('7', not '7.0').
      expect(types).toEqual([{ amt: 'integer', price: 'real', paid: 'integer', day: 'text', ref: 'text' }]);
      const refs = db.prepare('SELECT ref FROM orders').all() as Array<{ ref: string }>;
      for (const { ref } of refs) expect(ref).toMatch(/^([1-9]|1\d|20)$/);
      const at = db.prepare('SELECT at FROM orders LIMIT 1').get() as { at: string };
      expect(at.at).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$/);
    } finally {
      db.close();
    }
    expect(fs.readdirSync(path.dirname(target))).toEqual(['shop.db']);
  });
});
