import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { previewFile } from './file-preview';
import { parseCsv, prettyXml } from './text-formats';

function sandbox(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
  mkdirSync(path.join(root, 'q1_s1', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'q1_s1', 'data', 'people.csv'), 'name,city\n"Smith, J",Paris\nAna,"Rio ""de"" J"\n');
  writeFileSync(path.join(root, 'q1_s1', 'data', 'cfg.json'), '{"a":1,"b":[1,2]}');
  writeFileSync(path.join(root, 'q1_s1', 'data', 'cfg.yaml'), 'a:   1\nb: [1, 2]\n');
  writeFileSync(path.join(root, 'q1_s1', 'data', 'doc.xml'), '<r><a>1</a><b><c/></b></r>');
  writeFileSync(path.join(root, 'q1_s1', 'answer.txt'), 'agent wrote this');
  const db = new Database(path.join(root, 'q1_s1', 'data', 'shop.db'));
  db.exec("CREATE TABLE items (id INTEGER, name TEXT); INSERT INTO items VALUES (1, 'pen'), (2, 'cup');");
  db.close();
  return root;
}

describe('previewFile', () => {
  const root = sandbox();
  it.each([
    { rel: 'q1_s1/data/people.csv', want: { kind: 'table', columns: ['name', 'city'], rows: [['Smith, J', 'Paris'], ['Ana', 'Rio "de" J']], totalRows: 2 } },
    { rel: 'q1_s1/data/cfg.json', want: { kind: 'text', format: 'json', text: '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}' } },
    { rel: 'q1_s1/data/cfg.yaml', want: { kind: 'text', format: 'yaml', text: 'a: 1\nb:\n  - 1\n  - 2\n' } },
    { rel: 'q1_s1/data/doc.xml', want: { kind: 'text', format: 'xml', text: '<r>\n  <a>1</a>\n  <b>\n    <c/>\n  </b>\n</r>' } },
    { rel: 'q1_s1/data/shop.db', want: { kind: 'sqlite', tables: [{ name: 'items', columns: ['id', 'name'], rows: [[1, 'pen'], [2, 'cup']], totalRows: 2 }] } },
    { rel: 'q1_s1/nope.txt', want: { kind: 'missing' } },
  ])('$rel', ({ rel, want }) => {
    expect(previewFile(root, rel)).toMatchObject(want);
  });

  it('refuses paths outside the sandbox, including through symlinks', () => {
    expect(previewFile(root, '../etc/passwd')).toBeNull();
    symlinkSync('/etc', path.join(root, 'q1_s1', 'out'));
    expect(previewFile(root, 'q1_s1/out/hostname')).toBeNull();
  });
});

describe('text formats', () => {
  it('parses CRLF CSV and a last line without newline', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('keeps declarations and self-closing tags', () => {
    expect(prettyXml('<?xml version="1.0"?><a><b/></a>')).toBe('<?xml version="1.0"?>\n<a>\n  <b/>\n</a>');
  });
});
