import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefCode, DefinitionError } from '../definitions/errors';
import { loadDefinitions, parseDefinitionsText } from '../definitions/parse';
import type { DefinitionIssue } from '../definitions/types';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { filesBelow, useTempDirs } from '../testing/temp-dirs';
import { fixedClock } from '../util/clock';
import { buildInstances } from './build-instances';
import { assertInstancesValid, checkInstances } from './check-instances';
import { loadEntityPool } from './entity-pool';

const clock = fixedClock('2026-11-26T10:00:00Z');
const pools = loadEntityPool();
const tempDir = useTempDirs('picard-confine-');

/** Writes `yaml` to `<dir>/defs.yaml` and loads it (real file, real line numbers). */
function defsIn(dir: string, yaml: string) {
  const file = join(dir, 'defs.yaml');
  writeFileSync(file, yaml);
  return loadDefinitions(file);
}

/** Every file below `dir`, relative, sorted. */
const walk = (dir: string): string[] => Object.keys(filesBelow(dir)).sort();

const csv = (target: string, extra = '') => `
tests:
  - question_id: 1
    samples: 2
    template: "Count the rows"
    scoring_type: stringmatch
    expected_response: "{{csv_count:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - type: create_files
          name: first
          target_file: "{{artifacts}}/inside.txt"
        - type: create_csv
          name: c1
          target_file: "${target}"
          content: {headers: [ID, NAME], rows: 3}${extra}
`;

describe('generation writes only inside the instance sandbox area', () => {
  it.each([
    ['an absolute path elsewhere', (out: string) => join(out, 'escaped.csv')],
    ['{{artifacts}}/../.. out of the run', () => '{{artifacts}}/../../escaped.csv'],
    ['{{artifacts}}/.. next to the instance', () => '{{artifacts}}/../shared/escaped.csv'],
    ['a relative path with ..', () => '../../escaped.csv'],
  ])('%s is refused with a located error, and nothing of the file is written', (_name, target) => {
    const base = tempDir();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    const defs = defsIn(base, csv(target(outside)));
    const issues = checkInstances(defs.tests, { seed: 1, pools, clock });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: join(base, 'defs.yaml'),
      path: 'tests[0].sandbox_setup.components[1].target_file',
      line: 15,
      code: DefCode.OUTSIDE_SANDBOX,
    });
    expect(issues[0].message).toMatch(/^q1_s1: target_file '.*escaped\.csv' resolves to .*, outside the instance's sandbox area \{\{artifacts\}\}.*\(and 1 more instance\)$/);
    expect(() => assertInstancesValid(defs.tests, { seed: 1, pools, clock })).toThrow(DefinitionError);
    expect(walk(base)).toEqual(['defs.yaml']);

    // Generating anyway (e.g. through the library) refuses the instance too: nothing of it is written.
    const root = join(base, 'run', 'sandbox');
    const entries = [...buildInstances(defs.tests, { seed: 1, sandboxRoot: root, pools, clock })];
    for (const e of entries) {
      expect(e.sandbox_generation?.generation_successful).toBe(false);
      expect(e.sandbox_generation?.errors[0]).toMatch(/^Sandbox generation refused, nothing was written: target_file/);
      expect((e.precheck_errors as string[])[0]).toMatch(new RegExp(`^${join(base, 'defs.yaml')}:15:\\d+ tests\\[0\\]\\.sandbox_setup\\.components\\[1\\]\\.target_file: q1_s${e.sample_number}: target_file`));
    }
    expect(walk(base)).toEqual(['defs.yaml']);
  });

  it('a symbolic link inside the sandbox area that leads outside is not followed', () => {
    const base = tempDir();
    const outside = join(base, 'outside');
    mkdirSync(outside);
    const root = join(base, 'sandbox');
    mkdirSync(join(root, 'q1_s1'), { recursive: true });
    symlinkSync(outside, join(root, 'q1_s1', 'data'));
    const defs = defsIn(base, csv('{{artifacts}}/data/d.csv'));
    const [s1, s2] = [...buildInstances(defs.tests, { seed: 1, sandboxRoot: root, pools, clock })];
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(root, 'q1_s1', 'inside.txt'))).toBe(false);
    expect(s1.sandbox_generation?.errors[0]).toContain('(through a symbolic link)');
    expect((s1.precheck_errors as string[])[0]).toMatch(/defs\.yaml:15:\d+ tests\[0\]\.sandbox_setup\.components\[1\]\.target_file: q1_s1: target_file '\{\{artifacts\}\}\/data\/d\.csv' resolves to/);
    // The other sample has no link and is generated normally.
    expect(s2.sandbox_generation?.generation_successful).toBe(true);
    expect(s2.precheck_errors).toBeUndefined();
    expect(walk(join(root, 'q1_s2'))).toEqual(['data/d.csv', 'inside.txt']);
  });

  it('clutter is confined too, and a sandbox root reached through a symlink is fine', () => {
    const base = tempDir();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'alias'));
    const defs = defsIn(base, csv('{{artifacts}}/d.csv', '\n          clutter: {count: 3}'));
    expect(checkInstances(defs.tests, { seed: 1, pools, clock })).toEqual([]);
    const entries = [...buildInstances(defs.tests, { seed: 1, sandboxRoot: join(base, 'alias', 'sandbox'), pools, clock })];
    for (const e of entries) {
      expect(e.precheck_errors).toBeUndefined();
      expect(e.sandbox_generation?.all_files_created).toHaveLength(5);
    }
    expect(walk(join(base, 'real', 'sandbox')).length).toBe(10);
  });
});

/** The one issue `checkInstances` finds in a single-test file. */
function onlyIssue(yaml: string): DefinitionIssue {
  const base = tempDir();
  const defs = defsIn(base, yaml);
  const issues = checkInstances(defs.tests, { seed: 1, pools, clock });
  expect(issues).toHaveLength(1);
  expect(issues[0].file).toBe(join(base, 'defs.yaml'));
  return issues[0];
}

describe('checkInstances: every definition that cannot produce a valid instance is refused, located', () => {
  it('a call of a template function that does not exist', () => {
    const issue = onlyIssue(`
tests:
  - question_id: 7
    samples: 1
    template: "How many rows?"
    scoring_type: stringmatch
    expected_response: "{{csv_cnt:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "{{artifacts}}/d.csv", content: {headers: [ID], rows: 2}}
`);
    expect(issue).toMatchObject({ path: 'tests[0].expected_response', line: 7, column: 24, code: DefCode.UNKNOWN_TEMPLATE_FUNCTION });
    expect(issue.message).toBe("q7_s1: unknown template function 'csv_cnt' in {{csv_cnt:ID:TARGET_FILE[c1]}} (see docs/templates.md for the list)");
  });

  it.each([
    ['jsonmatch', 'expected_response', `expected_response: '{"name": {{entity1}}}'`],
    ['readfile_jsonmatch', 'expected_content', `file_to_read: "{{artifacts}}/out.json"\n    expected_content: "{'a': 1}"`],
  ])('a %s answer key that is not JSON after substitution', (type, field, lines) => {
    const issue = onlyIssue(`
tests:
  - question_id: 8
    samples: 3
    template: "Write {{entity1}}"
    scoring_type: ${type}
    ${lines}
`);
    expect(issue).toMatchObject({ path: `tests[0].${field}`, code: DefCode.INVALID_ANSWER_JSON });
    expect(issue.line).toBeGreaterThanOrEqual(7);
    expect(issue.message).toMatch(new RegExp(`^q8_s1: ${field} is not valid JSON after substitution, so ${type} could never pass: .* \\(and 2 more instances\\)$`));
  });

  it('a SQLite table with no columns', () => {
    const issue = onlyIssue(`
tests:
  - question_id: 9
    samples: 1
    template: "Query it"
    scoring_type: stringmatch
    expected_response: "x"
    sandbox_setup:
      components:
        - type: create_sqlite
          name: db
          target_file: "{{artifacts}}/d.db"
          content: {table_name: people, columns: []}
`);
    expect(issue).toMatchObject({ path: 'tests[0].sandbox_setup.components[0]', line: 10, code: DefCode.GENERATION_FAILED });
    expect(issue.message).toMatch(/^q9_s1: component 'db' could not be generated: Failed to generate SQLite file <sandbox>\/q9_s1\/d\.db: table 'people' has no columns/);
  });

  it.each([
    ['the question', 'template', 'template: "Hello {{name}}"\n    expected_response: "x"', '{{name}}'],
    ['the question (no expected_structure to fill in)', 'template', 'template: "Make {{expected_structure}}"\n    expected_response: "x"', '{{expected_structure}}'],
    ['the answer key', 'expected_response', 'template: "Hi"\n    expected_response: "{{ entity1 }}"', '{{ entity1 }}'],
  ])('a {{…}} left unresolved in %s', (_name, field, lines, placeholder) => {
    const issue = onlyIssue(`
tests:
  - question_id: 10
    samples: 1
    scoring_type: stringmatch
    ${lines}
`);
    expect(issue).toMatchObject({ path: `tests[0].${field}`, code: DefCode.UNRESOLVED_PLACEHOLDER });
    expect(issue.message).toBe(`q10_s1: ${placeholder} is left unresolved after generation`);
  });

  it('a {{…}} left unresolved in a path the scorer reads', () => {
    const issue = onlyIssue(`
tests:
  - question_id: 11
    samples: 1
    template: "Write the file"
    scoring_type: files_exist
    files_to_check: ["{{artifacts}}/a.txt", "{{artifacts}}/{{ qs_id }}.txt"]
`);
    expect(issue).toMatchObject({ path: 'tests[0].files_to_check[1]', line: 7, code: DefCode.UNRESOLVED_PLACEHOLDER });
  });

  it('a {{…}} left unresolved in generated content', () => {
    const issue = onlyIssue(`
tests:
  - question_id: 12
    samples: 1
    template: "Read it"
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/t.txt"
    sandbox_setup:
      components:
        - type: create_files
          name: t
          target_file: "{{artifacts}}/t.txt"
          content: {type: custom, content: "{{lorem:2s}} and {{lorem:3w}}"}
`);
    expect(issue).toMatchObject({ path: 'tests[0].sandbox_setup.components[0].content', line: 13, code: DefCode.UNRESOLVED_PLACEHOLDER });
    expect(issue.message).toBe('q12_s1: generated file <sandbox>/q12_s1/t.txt contains {{lorem:3w}}, left unresolved after generation');
  });

  it('a variable that cannot be drawn (unknown entity pool), in each field that uses it', () => {
    const base = tempDir();
    const defs = defsIn(base, `
tests:
  - question_id: 13
    samples: 1
    template: "Find {{entity1:planets}}"
    scoring_type: stringmatch
    expected_response: "{{entity1:planets}}"
`);
    const issues = checkInstances(defs.tests, { seed: 1, pools, clock });
    // Not reported a second time as an unresolved placeholder.
    expect(issues.map((i) => [i.path, i.line, i.code, i.message])).toEqual([
      ['tests[0].template', 5, DefCode.BAD_VARIABLE, 'q13_s1: Unknown entity pool: planets'],
      ['tests[0].expected_response', 7, DefCode.BAD_VARIABLE, 'q13_s1: Unknown entity pool: planets'],
    ]);
  });

  it('an empty template is refused by the parser', () => {
    const base = tempDir();
    expect(() => defsIn(base, 'tests:\n  - {question_id: 1, samples: 1, template: "  ", scoring_type: stringmatch, expected_response: x}\n')).toThrow(
      /defs\.yaml:2:\d+ tests\[0\]\.template: 'template' must not be empty/,
    );
  });

  it("keeps the reference's failing answer keys as they are: recorded in precheck_errors, not a refusal", () => {
    const yaml = `
tests:
  - question_id: 14
    samples: 1
    template: "Average?"
    scoring_type: stringmatch
    expected_response: "{{csv_avg:NOPE:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "{{artifacts}}/d.csv", content: {headers: [ID], rows: 2}}
  - question_id: 15
    samples: 1
    template: "Hello"
    scoring_type: stringmatch
    expected_response: "hi"
`;
    const defs = parseDefinitionsText(yaml, 'inline.yaml');
    expect(checkInstances(defs.tests, { seed: 1, pools, clock })).toEqual([]);
    const root = tempDir();
    const [failing, fine] = [...buildInstances(defs.tests, { seed: 1, sandboxRoot: root, pools, clock })];
    expect(failing.precheck_errors).toEqual([expect.stringMatching(/^expected_response: csv_avg\(NOPE, TARGET_FILE\[c1\]\) on .*: Column 'NOPE' not found/)]);
    expect(fine.precheck_errors).toBeUndefined();
  });

  it('lists every problem of the file in one error, sorted by line', () => {
    const base = tempDir();
    const defs = defsIn(base, `
tests:
  - {question_id: 1, samples: 1, template: "Q {{x}}", scoring_type: stringmatch, expected_response: "a"}
  - {question_id: 2, samples: 1, template: "Q", scoring_type: jsonmatch, expected_response: "not json"}
`);
    let err: unknown;
    try {
      assertInstancesValid(defs.tests, { seed: 1, pools, clock });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DefinitionError);
    expect((err as DefinitionError).issues.map((i) => [i.path, i.line])).toEqual([['tests[0].template', 3], ['tests[1].expected_response', 4]]);
  });
});

describe('the bundled and reference suites pass', () => {
  const files = [resolve(__dirname, '../suites/standard.yaml'), resolve(__dirname, '../suites/quickstart.yaml')];
  if (sharedDir !== null) files.push(sharedPath('picard', 'picard_abridged_standard.yaml'), sharedPath('picard', 'debug.yml'));
  it.each(files)('%s', (file) => {
    const defs = loadDefinitions(file);
    expect(checkInstances(defs.tests, { seed: 5, pools, clock })).toEqual([]);
  });
});
