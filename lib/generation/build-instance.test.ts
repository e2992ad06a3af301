import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { DefinitionError } from '../definitions/errors';
import { loadDefinitions, parseDefinitionsText } from '../definitions/parse';
import { fixedClock } from '../util/clock';
import { buildInstances } from './build-instances';
import { loadEntityPool } from './entity-pool';
import type { PrecheckEntry } from './precheck-entry';

const shared = sharedPath('picard');
const haveShared = sharedDir !== null;
const clock = fixedClock('2026-11-26T10:00:00Z');

function build(yaml: string, seed = 1): { entries: PrecheckEntry[]; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'picard-inst-'));
  const defs = parseDefinitionsText(yaml, 'inline.yaml');
  const entries = [...buildInstances(defs.tests, { seed, sandboxRoot: root, pools: loadEntityPool(), clock })];
  return { entries, root };
}

describe('buildInstance: one value per variable everywhere (fixes spec C68–C70)', () => {
  it('C68: the CSV row count drawn in content equals the number in the question and the answer key', () => {
    const { entries } = build(`
tests:
  - question_id: 1
    samples: 6
    template: "Rows {{number1:5:9}}"
    scoring_type: stringmatch
    expected_response: "{{number1:5:9}} vs {{csv_count:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "{{artifacts}}/{{qs_id}}/d.csv", content: {headers: [ID, NAME], rows: "{{number1:5:9}}"}}
`);
    for (const e of entries) {
      const n = e.substituted_question.replace('Rows ', '');
      expect(e.expected_response).toBe(`${n} vs ${n}`);
      expect(e['number1:5:9:integer']).toBe(n);
    }
  });

  it('C69/C70: variables that appear only in answer fields are resolved, and functions next to them still evaluate', () => {
    const { entries } = build(`
tests:
  - question_id: 3
    samples: 2
    template: "Look at {{entity1}}"
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/{{qs_id}}/{{entity2}}.txt"
    expected_content: "{{semantic1:person_name}}|{{entity5}}|{{csv_count:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "{{artifacts}}/{{qs_id}}/d.csv", content: {headers: [ID], rows: 4}}
`);
    for (const e of entries) {
      expect(e.file_to_read).not.toContain('{{');
      expect(e.file_to_read).toMatch(new RegExp(`/q3_s${e.sample_number}/${e.entity2}\\.txt$`));
      const [name, entity, count] = String(e.expected_content).split('|');
      expect(name).toMatch(/^\S+ \S+/);
      expect(entity).toBe(e.entity5);
      expect(count).toBe('4');
      expect(e.precheck_errors).toBeUndefined();
    }
  });

  it('C71: a failing component stops the rest; earlier files still feed the answer key', () => {
    const { entries } = build(`
tests:
  - question_id: 4
    samples: 1
    template: "x"
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/out.txt"
    expected_content: "{{file_line:1:TARGET_FILE[t]}}"
    sandbox_setup:
      components:
        - {type: create_files, name: t, target_file: "{{artifacts}}/{{qs_id}}/a.txt", content: {type: lorem_lines, count: 2}}
        - {type: create_csv, name: b, target_file: "{{artifacts}}/{{qs_id}}/b.csv", content: {headers: [A, B], header_types: [id]}}
        - {type: create_files, name: c, target_file: "{{artifacts}}/{{qs_id}}/c.txt"}
`);
    const e = entries[0];
    expect(e.sandbox_generation?.generation_successful).toBe(false);
    expect(e.sandbox_generation?.errors).toEqual([
      expect.stringMatching(/^Sandbox generation failed: Failed to generate CSV file .*\/q4_s1\/b\.csv: header_types length \(1\) must match headers length \(2\)\. Headers: \['A', 'B'\], Header types: \['id'\]$/),
    ]);
    expect(e.sandbox_generation?.components).toBeUndefined();
    const dir = String(e.file_to_read).replace(/out\.txt$/, 'q4_s1');
    expect(existsSync(join(dir, 'c.txt'))).toBe(false);
    expect(e.expected_content).toBe(readFileSync(join(dir, 'a.txt'), 'utf8').split('\n')[0]);
  });

  it('a template function that fails makes the instance fail loudly, naming the function, arguments and file', () => {
    const { entries } = build(`
tests:
  - question_id: 5
    samples: 1
    template: "x"
    scoring_type: stringmatch
    expected_response: "{{csv_avg:NOPE:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "{{artifacts}}/d.csv", content: {headers: [ID], rows: 2}}
`);
    const errs = entries[0].precheck_errors as string[];
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^expected_response: csv_avg\(NOPE, TARGET_FILE\[c1\]\) on \/.*\/d\.csv: Column 'NOPE' not found/);
  });

  it('keeps the reference key order and records variables after the question', () => {
    const { entries } = build(`
tests:
  - question_id: 6
    samples: 1
    template: "{{entity1}} {{semantic1:city}} {{number1:1:3}}"
    scoring_type: stringmatch
    expected_response: "{{entity1}}"
`);
    expect(Object.keys(entries[0])).toEqual(['scoring_type', 'question_id', 'sample_number', 'template', 'substituted_question', 'semantic1:city', 'number1:1:3:integer', 'entity1', 'expected_response_before_template_functions', 'expected_response']);
  });
});

describe.skipIf(!haveShared)('the reference definition files', () => {
  it.each(['picard_abridged_standard.yaml', 'debug.yml'])('%s generates every instance with a computed answer key', (file) => {
    const defs = loadDefinitions(join(shared, file));
    const root = mkdtempSync(join(tmpdir(), 'picard-ref-'));
    const entries = [...buildInstances(defs.tests, { seed: 9, sandboxRoot: root, pools: loadEntityPool(join(shared, 'entity_pool.txt')), clock })];
    expect(entries).toHaveLength(defs.tests.reduce((n, t) => n + t.samples, 0));
    for (const e of entries) {
      expect(e.precheck_errors).toBeUndefined();
      for (const k of ['expected_content', 'expected_response', 'substituted_question', 'file_to_read'] as const) {
        if (typeof e[k] === 'string') expect(e[k]).not.toMatch(/\{\{/);
      }
      if (e.sandbox_generation) expect(e.sandbox_generation.generation_successful).toBe(true);
    }
    const q104 = entries.find((e) => e.question_id === 104)!;
    expect(q104.substituted_question).toMatch(/\n```\n {4}├── \w+\/\n {4}│ {3}├── /);
    const q301 = entries.find((e) => e.question_id === 301)!;
    expect(JSON.parse(String(q301.expected_content))).toEqual({ total_customers: 75, average_age: expect.any(Number) });
  });

  it('json_write_operations_demo.yml fails with a located message', () => {
    let err: unknown;
    try {
      loadDefinitions(join(shared, 'json_write_operations_demo.yml'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DefinitionError);
    expect((err as Error).message).toMatch(/json_write_operations_demo\.yml:\d+:\d+ tests\[0\]\.sandbox_setup.*Legacy syntax no longer supported/);
  });
});

describe('reproducibility', () => {
  it('the same seed gives a byte-identical precheck and identical sandbox files', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const yaml = readFileSync(resolve(__dirname, '../suites/standard.yaml'), 'utf8');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)).map((x) => `${f}/${x}`) : [f])).sort();
    const gen = (seed: number) => {
      const { entries, root } = build(yaml, seed);
      const text = entries.map((e) => JSON.stringify(e)).join('\n').split(root).join('<ROOT>');
      const files = walk(root);
      return { text, files, bytes: files.map((f) => readFileSync(join(root, f)).toString('base64')) };
    };
    const a = gen(77);
    const b = gen(77);
    const c = gen(78);
    expect(a.text).toBe(b.text);
    expect(a.files).toEqual(b.files);
    expect(a.files.some((f) => f.endsWith('.db'))).toBe(true);
    expect(a.bytes).toEqual(b.bytes);
    expect(c.text).not.toBe(a.text);
  });
});
