import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { DefinitionError } from './errors';
import { applySamplesOverride, loadDefinitions, parseDefinitionsText } from './parse';

const shared = (name: string) => sharedPath('picard', name);

function catchError(fn: () => unknown): DefinitionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DefinitionError) return e;
    throw e;
  }
  throw new Error('expected a DefinitionError');
}

describe.skipIf(!sharedDir)('shipped reference configs (needs the shared reference data)', () => {
  it.each([
    ['picard_abridged_standard.yaml', 10, 200, [101, 102, 103, 104, 201, 202, 301, 302, 401, 402]],
    ['debug.yml', 6, 18, [101, 104, 301, 302, 401, 402]],
  ])('%s loads unchanged', (name, count, samples, ids) => {
    const defs = loadDefinitions(shared(name));
    expect(defs.tests).toHaveLength(count);
    expect(defs.tests.reduce((n, t) => n + t.samples, 0)).toBe(samples);
    expect(defs.tests.map((t) => t.question_id)).toEqual(ids);
    expect(defs.warnings).toEqual([]);
    expect(defs.sha256).toBe(createHash('sha256').update(fs.readFileSync(shared(name))).digest('hex'));
  });

  it('keeps the PAST fields and component specs as written', () => {
    const defs = loadDefinitions(shared('picard_abridged_standard.yaml'));
    const q301 = defs.tests.find((t) => t.question_id === 301);
    expect(q301).toMatchObject({
      samples: 20,
      scoring_type: 'readfile_jsonmatch',
      file_to_read: '{{artifacts}}/{{qs_id}}/cust.json',
      source: { file: shared('picard_abridged_standard.yaml'), path: 'tests[6]' },
    });
    expect(q301?.sandbox_setup?.components[0]).toEqual({
      type: 'create_csv',
      name: 'csv1',
      target_file: '{{artifacts}}/{{qs_id}}/{{entity1}}/crm_export.csv',
      content: {
        headers: ['C_ID', 'C_NAME', 'AGE_YRS', 'LOC_CD', 'REG_DT'],
        header_types: ['id', 'person_name', 'age', 'city', 'date'],
        rows: 75,
      },
    });
    const q101 = defs.tests[0];
    expect(Object.keys(q101)).toEqual(['question_id', 'samples', 'template', 'scoring_type', 'files_to_check', 'source']);
    // source.line is the line of the test's first key, checked against the raw text.
    const lines = fs.readFileSync(shared('picard_abridged_standard.yaml'), 'utf8').split('\n');
    for (const t of defs.tests) expect(lines[t.source!.line - 1]).toContain(`question_id: ${t.question_id}`);
  });

  it('json_write_operations_demo.yml fails with located legacy-syntax and unknown scoring type errors', () => {
    const err = catchError(() => loadDefinitions(shared('json_write_operations_demo.yml')));
    const first = err.issues.filter((i) => i.path.startsWith('tests[0]'));
    expect(first).toEqual([
      expect.objectContaining({ code: 'DEF_UNKNOWN_SCORING_TYPE', path: 'tests[0].scoring_type', line: 14, column: 19 }),
      expect.objectContaining({ code: 'DEF_LEGACY_SANDBOX', path: 'tests[0].sandbox_setup.components', line: 30 }),
    ]);
    expect(err.issues.filter((i) => i.code === 'DEF_LEGACY_SANDBOX')).toHaveLength(5);
    expect(err.message).toContain(
      `${shared('json_write_operations_demo.yml')}:30:7 tests[0].sandbox_setup.components: 'sandbox_setup' must have 'components' array. Legacy syntax no longer supported.`,
    );
    expect(err.message).toContain("tests[0].scoring_type: Unknown scoring_type 'json_targeted_edit' (expected one of stringmatch, jsonmatch,");
  });
});

describe('loadDefinitions', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
  const valid = 'tests:\n  - {question_id: 1, samples: 2, template: hi, scoring_type: stringmatch, expected_response: x}\n';

  it('reports a missing file with the reference text', () => {
    const file = path.join(tmp(), 'nope.yaml');
    const err = catchError(() => loadDefinitions(file));
    expect(err.code).toBe('DEF_FILE_NOT_FOUND');
    expect(err.message).toBe(`${file}: Test definition file not found: ${file}`);
  });

  it('hashes the exact bytes (BOM included) and parses the text', () => {
    const file = path.join(tmp(), 'bom.yaml');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]);
    fs.writeFileSync(file, bytes);
    const defs = loadDefinitions(file);
    expect(defs.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(defs.tests[0]).toMatchObject({ question_id: 1, samples: 2, source: { file, path: 'tests[0]', line: 2 } });
  });

  it.each([
    ['not UTF-8', (dir: string) => { const f = path.join(dir, 'bin.yaml'); fs.writeFileSync(f, Buffer.from([0x74, 0xff, 0xfe])); return f; }, 'DEF_FILE_READ'],
    ['a directory', (dir: string) => dir, 'DEF_FILE_READ'],
  ])('rejects a file that is %s', (_label, make, code) => {
    expect(catchError(() => loadDefinitions(make(tmp()))).code).toBe(code);
  });

  it('parseDefinitionsText hashes the UTF-8 text', () => {
    expect(parseDefinitionsText(valid, 'x.yaml').sha256).toBe(createHash('sha256').update(valid, 'utf8').digest('hex'));
  });
});

describe('applySamplesOverride', () => {
  const defs = parseDefinitionsText(
    'tests:\n  - {question_id: 1, samples: 20, template: a, scoring_type: stringmatch, expected_response: x}\n  - {question_id: 2, samples: 0, template: b, scoring_type: files_exist, files_to_check: [f]}\n',
    'x.yaml',
  );

  it.each([0, 1, 7])('sets every test to %i samples without changing the input', (n) => {
    const out = applySamplesOverride(defs, n);
    expect(out.tests.map((t) => t.samples)).toEqual([n, n]);
    expect(defs.tests.map((t) => t.samples)).toEqual([20, 0]);
    expect(out.sha256).toBe(defs.sha256);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s', (n) => {
    expect(() => applySamplesOverride(defs, n)).toThrow(RangeError);
  });
});
