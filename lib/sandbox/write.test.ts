import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCsv } from './create-csv';
import { createSqlite } from './create-sqlite';
import { makeCtx, tempDir } from '../generation/test-context';
import type { SqliteTable } from './types';
import { sqliteImage, writeFileData, writeGeneratedFiles } from './write';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const TWO_TABLES = {
  tables: [
    { name: 'customers', rows: 20, columns: [{ name: 'id', type: 'auto_id' }, 'name', 'email', { name: 'age', type: 'INTEGER' }] },
    {
      name: 'orders',
      rows: 75,
      columns: [
        { name: 'id', type: 'auto_id' },
        { name: 'customer_id', type: 'INTEGER', foreign_key: 'customers.id' },
        { name: 'amount', type: 'REAL' },
        { name: 'status', type: 'TEXT' },
        { name: 'order_date', type: 'DATE' },
      ],
    },
  ],
};

describe('writeGeneratedFiles', () => {
  it('creates parents, overwrites text files, returns absolute paths in order', () => {
    dir = tempDir();
    const rel = path.relative(process.cwd(), path.join(dir, 'x', 'y', 'a.txt'));
    const b = path.join(dir, 'b.txt');
    fs.writeFileSync(b, 'old content that is longer');
    const out = writeGeneratedFiles([
      { path: rel, kind: 'text', content: 'héllo\nworld' },
      { path: b, kind: 'text', content: 'new' },
    ]);
    expect(out).toEqual([path.join(dir, 'x', 'y', 'a.txt'), b]);
    expect(fs.readFileSync(out[0], 'utf8')).toBe('héllo\nworld');
    expect(fs.readFileSync(b, 'utf8')).toBe('new');
  });

  it('replaces an existing database instead of adding to it, and leaves no journal files', () => {
    dir = tempDir();
    const target = path.join(dir, 'd.db');
    const old = new Database(target);
    old.exec('CREATE TABLE stale (x)');
    old.close();
    writeGeneratedFiles([{ path: target, kind: 'sqlite', tables: [{ name: 't', ddl: 'CREATE TABLE t (a TEXT, b INTEGER)', rows: [['x', 1], [null, 2]] }] }]);
    const db = new Database(target, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 't' }]);
    expect(db.prepare('SELECT a, b FROM t').all()).toEqual([{ a: 'x', b: 1 }, { a: null, b: 2 }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    expect(fs.readdirSync(dir)).toEqual(['d.db']);
  });

  it('a table without rows is still created', () => {
    dir = tempDir();
    const target = path.join(dir, 'e.db');
    writeGeneratedFiles([{ path: target, kind: 'sqlite', tables: [{ name: 'e', ddl: 'CREATE TABLE e (a TEXT)', rows: [] }] }]);
    const db = new Database(target, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) n FROM e').get()).toEqual({ n: 0 });
    db.close();
  });

  it('writes many databases and CSV files into folders it creates on demand', () => {
    dir = tempDir();
    const root = dir;
    const files = Array.from({ length: 40 }, (_, i) => createSqlite(path.join(root, `q${i}`, 'deep', 'shop.db'), TWO_TABLES, makeCtx(i, 'many'))).flat();
    const written = writeGeneratedFiles(files);
    expect(written).toHaveLength(40);
    const csvs = Array.from({ length: 40 }, (_, i) =>
      createCsv(path.join(root, `q${i}`, 'people.csv'), { headers: ['id', 'name', 'email', 'age', 'city'], rows: 20 }, makeCtx(i, 'csv')),
    ).flat();
    writeGeneratedFiles(csvs);
    const db = new Database(path.join(root, 'q39', 'deep', 'shop.db'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) n FROM orders').get()).toEqual({ n: 75 });
    db.close();
    expect(fs.readFileSync(path.join(root, 'q39', 'people.csv'), 'utf8').split('\r\n')).toHaveLength(22);
  });
});

describe('writeFileData with known folders', () => {
  it('creates each folder once, below what is known, and fails on a file in the way', () => {
    dir = tempDir();
    const known = new Set<string>();
    const out = writeFileData(
      [
        { path: path.join(dir, 'sb', 'q1', 'a', 'x.txt'), data: 'x' },
        { path: path.join(dir, 'sb', 'q1', 'a', 'y.bin'), data: new Uint8Array([1, 2]) },
        { path: path.join(dir, 'sb', 'q2', 'z.txt'), data: '' },
      ],
      known,
    );
    expect(out).toHaveLength(3);
    expect(fs.readFileSync(out[1])).toEqual(Buffer.from([1, 2]));
    expect(known.has(path.join(dir, 'sb', 'q1', 'a')) && known.has(path.join(dir, 'sb'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'sb', 'q3'), 'a file');
    expect(() => writeFileData([{ path: path.join(dir!, 'sb', 'q3', 'w.txt'), data: 'w' }], known)).toThrow(/EEXIST/);
    expect(fs.readFileSync(path.join(dir, 'sb', 'q3'), 'utf8')).toBe('a file');
  });
});

/** The way databases were written before they were built in memory: file-backed, journal and fsync off. */
function fileBackedDb(file: string, tables: SqliteTable[]): void {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    for (const t of tables) {
      db.exec(t.ddl);
      for (const row of t.rows) db.prepare(`INSERT INTO ${t.name} VALUES (${row.map(() => '?').join(', ')})`).run(row.map((c) => (typeof c === 'number' && Number.isSafeInteger(c) ? BigInt(c) : c)));
    }
  })();
  db.close();
}

describe('sqliteImage', () => {
  const specs: Array<[string, Record<string, unknown>]> = [
    ['two related tables', TWO_TABLES],
    ['one table, no rows', { table_name: 'empty', columns: ['a', { name: 'n', type: 'REAL' }], rows: 0 }],
    ['many rows (several pages)', { table_name: 'big', columns: ['name', 'email', 'city', { name: 'n', type: 'INTEGER' }], rows: 2000 }],
  ];
  it.each(specs)('%s: the in-memory image is byte-identical to a file-backed write', (_name, content) => {
    dir = tempDir();
    const [file] = createSqlite(path.join(dir, 'x.db'), content, makeCtx(7));
    if (file.kind !== 'sqlite') throw new Error('expected a database');
    fileBackedDb(path.join(dir, 'file.db'), file.tables);
    writeGeneratedFiles([file]);
    expect(fs.readFileSync(path.join(dir, 'x.db')).equals(fs.readFileSync(path.join(dir, 'file.db')))).toBe(true);
  });

  it('a database without tables is an empty file, as SQLite leaves it', () => {
    dir = tempDir();
    expect(sqliteImage([])).toBeNull();
    writeGeneratedFiles([{ path: path.join(dir, 'none.db'), kind: 'sqlite', tables: [] }]);
    expect(fs.statSync(path.join(dir, 'none.db')).size).toBe(0);
  });
});
