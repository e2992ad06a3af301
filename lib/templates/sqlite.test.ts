/** SQLite functions on a real database: Python str() of INTEGER/REAL/NULL/BLOB and the error texts. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { evalOrError, innerMessage } from './test-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ctx = { baseDir: dir, components: [{ name: 'db', targetFile: path.join(dir, 'v.db') }] };
const db = new Database(path.join(dir, 'v.db'));
db.exec(`CREATE TABLE t (id INTEGER, r REAL, s TEXT, b BLOB, at TEXT);
  INSERT INTO t VALUES (9223372036854775807, 1.0, 'it''s', x'00412780', '10:00'), (2, 1e-5, NULL, NULL, '11:30');`);
db.close();
new Database(path.join(dir, 'empty.db')).close();
fs.writeFileSync(path.join(dir, 'not.db'), 'this is not a database file at all, not even close to one....');

describe('sqlite functions', () => {
  it.each([
    ['{{sqlite_query:SELECT id FROM t WHERE id > 2:db.db}}', 'ERR'],
    ['{{sqlite_query:SELECT id FROM t LIMIT 1:TARGET_FILE[db]}}', '9223372036854775807'],
    ['{{sqlite_query:SELECT r FROM t:v.db}}', '1.0'],
    ['{{sqlite_query:SELECT r FROM t WHERE id = 2:v.db}}', '1e-05'],
    ['{{sqlite_query:SELECT s FROM t:v.db}}', "it's"],
    ['{{sqlite_query:SELECT b FROM t:v.db}}', "b\"\\x00A'\\x80\""],
    ['{{sqlite_query:SELECT COUNT(*) FROM t WHERE at = \'10:00\':v.db}}', '1'],
    ['{{sqlite_query:SELECT 7 / 2.0:v.db}}', '3.5'],
    ['{{sqlite_value:1:r:t:v.db}}', '1e-05'],
    ['{{sqlite_value:1:2:v.db}}', ''],
    ['{{sqlite_value:0:4:TARGET_FILE[db]}}', '10:00'],
  ])('%s → %s', (input, expected) => {
    const out = evalOrError(input, ctx);
    if (expected === 'ERR') expect(out.startsWith('ERR: ')).toBe(true);
    else expect(out).toBe(expected);
  });

  it.each([
    ['{{sqlite_query:SELECT nope FROM t:v.db}}', "SQLite error executing 'SELECT nope FROM t': no such column: nope"],
    ['{{sqlite_query:DELETE FROM t:v.db}}', "Error executing SQLite query 'DELETE FROM t': SQL query returned no results: DELETE FROM t"],
    ['{{sqlite_query:SELECT 1:missing.db}}', `SQLite file not found: ${path.join(dir, 'missing.db')}`],
    ['{{sqlite_query:SELECT 1 FROM t:not.db}}', "SQLite error executing 'SELECT 1 FROM t': file is not a database"],
    ['{{sqlite_value:5:id:v.db}}', 'Error accessing SQLite database: Row 5 not found in table t'],
    ['{{sqlite_value:0:9:v.db}}', 'Error accessing SQLite database: Column index 9 out of range (table has 5 columns)'],
    ['{{sqlite_value:0:id:empty.db}}', 'Error accessing SQLite database: No tables found in SQLite database'],
    ['{{sqlite_value:0:nope:t:v.db}}', 'SQLite error: no such column: nope'],
    ['{{sqlite_value:x:id:v.db}}', 'Invalid row number: x'],
    ['{{sqlite_value:0:v.db}}', 'sqlite_value requires 3 or 4 arguments: row, column, [table], file_path'],
  ])('%s fails with %s', (input, message) => {
    expect(innerMessage(evalOrError(input, ctx))).toBe(message);
  });
});
