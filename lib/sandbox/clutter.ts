import path from 'node:path';
import type { Rng } from '../util/rng';
import { pyJsonDumps } from '../py';
import { pyCsvRows } from './csv-format';
import { loremLines } from './create-files';
import { toPrettyXml, xmlElement } from './minidom-pretty';
import { pyYamlDump } from './pyyaml-dump';
import type { GeneratorType } from '../definitions/generator-types';
import type { ClutterGenerator, GeneratedFile, GeneratorContext } from './types';

/**
 * Distractor files next to a component's target (spec §5.9), with the reference's per-generator names
 * and contents. Unlike the reference, a clutter file never lands on the target or on another clutter
 * file (the reference overwrote silently): a colliding name is redrawn, then suffixed.
 */

/** Default clutter count per generator when `clutter` is given without `count`. */
export const clutterDefaults: Readonly<Record<GeneratorType, number>> = {
  create_files: 5,
  create_csv: 3,
  create_sqlite: 3,
  create_json: 3,
  create_yaml: 3,
  create_xml: 3,
};

type Namer = (rng: Rng) => string;
type Filler = (file: string, ext: string, ctx: GeneratorContext) => GeneratedFile;

/** Picks `k` distinct items in random order (Python `random.sample`). */
function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]);
  return out;
}

const textNamer: Namer = (rng) => {
  const dirs = Array.from({ length: rng.int(0, 2) }, () => `dir_${rng.int(1, 100)}`);
  return [...dirs, `file_${rng.int(1, 1000)}.txt`].join('/');
};

const namerWith = (exts: readonly string[]): Namer => (rng) => {
  const ext = rng.choice(exts);
  const sub = rng.int(0, 1) > 0 ? `subdir_${rng.int(1, 50)}/` : '';
  return `${sub}clutter_${rng.int(1, 100)}.${ext}`;
};

const textFile = (file: string, ctx: GeneratorContext, min: number, max: number): GeneratedFile => ({
  path: file,
  kind: 'text',
  content: loremLines(ctx.data, ctx.rng.int(min, max)),
});

const smallRecord = (ctx: GeneratorContext) => ({
  id: ctx.rng.int(1, 1000),
  name: ctx.data.field('lorem_words'),
  values: Array.from({ length: ctx.rng.int(1, 5) }, () => ctx.rng.int(1, 100)),
});

const fillers: Record<string, Filler> = {
  csv: (file, _ext, ctx) => {
    const headers = sample(ctx.rng, ['id', 'name', 'value', 'status', 'date'], 3);
    const rows: string[][] = [headers];
    const n = ctx.rng.int(2, 5);
    for (let i = 0; i < n; i++) rows.push(headers.map(() => ctx.data.field('lorem_words')));
    return { path: file, kind: 'text', content: pyCsvRows(rows) };
  },
  db: (file, _ext, ctx) => {
    const n = ctx.rng.int(2, 5);
    const rows = Array.from({ length: n }, () => [null, ctx.data.field('lorem_words'), ctx.rng.int(1, 100)]);
    const ddl = 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, value INTEGER)';
    return { path: file, kind: 'sqlite', tables: [{ name: 'items', ddl, rows }] };
  },
  json: (file, _ext, ctx) => ({ path: file, kind: 'text', content: pyJsonDumps(smallRecord(ctx), { indent: 2 }) }),
  yaml: (file, _ext, ctx) => ({ path: file, kind: 'text', content: pyYamlDump(smallRecord(ctx)) }),
  xml: (file, _ext, ctx) => {
    const root = xmlElement('data');
    xmlElement('id', root).text = String(ctx.rng.int(1, 1000));
    xmlElement('name', root).text = ctx.data.field('lorem_words');
    const values = xmlElement('values', root);
    const n = ctx.rng.int(1, 5);
    for (let i = 0; i < n; i++) xmlElement('value', values).text = String(ctx.rng.int(1, 100));
    return { path: file, kind: 'text', content: toPrettyXml(root) };
  },
};
fillers.yml = fillers.yaml;

/** Builds the clutter generator of one generator kind. */
function clutterOf(namer: Namer, textRange: [number, number]): ClutterGenerator {
  return (targetFile, count, ctx) => {
    const base = path.dirname(targetFile);
    const taken = new Set<string>([path.resolve(targetFile)]);
    const files: GeneratedFile[] = [];
    for (let i = 0; i < count; i++) {
      const file = uniquePath(base, namer, ctx.rng, taken);
      const ext = path.extname(file).slice(1);
      const fill = fillers[ext];
      files.push(fill ? fill(file, ext, ctx) : textFile(file, ctx, ...textRange));
    }
    return files;
  };
}

/** A clutter path that is neither taken nor inside a taken path (a file cannot also be a directory). */
function uniquePath(base: string, namer: Namer, rng: Rng, taken: Set<string>): string {
  const free = (p: string) => {
    for (let d = p; d.length > base.length; d = path.dirname(d)) if (taken.has(d)) return false;
    return true;
  };
  let candidate = path.resolve(base, namer(rng));
  for (let attempt = 0; attempt < 20 && !free(candidate); attempt++) candidate = path.resolve(base, namer(rng));
  if (!free(candidate)) {
    const ext = path.extname(candidate);
    const stem = candidate.slice(0, candidate.length - ext.length);
    let k = 2;
    while (!free(`${stem}_${k}${ext}`)) k++;
    candidate = `${stem}_${k}${ext}`;
  }
  taken.add(candidate);
  return candidate;
}

/** Clutter generators by component type (spec §5.9 table). */
export const clutterGenerators: Readonly<Record<GeneratorType, ClutterGenerator>> = {
  create_files: clutterOf(textNamer, [3, 10]),
  create_csv: clutterOf(namerWith(['csv', 'txt', 'log']), [2, 8]),
  create_sqlite: clutterOf(namerWith(['db', 'csv', 'txt', 'log']), [2, 8]),
  create_json: clutterOf(namerWith(['json', 'txt', 'log']), [2, 8]),
  create_yaml: clutterOf(namerWith(['yaml', 'yml', 'txt', 'log']), [2, 8]),
  create_xml: clutterOf(namerWith(['xml', 'txt', 'log']), [2, 8]),
};
