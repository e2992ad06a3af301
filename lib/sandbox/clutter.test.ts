import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { clutterGenerators } from './clutter';
import { generatorTypes } from '../definitions/generator-types';
import { makeCtx, tempDir } from '../generation/test-context';
import { writeGeneratedFiles } from './write';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const NAME_PATTERNS: Record<string, RegExp> = {
  create_files: /^(dir_\d+\/){0,2}file_\d+(_\d+)?\.txt$/,
  create_csv: /^(subdir_\d+\/)?clutter_\d+(_\d+)?\.(csv|txt|log)$/,
  create_sqlite: /^(subdir_\d+\/)?clutter_\d+(_\d+)?\.(db|csv|txt|log)$/,
  create_json: /^(subdir_\d+\/)?clutter_\d+(_\d+)?\.(json|txt|log)$/,
  create_yaml: /^(subdir_\d+\/)?clutter_\d+(_\d+)?\.(yaml|yml|txt|log)$/,
  create_xml: /^(subdir_\d+\/)?clutter_\d+(_\d+)?\.(xml|txt|log)$/,
};

describe('clutter', () => {
  it.each(generatorTypes.map((t) => [t]))('%s: names follow the reference scheme and never collide', (type) => {
    const target = '/sandbox/q1_s1/target.txt';
    // 150 files over ~100-250 possible names forces collisions, which must be resolved, not overwritten.
    const files = clutterGenerators[type](target, 150, makeCtx(9));
    const paths = files.map((f) => f.path);
    expect(new Set(paths).size).toBe(150);
    expect(paths).not.toContain(target);
    for (const p of paths) expect(path.relative('/sandbox/q1_s1', p)).toMatch(NAME_PATTERNS[type]);
  });

  it('never uses the target name even when the target looks like clutter', () => {
    for (let seed = 0; seed < 30; seed++) {
      const target = '/s/clutter_5.csv';
      const paths = clutterGenerators.create_csv(target, 40, makeCtx(seed)).map((f) => f.path);
      expect(paths).not.toContain(target);
    }
  });

  it('contents by kind are written and readable', () => {
    dir = tempDir();
    const target = path.join(dir, 't.db');
    const files = [...clutterGenerators.create_sqlite(target, 40, makeCtx(2)), ...clutterGenerators.create_yaml(target, 20, makeCtx(2)), ...clutterGenerators.create_xml(target, 20, makeCtx(2)), ...clutterGenerators.create_json(target, 20, makeCtx(2))];
    const written = writeGeneratedFiles(files);
    for (const p of written) {
      if (p.endsWith('.db')) {
        const db = new Database(p, { readonly: true });
        const n = (db.prepare('SELECT COUNT(*) n FROM items').get() as { n: number }).n;
        expect(n).toBeGreaterThanOrEqual(2);
        expect(n).toBeLessThanOrEqual(5);
        db.close();
      } else if (p.endsWith('.json')) {
        expect(Object.keys(JSON.parse(fs.readFileSync(p, 'utf8')))).toEqual(['id', 'name', 'values']);
      } else if (p.endsWith('.yaml') || p.endsWith('.yml')) {
        expect(fs.readFileSync(p, 'utf8')).toMatch(/^id: \d+\nname: [a-z ]+\nvalues:\n(- \d+\n)+$/);
      } else if (p.endsWith('.xml')) {
        expect(fs.readFileSync(p, 'utf8')).toMatch(/^<\?xml version="1.0" \?>\n<data>\n {2}<id>\d+<\/id>\n/);
      } else if (p.endsWith('.csv')) {
        expect(fs.readFileSync(p, 'utf8').split('\r\n')[0].split(',')).toHaveLength(3);
      }
    }
  });
});
