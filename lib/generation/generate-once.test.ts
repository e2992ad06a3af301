import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DefCode } from '../definitions/errors';
import { loadDefinitions, parseDefinitionsText } from '../definitions/parse';
import type { TestDefinition } from '../definitions/types';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { filesBelow, useTempDirs } from '../testing/temp-dirs';
import { evaluateTemplates } from '../templates/evaluate';
import { fixedClock } from '../util/clock';
import { buildInstances } from './build-instances';
import { assertInstancesValid, checkInstances, type PrecheckLine } from './check-instances';
import { pyJsonDumps } from '../py';
import { loadEntityPool } from './entity-pool';
import type { PrecheckEntry } from './precheck-entry';

const clock = fixedClock('2026-11-26T10:00:00Z');
const pools = loadEntityPool();
const tempDir = useTempDirs('picard-once-');

const tree = filesBelow;
const text = (entries: PrecheckEntry[], root: string) => JSON.stringify(entries).split(root).join('<ROOT>');
const defs = (yaml: string) => parseDefinitionsText(yaml, 'inline.yaml').tests;

describe('instances are generated once: checked in memory, then written', () => {
  const suites: Array<[string, () => TestDefinition[]]> = [['standard.yaml', () => loadDefinitions(resolve(__dirname, '../suites/standard.yaml')).tests]];
  if (sharedDir !== null) suites.push(['PAST', () => loadDefinitions(sharedPath('picard', 'picard_abridged_standard.yaml')).tests]);

  it.each(suites)('%s: the check writes nothing, and its instances are written exactly as a direct generation writes them', (_name, load) => {
    const tests = load();
    const base = tempDir();
    const root = join(base, 'checked', 'sandbox');
    const checked = assertInstancesValid(tests, { seed: 11, pools, clock, sandboxRoot: root });
    expect(readdirSync(base)).toEqual([]);
    const written = [...checked.write(root)];
    const direct = [...buildInstances(tests, { seed: 11, sandboxRoot: join(base, 'direct', 'sandbox'), pools, clock })];
    expect(text(written, root)).toBe(text(direct, join(base, 'direct', 'sandbox')));
    const files = tree(root);
    expect(Object.keys(files).some((f) => f.endsWith('.db'))).toBe(true);
    expect(files).toEqual(tree(join(base, 'direct', 'sandbox')));
  });

  it.each(suites)('%s: written by the writer thread (writeAsync), the entries and the tree are those of write', async (_name, load) => {
    const tests = load();
    const base = tempDir();
    const root = join(base, 'thread', 'sandbox');
    const checked = assertInstancesValid(tests, { seed: 11, pools, clock, sandboxRoot: root });
    const written: PrecheckEntry[] = [];
    for await (const e of checked.writeAsync(root, { thread: true })) {
      // Each entry comes once its instance's files are all on the disk.
      for (const f of e.sandbox_generation?.all_files_created ?? []) expect(existsSync(f), f).toBe(true);
      written.push(e);
    }
    const here = join(base, 'here', 'sandbox');
    const direct = [...assertInstancesValid(tests, { seed: 11, pools, clock, sandboxRoot: here }).write(here)];
    expect(text(written, root)).toBe(text(direct, here));
    expect(tree(root)).toEqual(tree(here));
  });

  it.each(suites)('%s: held packed, writeLinesAsync writes the lines and the tree of write, on the writer thread or here', async (_name, load) => {
    const tests = load();
    const base = tempDir();
    const here = join(base, 'objects', 'sandbox');
    const objects = assertInstancesValid(tests, { seed: 11, pools, clock, sandboxRoot: here });
    const expected = [...objects.write(here)];
    for (const writer of ['thread', 'none'] as const) {
      const root = join(base, `packed-${writer}`, 'sandbox');
      const packed = assertInstancesValid(tests, { seed: 11, pools, clock, sandboxRoot: root, hold: 'packed' });
      expect(packed.planned).toBeNull();
      const lines: PrecheckLine[] = [];
      for await (const l of packed.writeLinesAsync(root, writer === 'none' ? { writer: null } : {})) {
        for (const f of (JSON.parse(l.text) as PrecheckEntry).sandbox_generation?.all_files_created ?? []) expect(existsSync(f), f).toBe(true);
        lines.push(l);
      }
      expect(lines.map((l) => l.text.split(root).join('<ROOT>'))).toEqual(expected.map((e) => pyJsonDumps(e).split(here).join('<ROOT>')));
      expect(lines.map((l) => l.head)).toEqual(expected.map((e) => ({ scoring_type: e.scoring_type, question_id: e.question_id, sample_number: e.sample_number, ...(e.precheck_errors ? { precheck_errors: e.precheck_errors } : {}) })));
      expect(tree(root)).toEqual(tree(here));
    }
  });

  it('written under another root than the one checked, the instances are generated again for it', () => {
    const tests = loadDefinitions(resolve(__dirname, '../suites/quickstart.yaml')).tests;
    const base = tempDir();
    const checked = assertInstancesValid(tests, { seed: 3, pools, clock, sandboxRoot: join(base, 'planned') });
    const other = join(base, 'other');
    const entries = [...checked.write(other)];
    expect(text(entries, other)).toBe(text([...buildInstances(tests, { seed: 3, sandboxRoot: join(base, 'ref'), pools, clock })], join(base, 'ref')));
    expect(existsSync(join(base, 'planned'))).toBe(false);
    expect(tree(other)).toEqual(tree(join(base, 'ref')));
  });

  const clash = `
tests:
  - question_id: 1
    samples: 1
    template: "Read them"
    scoring_type: stringmatch
    expected_response: "x"
    sandbox_setup:
      components:
        - {type: create_files, name: a, target_file: "{{artifacts}}/a.txt"}
        - {type: create_files, name: b, target_file: "{{artifacts}}/a.txt/b.txt"}
`;

  it('a file below another generated file is refused in memory with the error the disk gives', () => {
    const base = tempDir();
    const [issue] = checkInstances(defs(clash), { seed: 1, pools, clock, sandboxRoot: join(base, 'sandbox') });
    expect(issue).toMatchObject({ path: 'tests[0].sandbox_setup.components[1]', code: DefCode.GENERATION_FAILED });
    expect(issue.message).toBe("q1_s1: component 'b' could not be written: ENOTDIR: not a directory, open '<sandbox>/q1_s1/a.txt/b.txt'");
    expect(existsSync(join(base, 'sandbox'))).toBe(false);
    // On the disk, the same definition fails with the same message.
    const [direct] = [...buildInstances(defs(clash), { seed: 1, sandboxRoot: join(base, 'sandbox'), pools, clock })];
    expect((direct.precheck_errors as string[])[0]).toContain(`could not be written: ENOTDIR: not a directory, open '${join(base, 'sandbox', 'q1_s1', 'a.txt', 'b.txt')}'`);
  });

  it('when the disk refuses a checked instance, it is generated on the disk and records the failure like a direct generation', async () => {
    const tests = defs(`
tests:
  - {question_id: 1, samples: 2, template: "Count", scoring_type: stringmatch, expected_response: "{{csv_count:ID:TARGET_FILE[c]}}",
     sandbox_setup: {components: [{type: create_csv, name: c, target_file: "{{artifacts}}/d/d.csv", content: {headers: [ID], rows: 3}}]}}
`);
    const base = tempDir();
    const root = join(base, 'sandbox');
    const checked = assertInstancesValid(tests, { seed: 1, pools, clock, sandboxRoot: root });
    // A file where the first instance needs a folder.
    mkdirSync(join(root, 'q1_s1'), { recursive: true });
    writeFileSync(join(root, 'q1_s1', 'd'), 'in the way');
    const [s1, s2] = [...checked.write(root)];
    expect(s1.sandbox_generation?.generation_successful).toBe(false);
    expect((s1.precheck_errors as string[])[0]).toMatch(/component 'c' could not be written: /);
    expect(s2.precheck_errors).toBeUndefined();
    expect(s2.expected_response).toBe('3');
    expect(readFileSync(join(root, 'q1_s1', 'd'), 'utf8')).toBe('in the way');

    const ref = join(base, 'ref');
    mkdirSync(join(ref, 'q1_s1'), { recursive: true });
    writeFileSync(join(ref, 'q1_s1', 'd'), 'in the way');
    const [r1] = [...buildInstances(tests, { seed: 1, sandboxRoot: ref, pools, clock })];
    expect(JSON.stringify(s1).split(root).join('<R>')).toBe(JSON.stringify(r1).split(ref).join('<R>'));

    // The same through the writer thread: the refused instance is generated here, its entry the same.
    const thread = join(base, 'thread');
    const again = assertInstancesValid(tests, { seed: 1, pools, clock, sandboxRoot: thread });
    mkdirSync(join(thread, 'q1_s1'), { recursive: true });
    writeFileSync(join(thread, 'q1_s1', 'd'), 'in the way');
    const viaThread: PrecheckEntry[] = [];
    for await (const e of again.writeAsync(thread, { thread: true })) viaThread.push(e);
    expect(JSON.stringify(viaThread).split(thread).join('<R>')).toBe(JSON.stringify([s1, s2]).split(root).join('<R>'));
    expect(again.planned?.[0]?.precheck_errors).toBeUndefined();

    // Held packed, on the writer thread or here: the refused instance's line and head are those of its entry generated on the disk.
    for (const writer of ['thread', 'none'] as const) {
      const packedRoot = join(base, `packed-${writer}`);
      const packed = assertInstancesValid(tests, { seed: 1, pools, clock, sandboxRoot: packedRoot, hold: 'packed' });
      mkdirSync(join(packedRoot, 'q1_s1'), { recursive: true });
      writeFileSync(join(packedRoot, 'q1_s1', 'd'), 'in the way');
      const lines: PrecheckLine[] = [];
      for await (const l of packed.writeLinesAsync(packedRoot, writer === 'none' ? { writer: null } : {})) lines.push(l);
      expect(lines.map((l) => l.text.split(packedRoot).join('<R>'))).toEqual([s1, s2].map((e) => pyJsonDumps(e).split(root).join('<R>')));
      expect((lines[0].head.precheck_errors as string[])[0]).toMatch(/component 'c' could not be written: /);
      expect(lines[1].head.precheck_errors).toBeUndefined();
    }
  });

  it('SQLite answer keys run on the in-memory database, which answer keys cannot change', () => {
    const tests = defs(`
tests:
  - question_id: 1
    samples: 1
    template: "Query"
    scoring_type: stringmatch
    expected_response: "{{sqlite_query:SELECT COUNT(*) FROM people:TARGET_FILE[db]}} {{sqlite_value:0:name:TARGET_FILE[db]}}"
    sandbox_setup:
      components: [{type: create_sqlite, name: db, target_file: "{{artifacts}}/p.db", content: {table_name: people, columns: [name, {name: n, type: INTEGER}], rows: 4}}]
  - question_id: 2
    samples: 1
    template: "Delete"
    scoring_type: stringmatch
    expected_response: "{{sqlite_query:DELETE FROM people RETURNING name:TARGET_FILE[db]}}"
    sandbox_setup:
      components: [{type: create_sqlite, name: db, target_file: "{{artifacts}}/p.db", content: {table_name: people, columns: [name], rows: 4}}]
`);
    const base = tempDir();
    const root = join(base, 'sandbox');
    const [counted, deleting] = [...assertInstancesValid(tests, { seed: 1, pools, clock, sandboxRoot: root }).write(root)];
    const db = new Database(join(root, 'q1_s1', 'p.db'), { readonly: true });
    const first = db.prepare('SELECT name FROM people LIMIT 1').pluck().get();
    db.close();
    expect(counted.expected_response).toBe(`4 ${String(first)}`);
    expect((deleting.precheck_errors as string[])[0]).toMatch(/sqlite_query\(.*\) on .*: SQLite error executing .*attempt to write a readonly database/);
    const kept = new Database(join(root, 'q2_s1', 'p.db'), { readonly: true });
    expect(kept.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(4);
    kept.close();
  });
});

describe("answer keys read only the instance's own sandbox area", () => {
  const keyReading = (arg: string) => `
tests:
  - question_id: 1
    samples: 2
    template: "Count"
    scoring_type: stringmatch
    expected_response: "{{file_line_count:${arg}}}"
    sandbox_setup:
      components: [{type: create_files, name: t, target_file: "{{artifacts}}/t.txt", content: {type: lorem_lines, count: 3}}]
`;

  it.each([
    ['an absolute path elsewhere', (outside: string) => join(outside, 'secret.txt')],
    ['a relative path out of the area', () => '../../outside/secret.txt'],
    ["another instance's file", () => '{{artifacts}}/../q1_s2/t.txt'],
  ])('%s fails like a missing file would (precheck_errors), checked or written directly', (_name, arg) => {
    const base = tempDir();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'one\ntwo\n');
    const root = join(base, 'run', 'sandbox');
    const tests = defs(keyReading(arg(outside)));
    for (const entries of [[...assertInstancesValid(tests, { seed: 1, pools, clock, sandboxRoot: root }).write(root)], [...buildInstances(tests, { seed: 1, sandboxRoot: join(base, 'run2', 'sandbox'), pools, clock })]]) {
      expect((entries[0].precheck_errors as string[])[0]).toMatch(/^expected_response: file_line_count\(.*\): \/.* is outside the instance's sandbox area \/.*\/q1_s1$/);
    }
    // Outside generation (`picard template`), the same function reads the file.
    expect(evaluateTemplates(`{{file_line_count:${join(outside, 'secret.txt')}}}`, { baseDir: base, components: [] })).toBe('2');
  });

  it('a symbolic link inside the area that leads out is not followed; a file of the area is read', () => {
    const base = tempDir();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'one\ntwo\n');
    const root = join(base, 'sandbox');
    mkdirSync(join(root, 'q1_s1'), { recursive: true });
    symlinkSync(outside, join(root, 'q1_s1', 'link'));
    const [s1] = [...buildInstances(defs(keyReading('{{artifacts}}/link/secret.txt')), { seed: 1, sandboxRoot: root, pools, clock })];
    expect((s1.precheck_errors as string[])[0]).toMatch(/is outside the instance's sandbox area/);
    const [own] = [...buildInstances(defs(keyReading('{{artifacts}}/t.txt')), { seed: 1, sandboxRoot: join(base, 'own'), pools, clock })];
    expect(own.expected_response).toBe('3');
  });
});
