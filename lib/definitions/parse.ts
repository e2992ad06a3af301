import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DefCode, DefinitionError, type DefinitionIssue, type DefinitionWarning } from './errors';
import { toTestDefinition } from './normalize';
import { definitionsSchema, issueCode, type ParsedTest } from './schema';
import type { DefinitionsFile } from './types';
import { unknownKeyWarnings } from './warnings';
import { formatPath, locate, parseYamlSource, type SourcePos, type YamlPath, type YamlSource } from './yaml-source';

/** Position order, so the report reads top to bottom; ties keep the order of checking. */
function byPosition(a: DefinitionIssue, b: DefinitionIssue): number {
  return a.line - b.line || a.column - b.column;
}

function zodToIssue(issue: z.core.$ZodIssue, src: YamlSource, file: string): DefinitionIssue {
  return { file, path: formatPath(issue.path), ...locate(src, issue.path), message: issue.message, code: issueCode(issue) };
}

/** The test fields that generation can report a problem on (paths relative to the test). */
function fieldPaths(t: ParsedTest): YamlPath[] {
  const fields = ['template', 'expected_response', 'expected_content', 'file_to_read', 'files_to_check', 'expected_structure'] as const;
  const out: YamlPath[] = fields.filter((f) => t[f] !== undefined && t[f] !== null).map((f) => [f]);
  t.files_to_check?.forEach((_, k) => out.push(['files_to_check', k]));
  t.expected_structure?.forEach((_, k) => out.push(['expected_structure', k]));
  t.sandbox_setup?.components.forEach((_, j) => {
    const c = ['sandbox_setup', 'components', j];
    out.push(c, [...c, 'target_file'], [...c, 'content']);
  });
  return out;
}

/** Positions of a test's reportable fields, keyed by their path relative to the test. */
function fieldPositions(src: YamlSource, i: number, t: ParsedTest): Record<string, SourcePos> {
  return Object.fromEntries(fieldPaths(t).map((p) => [formatPath(p), locate(src, ['tests', i, ...p])]));
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** YAML → JS value; syntax errors (all of them) and alias bombs become a located `DefinitionError`. */
function yamlToData(text: string, file: string): { src: YamlSource; data: unknown; yamlWarnings: DefinitionWarning[] } {
  const { source: src, errors, warnings } = parseYamlSource(text);
  const located = (code: string, prefix: string) => (p: { line: number; column: number; message: string }) => ({
    file,
    path: '',
    line: p.line,
    column: p.column,
    message: `${prefix}${p.message}`,
    code,
  });
  if (errors.length > 0) throw new DefinitionError(errors.map(located(DefCode.YAML_SYNTAX, 'Invalid YAML: ')).sort(byPosition));
  let data: unknown;
  try {
    data = src.doc.toJS();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new DefinitionError([located(DefCode.YAML_SYNTAX, 'Invalid YAML: ')({ line: 1, column: 1, message })]);
  }
  return { src, data, yamlWarnings: warnings.map(located(DefCode.YAML_WARNING, '')) };
}

function parseWithHash(text: string, file: string, sha256: string): DefinitionsFile {
  const { src, data, yamlWarnings } = yamlToData(text, file);
  const result = definitionsSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new DefinitionError(result.error.issues.map((i) => zodToIssue(i, src, file)).sort(byPosition));
  }
  const tests = result.data.tests.map((t, i) =>
    toTestDefinition(t, { file, path: `tests[${i}]`, line: locate(src, ['tests', i]).line, positions: fieldPositions(src, i, t) }),
  );
  const warnings = [...yamlWarnings, ...unknownKeyWarnings(data, src, file)].sort(byPosition);
  return { file, tests, sha256, warnings };
}

/**
 * Parses and validates definitions YAML text (spec §2). `file` is used in messages and `source`. Throws a
 * `DefinitionError` listing every problem found, each with its YAML path and 1-based line/column.
 */
export function parseDefinitionsText(text: string, file: string): DefinitionsFile {
  return parseWithHash(text, file, sha256Hex(text));
}

function fileIssue(file: string, code: string, message: string): DefinitionError {
  return new DefinitionError([{ file, path: '', line: 0, column: 0, message, code }]);
}

/** Reads a definitions file (sha256 over its exact bytes) and parses it like {@link parseDefinitionsText}. */
export function loadDefinitions(file: string): DefinitionsFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw fileIssue(file, DefCode.FILE_NOT_FOUND, `Test definition file not found: ${file}`);
    throw fileIssue(file, DefCode.FILE_READ, `Cannot read test definition file: ${err.message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileIssue(file, DefCode.FILE_READ, 'Test definition file is not valid UTF-8');
  }
  return parseWithHash(text, file, sha256Hex(bytes));
}

/**
 * The `--samples N` override: every test gets `samples = n` (a new object; the input is not changed).
 * Throws RangeError unless n is a non-negative integer.
 */
export function applySamplesOverride(defs: DefinitionsFile, n: number): DefinitionsFile {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`applySamplesOverride: samples override must be a non-negative integer, got ${String(n)}`);
  }
  return { ...defs, tests: defs.tests.map((t) => ({ ...t, samples: n })) };
}
