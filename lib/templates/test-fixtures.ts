/**
 * Test helper: the template-function fixtures of spec §13.1 written into a fresh temp directory.
 * Used only by the *.test.ts files of this folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TemplateContext } from './types';

export const FIXTURE_XML = `<?xml version="1.0" ?>
<catalog>
  <product id="7">
    <name>Widget A</name>
    <price>29.99</price>
  </product>
  <product id="8">
    <name> Widget B </name>
    <price>49.99</price>
  </product>
</catalog>`;

/** Creates t.txt, d.csv, u.json, c.yaml, p.xml and e.db; component `csv1` → d.csv. */
export function makeFixtures(): { dir: string; ctx: TemplateContext } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
  const w = (name: string, text: string): void => fs.writeFileSync(path.join(dir, name), text);
  w('t.txt', 'alpha beta\ngamma delta epsilon\n\nlast line');
  w('d.csv', 'ID,NAME,AGE,DEPT\n1,Alice,25,Engineering\n2,Bob,30,Sales\n3,Carol,,Engineering\n4,Dan,45,engineering\n');
  w(
    'u.json',
    '{"users":[{"name":"Alice","age":25,"active":true,"tags":["a","b"]},{"name":"Bob","age":30,"active":false,"tags":[]},' +
      '{"name":"Cy","age":45,"active":true,"mgr":null}],"meta":{"v":1,"ok":true,"f":2.5}}',
  );
  w('c.yaml', 'db:\n  host: localhost\n  port: 5432\nitems:\n- name: a\n  price: 1.5\n- name: b\n  price: 2\n- name: c\n  price: x\n');
  w('p.xml', FIXTURE_XML);
  const db = new Database(path.join(dir, 'e.db'));
  db.exec(`CREATE TABLE emp (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, sal INTEGER, note TEXT);
    INSERT INTO emp (name, sal, note) VALUES ('Ann', '50000', NULL), ('Ben', 60000, 'x'), ('Cal', 70001, 'y');`);
  db.close();
  return { dir, ctx: { baseDir: dir, components: [{ name: 'csv1', targetFile: path.join(dir, 'd.csv') }] } };
}
