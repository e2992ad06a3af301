import { describe, expect, it } from 'vitest';
import { createJson } from './create-json';
import { createYaml } from './create-yaml';
import { makeCtx } from '../generation/test-context';
import type { GeneratedFile } from './types';

const text = (files: GeneratedFile[]): string => {
  const [f] = files;
  if (f.kind !== 'text') throw new Error('expected text');
  return f.content;
};

describe('create_json / create_yaml conformance', () => {
  it('C81: verbatim scalars, lists, null, string count', () => {
    const schema = { a: 5, b: [1, 2], c: null, d: { e: 2.5 }, arr: { type: 'array', count: '2', items: 7 } };
    expect(text(createJson('/x/o.json', { schema }, makeCtx()))).toBe(
      '{\n  "a": 5,\n  "b": [\n    1,\n    2\n  ],\n  "c": null,\n  "d": {\n    "e": 2.5\n  },\n  "arr": [\n    7,\n    7\n  ]\n}',
    );
  });

  it('C82: YAML block style', () => {
    const schema = { a: 5, b: [1, 2], c: null, d: { e: 2.5, t: true }, arr: { type: 'array', count: 2, items: { k: 1 } } };
    expect(text(createYaml('/x/o.yaml', { schema }, makeCtx()))).toBe('a: 5\nb:\n- 1\n- 2\nc: null\nd:\n  e: 2.5\n  t: true\narr:\n- k: 1\n- k: 1\n');
  });

  it('C83: a field named type collapses its object; a literal string becomes lorem words', () => {
    const ctx = makeCtx(7);
    const doc = JSON.parse(text(createJson('/x/o.json', { schema: { svc: { name: 'product', type: 'category' }, lit: 'Hello World' } }, ctx)));
    expect(['Electronics', 'Clothing', 'Books', 'Home & Garden', 'Sports', 'Toys', 'Automotive', 'Health', 'Beauty', 'Food']).toContain(doc.svc);
    expect(doc.lit).toMatch(/^[a-z]+( [a-z]+){0,2}$/);
    expect(doc.lit).not.toBe('Hello World');
  });
});

describe('schema typed values', () => {
  it('number is a float printed like Python; integer in range; boolean; null', () => {
    const schema = {
      n: { type: 'number', minimum: 5, maximum: 5 },
      i: { type: 'integer', minimum: '3', maximum: 3 },
      b: { type: 'boolean' },
      z: { type: 'null' },
    };
    const out = text(createJson('/x/o.json', { schema }, makeCtx()));
    expect(out).toMatch(/^\{\n {2}"n": 5\.0,\n {2}"i": 3,\n {2}"b": (true|false),\n {2}"z": null\n\}$/);
  });

  it.each([
    [{ type: 'string', min_length: 20, max_length: 25 }, 20, 25],
    [{ type: 'string', min_length: 1, max_length: 3 }, 1, 3],
    [{ type: 'string', min_length: 0 }, 0, 0],
  ])('string %j respects lengths', (schema, min, max) => {
    for (let seed = 0; seed < 20; seed++) {
      const s = JSON.parse(text(createJson('/x/o.json', { schema: { s: schema } }, makeCtx(seed)))).s as string;
      expect(s.length).toBeGreaterThanOrEqual(Math.min(min, max) - 1);
      expect(s.length).toBeLessThanOrEqual(max);
    }
  });

  it('array count range [min,max], object properties, additional_properties extra_i keys', () => {
    for (let seed = 0; seed < 20; seed++) {
      const schema = {
        list: { type: 'array', count: [2, 4], items: { type: 'integer', minimum: 1, maximum: 9 } },
        obj: { type: 'object', properties: { city: 'city' }, additional_properties: 'id' },
      };
      const doc = JSON.parse(text(createJson('/x/o.json', { schema }, makeCtx(seed))));
      expect(doc.list.length).toBeGreaterThanOrEqual(2);
      expect(doc.list.length).toBeLessThanOrEqual(4);
      const keys = Object.keys(doc.obj);
      expect(keys[0]).toBe('city');
      expect(keys.slice(1)).toEqual(['extra_0', 'extra_1', 'extra_2'].slice(0, keys.length - 1));
    }
  });

  it('default document when schema is missing or empty', () => {
    for (const content of [{}, { schema: {} }, { schema: null }]) {
      const doc = JSON.parse(text(createJson('/x/o.json', content, makeCtx())));
      expect(Object.keys(doc)).toEqual(['message', 'timestamp', 'id']);
      expect(doc.timestamp).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(doc.id).toMatch(/^\d+$/);
    }
    const y = text(createYaml('/x/o.yaml', {}, makeCtx()));
    expect(y).toMatch(/^message: [a-z ]+\ntimestamp: '20\d\d-\d\d-\d\d'\nid: '\d+'\n$/);
  });

  it('invalid array count is reported with the value', () => {
    expect(() => createJson('/x/o.json', { schema: { a: { type: 'array', count: 'abc' } } }, makeCtx())).toThrow(
      'Invalid count value: abc. Must be an integer.',
    );
  });
});
