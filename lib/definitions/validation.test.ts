import { describe, expect, it } from 'vitest';
import { DefinitionError, type DefinitionIssue } from './errors';
import { parseDefinitionsText } from './parse';

/** YAML from lines, so a case's line numbers can be read off its index (+1). */
const y = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Head of a valid stringmatch test at line 2 (`- question_id: 7` is line 2). */
const head = ['tests:', '  - question_id: 7', '    samples: 1', '    template: x'];
const sm = [...head, '    scoring_type: stringmatch', '    expected_response: r'];

type Expect = { code: string; path: string; line: number; text: string };

function issuesOf(yaml: string): DefinitionIssue[] {
  try {
    parseDefinitionsText(yaml, 'defs.yaml');
  } catch (e) {
    if (e instanceof DefinitionError) return e.issues;
    throw e;
  }
  return [];
}

function check(yaml: string, expected: Expect[]): void {
  const issues = issuesOf(yaml);
  expect(issues.map(({ code, path, line }) => ({ code, path, line }))).toEqual(expected.map(({ code, path, line }) => ({ code, path, line })));
  issues.forEach((issue, i) => expect(issue.message).toContain(expected[i].text));
}

// Every row of spec §2.4 (file-level rows are in parse.test.ts), in the reference's order of checking.
const referenceRows: Array<[string, string, Expect[]]> = [
  ['YAML syntax', y('tests:', '  - question_id: 1', '   samples: 2'), [{ code: 'DEF_YAML_SYNTAX', path: '', line: 3, text: 'Invalid YAML: ' }]],
  ['top level not a mapping (C46)', y('- question_id: 1'), [{ code: 'DEF_BAD_TYPE', path: '', line: 1, text: 'YAML must contain a top-level object' }]],
  ['empty file', '', [{ code: 'DEF_BAD_TYPE', path: '', line: 1, text: 'YAML must contain a top-level object' }]],
  ['no tests key (C46)', y('foo: 1'), [{ code: 'DEF_MISSING_FIELD', path: 'tests', line: 1, text: "YAML must contain a 'tests' key with list of test definitions" }]],
  ['tests not a list (C46)', y('tests: {a: 1}'), [{ code: 'DEF_BAD_TYPE', path: 'tests', line: 1, text: "'tests' must be a list" }]],
  ['test not a mapping', y('tests:', '  - 5'), [{ code: 'DEF_BAD_TYPE', path: 'tests[0]', line: 2, text: 'Each test must be an object' }]],
  ...(['question_id', 'samples', 'template', 'scoring_type'] as const).map((field): [string, string, Expect[]] => [
    `missing ${field}`,
    // The first key carries the `- ` of the list item, so the remaining first key takes it over.
    y(...[...head, '    scoring_type: files_exist', '    files_to_check: [a]'].filter((l) => !l.includes(`${field}:`)).map((l, i) => (i === 1 && !l.trim().startsWith('-') ? `  - ${l.trim()}` : l))),
    [{ code: 'DEF_MISSING_FIELD', path: `tests[0].${field}`, line: 2, text: `Missing required field '${field}'` }],
  ]),
  ['duplicate id', y(...sm, '  - {question_id: 7, samples: 1, template: y, scoring_type: stringmatch, expected_response: r}'),
    [{ code: 'DEF_DUPLICATE_ID', path: 'tests[1].question_id', line: 7, text: 'Duplicate question_id: 7' }]],
  ['sandbox_setup not a mapping', y(...sm, '    sandbox_setup: [1]'), [{ code: 'DEF_BAD_TYPE', path: 'tests[0].sandbox_setup', line: 7, text: "'sandbox_setup' must be an object" }]],
  ['legacy sandbox (C47)', y(...sm, '    sandbox_setup: {type: create_csv, target_file: a}'),
    [{ code: 'DEF_LEGACY_SANDBOX', path: 'tests[0].sandbox_setup.components', line: 7, text: "'sandbox_setup' must have 'components' array. Legacy syntax no longer supported." }]],
  ['components not a list', y(...sm, '    sandbox_setup:', '      components: {a: 1}'), [{ code: 'DEF_BAD_TYPE', path: 'tests[0].sandbox_setup.components', line: 8, text: "'components' must be an array" }]],
  ['component not a mapping', y(...sm, '    sandbox_setup:', '      components:', '        - 5'),
    [{ code: 'DEF_BAD_TYPE', path: 'tests[0].sandbox_setup.components[0]', line: 9, text: 'Component must be an object' }]],
  ['component without type', y(...sm, '    sandbox_setup:', '      components:', '        - name: a'),
    [{ code: 'DEF_MISSING_FIELD', path: 'tests[0].sandbox_setup.components[0].type', line: 9, text: "'type' field required" }]],
  ['component without name', y(...sm, '    sandbox_setup:', '      components:', '        - type: create_csv', '          target_file: a'),
    [{ code: 'DEF_MISSING_FIELD', path: 'tests[0].sandbox_setup.components[0].name', line: 9, text: "'name' field required" }]],
  ['empty name', y(...sm, '    sandbox_setup:', '      components:', '        - type: create_csv', "          name: ''", '          target_file: a'),
    [{ code: 'DEF_BAD_COMPONENT_NAME', path: 'tests[0].sandbox_setup.components[0].name', line: 10, text: "Component 'name' is required" }]],
  ['bad name (C49)', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: 1abc, target_file: a}'),
    [{ code: 'DEF_BAD_COMPONENT_NAME', path: 'tests[0].sandbox_setup.components[0].name', line: 9,
      text: "Invalid component name '1abc'. Must start with letter and contain only letters, numbers, underscores, and hyphens" }]],
  ['name longer than 50', y(...sm, '    sandbox_setup:', '      components:', `        - {type: create_csv, name: ${'a'.repeat(51)}, target_file: a}`),
    [{ code: 'DEF_BAD_COMPONENT_NAME', path: 'tests[0].sandbox_setup.components[0].name', line: 9, text: 'too long. Maximum 50 characters' }]],
  ['create_* without target_file (C49)', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: abc}'),
    [{ code: 'DEF_TARGET_FILE_REQUIRED', path: 'tests[0].sandbox_setup.components[0].target_file', line: 9, text: "'target_file' required for component type 'create_csv'" }]],
  ['stringmatch without expected_response (C48)', y(...head, '    scoring_type: stringmatch'),
    [{ code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].expected_response', line: 2, text: "'expected_response' required for scoring_type 'stringmatch'" }]],
  ['jsonmatch with empty expected_response', y(...head, '    scoring_type: jsonmatch', "    expected_response: ''"),
    [{ code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].expected_response', line: 6, text: "'expected_response' required for scoring_type 'jsonmatch'" }]],
  ['files_exist with empty list', y(...head, '    scoring_type: files_exist', '    files_to_check: []'),
    [{ code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].files_to_check', line: 6, text: "'files_to_check' required for scoring_type 'files_exist'" }]],
  ['directory_structure without expected_structure', y(...head, '    scoring_type: directory_structure'),
    [{ code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].expected_structure', line: 2, text: "'expected_structure' required for scoring_type 'directory_structure'" }]],
  ['readfile_stringmatch without file_to_read', y(...head, '    scoring_type: readfile_stringmatch'),
    [{ code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].file_to_read', line: 2, text: "'file_to_read' required for scoring_type 'readfile_stringmatch'" }]],
  ['readfile_jsonmatch without both fields', y(...head, '    scoring_type: readfile_jsonmatch'), [
    { code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].file_to_read', line: 2, text: "'file_to_read' required for scoring_type 'readfile_jsonmatch'" },
    { code: 'DEF_SCORING_FIELD_REQUIRED', path: 'tests[0].expected_content', line: 2, text: "'expected_content' required for scoring_type 'readfile_jsonmatch'" },
  ]],
  ['unknown scoring type', y(...head, '    scoring_type: foo'),
    [{ code: 'DEF_UNKNOWN_SCORING_TYPE', path: 'tests[0].scoring_type', line: 5, text: "Unknown scoring_type 'foo' (expected one of stringmatch, jsonmatch, files_exist" }]],
  ['scoring type named like an Object method', y(...head, '    scoring_type: toString'),
    [{ code: 'DEF_UNKNOWN_SCORING_TYPE', path: 'tests[0].scoring_type', line: 5, text: "Unknown scoring_type 'toString' (expected one of stringmatch" }]],
];

// Where PICARD Live is stricter than the reference (B28 and neighbours; see docs/compat.md).
const stricterRows: Array<[string, string, Expect[]]> = [
  ["samples: '2'", y(...head.slice(0, 2), "    samples: '2'", ...sm.slice(3)),
    [{ code: 'DEF_BAD_TYPE', path: 'tests[0].samples', line: 3, text: "'samples' must be a non-negative integer, got a string ('2') (write it without quotes" }]],
  ['samples: -1', y(...head.slice(0, 2), '    samples: -1', ...sm.slice(3)), [{ code: 'DEF_BAD_VALUE', path: 'tests[0].samples', line: 3, text: 'got a number (-1)' }]],
  ['samples: 1.5', y(...head.slice(0, 2), '    samples: 1.5', ...sm.slice(3)), [{ code: 'DEF_BAD_TYPE', path: 'tests[0].samples', line: 3, text: 'non-negative integer' }]],
  ['question_id: a list', y('tests:', '  - question_id: [1]', ...sm.slice(2)), [{ code: 'DEF_BAD_TYPE', path: 'tests[0].question_id', line: 2, text: "'question_id' must be a number or a string, got a list" }]],
  ['question_id: true', y('tests:', '  - question_id: true', ...sm.slice(2)), [{ code: 'DEF_BAD_TYPE', path: 'tests[0].question_id', line: 2, text: 'got a boolean (true)' }]],
  ["ids 1 and '1' collide", y(...sm, "  - {question_id: '7', samples: 1, template: y, scoring_type: stringmatch, expected_response: r}"),
    [{ code: 'DEF_DUPLICATE_ID', path: 'tests[1].question_id', line: 7, text: 'Duplicate question_id: 7 (first used by tests[0])' }]],
  ['unknown component type (C49)', y(...sm, '    sandbox_setup:', '      components:', '        - {type: make_magic, name: abc, clutter: {count: 3}}'),
    [{ code: 'DEF_UNKNOWN_COMPONENT_TYPE', path: 'tests[0].sandbox_setup.components[0].type', line: 9, text: "Unknown component type 'make_magic' (expected one of create_files," }]],
  ['duplicate component names', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: a, target_file: x}', '        - {type: create_json, name: a, target_file: y}'),
    [{ code: 'DEF_DUPLICATE_COMPONENT', path: 'tests[0].sandbox_setup.components[1].name', line: 10, text: "Duplicate component name: 'a' (first used by components[0])" }]],
  ['depends_on an unknown component', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: a, target_file: x, depends_on: [zz]}'),
    [{ code: 'DEF_BAD_DEPENDENCY', path: 'tests[0].sandbox_setup.components[0].depends_on[0]', line: 9, text: "Component 'a' depends on unknown component 'zz'" }]],
  ['dependency cycle', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: a, target_file: x, depends_on: [b]}', '        - {type: create_csv, name: b, target_file: y, depends_on: [a]}'),
    [{ code: 'DEF_BAD_DEPENDENCY', path: 'tests[0].sandbox_setup.components[0].depends_on', line: 9, text: 'Circular dependency detected among components: a -> b -> a' }]],
  ['expected_response: yes (a YAML 1.1 boolean)', y(...sm.slice(0, 5), '    expected_response: yes'),
    [{ code: 'DEF_BAD_TYPE', path: 'tests[0].expected_response', line: 6, text: "'expected_response' must be a string, got a boolean (true) (put it in quotes" }]],
  ['non-string entry in files_to_check', y(...head, '    scoring_type: files_exist', '    files_to_check:', '      - a', '      - 3'),
    [{ code: 'DEF_BAD_TYPE', path: 'tests[0].files_to_check[1]', line: 8, text: "'files_to_check' entries must be strings, got a number (3)" }]],
  ['content not a mapping', y(...sm, '    sandbox_setup:', '      components:', '        - {type: create_csv, name: a, target_file: x, content: [1]}'),
    [{ code: 'DEF_BAD_TYPE', path: 'tests[0].sandbox_setup.components[0].content', line: 9, text: "'content' must be a mapping, got a list" }]],
  ['negative clutter count', y(...sm, '    sandbox_setup:', '      components:', '        - type: create_csv', '          name: a', '          target_file: x', '          clutter: {count: -2}'),
    [{ code: 'DEF_BAD_VALUE', path: 'tests[0].sandbox_setup.components[0].clutter.count', line: 12, text: "'clutter.count' must be a non-negative integer" }]],
  ['duplicate mapping key', y(...sm, '    samples: 2'), [{ code: 'DEF_YAML_SYNTAX', path: '', line: 7, text: 'Map keys must be unique' }]],
];

describe('validation errors (spec §2.4, §13.4)', () => {
  it.each(referenceRows)('%s', (_name, yaml, expected) => check(yaml, expected));
});

describe('stricter than the reference', () => {
  it.each(stricterRows)('%s', (_name, yaml, expected) => check(yaml, expected));
});

describe('accepted definitions', () => {
  it('readfile_stringmatch with only file_to_read is accepted (C48)', () => {
    const defs = parseDefinitionsText(y(...head, '    scoring_type: readfile_stringmatch', '    file_to_read: out.txt'), 'defs.yaml');
    expect(defs.tests[0]).toEqual({
      question_id: 7, samples: 1, template: 'x', scoring_type: 'readfile_stringmatch', file_to_read: 'out.txt',
      source: { file: 'defs.yaml', path: 'tests[0]', line: 2, positions: { template: { line: 4, column: 15 }, file_to_read: { line: 6, column: 19 } } },
    });
  });

  it.each([
    ['component clutter', '{count: 3}', undefined, { count: 3 }],
    ['config.clutter', undefined, '{clutter: {count: 2}, seed: 1}', { count: 2 }],
    ['component clutter wins over config.clutter', '{count: 1}', '{clutter: {count: 9}}', { count: 1 }],
  ])('normalises %s into ComponentSpec.clutter', (_name, clutter, config, want) => {
    const comp = ['        - type: create_files', '          name: notes', '          target_file: a.txt'];
    if (clutter) comp.push(`          clutter: ${clutter}`);
    if (config) comp.push(`          config: ${config}`);
    const defs = parseDefinitionsText(y(...sm, '    sandbox_setup:', '      components:', ...comp), 'defs.yaml');
    expect(defs.tests[0].sandbox_setup?.components[0].clutter).toEqual(want);
    expect(defs.warnings).toEqual([]);
  });

  it('treats empty optional keys (null) as absent', () => {
    const defs = parseDefinitionsText(y(...sm, '    file_to_read:', '    sandbox_setup:'), 'defs.yaml');
    expect(Object.keys(defs.tests[0])).toEqual(['question_id', 'samples', 'template', 'scoring_type', 'expected_response', 'source']);
  });

  it('reports unknown keys as located warnings, with a spelling hint', () => {
    const defs = parseDefinitionsText(
      y('version: 2', ...sm, '    expected_respone: typo', '    sandbox_setup:', '      components:', '        - {type: create_csv, name: a, target_file: x, colour: red}'),
      'defs.yaml',
    );
    expect(defs.warnings?.map(({ path, line, column, code }) => ({ path, line, column, code }))).toEqual([
      { path: 'version', line: 1, column: 1, code: 'DEF_UNKNOWN_KEY' },
      { path: 'tests[0].expected_respone', line: 8, column: 5, code: 'DEF_UNKNOWN_KEY' },
      { path: 'tests[0].sandbox_setup.components[0].colour', line: 11, column: 55, code: 'DEF_UNKNOWN_KEY' },
    ]);
    expect(defs.warnings?.[1].message).toBe("Unknown test key 'expected_respone' is ignored (did you mean 'expected_response'?)");
  });
});

describe('several problems in one file', () => {
  it('reports them all, in line order, one per message line', () => {
    const yaml = y(
      'tests:',
      '  - question_id: 1',
      "    samples: '3'",
      '    template: a',
      '    scoring_type: nope',
      '  - question_id: 1',
      '    samples: 2',
      '    template: b',
      '    scoring_type: stringmatch',
      '    sandbox_setup: {type: create_csv}',
    );
    let err: DefinitionError | undefined;
    try {
      parseDefinitionsText(yaml, 'multi.yaml');
    } catch (e) {
      err = e as DefinitionError;
    }
    expect(err).toBeInstanceOf(DefinitionError);
    expect(err!.issues.map((i) => `${i.line} ${i.code}`)).toEqual([
      '3 DEF_BAD_TYPE',
      '5 DEF_UNKNOWN_SCORING_TYPE',
      '6 DEF_SCORING_FIELD_REQUIRED',
      '6 DEF_DUPLICATE_ID',
      '10 DEF_LEGACY_SANDBOX',
    ]);
    expect(err!.code).toBe('DEF_BAD_TYPE');
    const lines = err!.message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      "multi.yaml:5:19 tests[0].scoring_type: Unknown scoring_type 'nope' (expected one of stringmatch, jsonmatch, files_exist, directory_structure, readfile_stringmatch, readfile_jsonmatch)",
    );
  });

  it('reports several YAML syntax errors together', () => {
    const issues = issuesOf(y('tests:', '  - a: 1', '   b: 2', 'x: [1'));
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.every((i) => i.code === 'DEF_YAML_SYNTAX')).toBe(true);
    expect(issues.map((i) => i.line)).toEqual([...issues.map((i) => i.line)].sort((a, b) => a - b));
    expect(issues[0].line).toBe(3);
  });
});
