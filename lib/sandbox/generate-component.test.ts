import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../definitions/types';
import { clutterCount, generateComponent } from './generate-component';
import { generators, getGenerator } from './registry';
import { generatorTypes } from '../definitions/generator-types';
import { makeCtx } from '../generation/test-context';
import type { GeneratedFile } from './types';

const spec = (type: string, extra: Partial<ComponentSpec> = {}): ComponentSpec => ({ type, name: 'c', target_file: 'x', ...extra });

describe('registry', () => {
  it('has one generator per generator type', () => {
    expect(Object.keys(generators).sort()).toEqual([...generatorTypes].sort());
  });
  it('unknown type gives the reference message', () => {
    expect(() => getGenerator('create_pdf')).toThrow('Unknown generator type: create_pdf');
    expect(() => generateComponent(spec('run_docker'), '/s/a', {}, makeCtx())).toThrow('Unknown generator type: run_docker');
  });
});

describe('generateComponent', () => {
  it.each([
    ['create_files', { count: 'x' }, 'Failed to generate text file /s/a.txt: Invalid count value: x. Must be an integer.'],
    ['create_csv', { headers: ['A', 'B'], header_types: ['id'] }, "Failed to generate CSV file /s/a.txt: header_types length (1) must match headers length (2). Headers: ['A', 'B'], Header types: ['id']"],
    ['create_sqlite', {}, 'Failed to generate SQLite file /s/a.txt: Invalid SQLite content specification'],
    ['create_json', { schema: { a: { type: 'array', count: 'n' } } }, 'Failed to generate JSON file /s/a.txt: Invalid count value: n. Must be an integer.'],
    ['create_yaml', { schema: { a: { type: 'integer', minimum: 'lo' } } }, 'Failed to generate YAML file /s/a.txt: Invalid minimum value: lo. Must be an integer.'],
    ['create_xml', { schema: { 'a b': 1 } }, 'Failed to generate XML file /s/a.txt: Invalid XML element name: "a b"'],
  ])('%s failure is wrapped like the reference', (type, content, message) => {
    expect(() => generateComponent(spec(type), '/s/a.txt', content, makeCtx())).toThrow(message);
  });

  it.each([
    [{}, 0],
    [{ clutter: { count: 4 } }, 4],
    [{ config: { clutter: { count: '2' } } }, 2],
    [{ clutter: {} }, 3],
    [{ config: { count: 2 } }, 0],
  ] as Array<[Partial<ComponentSpec>, number]>)('clutter settings %j → %d files', (extra, n) => {
    expect(clutterCount(spec('create_csv', extra))).toBe(n);
    const files = generateComponent(spec('create_csv', extra), '/s/d.csv', { rows: 1 }, makeCtx());
    expect(files).toHaveLength(1 + n);
    expect(files[0].path).toBe('/s/d.csv');
  });
});

describe('determinism', () => {
  const CONTENT: Record<string, Record<string, unknown>> = {
    create_files: { type: 'lorem_paragraphs', count: 2 },
    create_csv: { headers: ['id', 'name', 'email', 'price'], rows: 5 },
    create_sqlite: { tables: [{ name: 'p', rows: 4, columns: [{ name: 'id', type: 'auto_id' }, 'name'] }, { name: 'c', rows: 6, columns: [{ name: 'pid', type: 'INTEGER', foreign_key: 'p.id' }, { name: 'v', type: 'REAL' }] }] },
    create_json: { schema: { a: { type: 'array', count: [1, 4], items: { n: { type: 'number' }, s: { type: 'string', min_length: 10 } } }, b: 'person_name' } },
    create_yaml: { schema: { a: { type: 'object', properties: { x: 'date' }, additional_properties: 'city' } } },
    create_xml: { schema: { a: { type: 'array', count: 3, items: 'email' } } },
  };
  const run = (type: string, seed: number): GeneratedFile[] =>
    generateComponent(spec(type, { clutter: { count: 3 } }), '/s/t.out', CONTENT[type], makeCtx(seed, 'q1_s1'));

  it.each(generatorTypes.map((t) => [t]))('%s: same seed → identical output; another seed → different', (type) => {
    expect(JSON.stringify(run(type, 42))).toBe(JSON.stringify(run(type, 42)));
    expect(JSON.stringify(run(type, 42))).not.toBe(JSON.stringify(run(type, 43)));
  });
});
