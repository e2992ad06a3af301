import { lstatSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfinementError, isWithin, resolveInSandbox } from '../sandbox/confine';
import { DefCode, formatIssue } from '../definitions/errors';
import type { ComponentSpec, DefinitionIssue, TestDefinition } from '../definitions/types';
import { formatPath, type YamlPath } from '../definitions/yaml-source';
import { generateComponent } from '../sandbox/generate-component';
import type { GeneratedFile } from '../sandbox/types';
import { InstanceFiles } from '../sandbox/instance-files';
import { writeFileData, type FileData } from '../sandbox/write';
import { pyGetStripped, pyJsonLoads } from '../py';
import { evaluateTemplatesDetailed } from '../templates/evaluate';
import { isTemplateFunction } from '../templates/registry';
import { parseSegments, splitNameAndArgs } from '../templates/scan';
import type { TemplateCache, TemplateContext } from '../templates/types';
import type { Clock } from '../util/clock';
import { pyIsoLocal } from '../util/clock';
import { createDataSource } from './data-source';
import type { EntityPools } from './entity-pool';
import { instanceIssue } from './instance-issue';
import type { ComponentGeneration, PrecheckEntry, SandboxGeneration } from './precheck-entry';
import { itemKey } from './precheck-entry';
import { createRng } from '../util/rng';
import { expectedStructureBlock } from './tree';
import { VariableScope } from './variables';

export interface InstanceOptions {
  seed: number;
  /** The run's sandbox root; each instance's `{{artifacts}}` is `<root>/q{X}_s{Y}`. */
  sandboxRoot: string;
  pools: EntityPools;
  clock: Clock;
  /** Parsed-file cache shared across instances (files are re-read when their mtime/size changes). */
  templateCache?: TemplateCache;
  /**
   * Called with each problem that makes the definition unusable (a path outside the instance's sandbox, a
   * bad variable, an unknown template function, an unresolved `{{…}}`, an answer key that is not JSON, a
   * failed generator). Such problems are also recorded, located, in the entry's `precheck_errors`.
   */
  onIssue?: (issue: DefinitionIssue) => void;
  /** `resolveInSandbox('/', sandboxRoot)`, when the caller resolved it once for many instances. */
  realSandboxRoot?: string;
  /**
   * The sandbox root does not exist and nothing is written while these instances are generated (in memory only):
   * every instance's area is missing, so it is not looked up on the disk once per instance.
   */
  sandboxRootMissing?: boolean;
}

/** Reportable field of a test, as a YAML path relative to the test. */
type Field = YamlPath;

/**
 * Builds one test instance (a precheck entry) and writes its sandbox files. Every variable has one value for
 * the whole instance (question, answer fields, target files and generator content alike). Every file is
 * confined to the instance's sandbox area (`{{artifacts}}`): when any would land outside, nothing of the
 * instance is written. Answer keys are computed on the generated files held in memory (SQLite databases
 * open in memory), reading the disk only for anything else inside the area.
 */
export function buildInstance(def: TestDefinition, sample: number, opts: InstanceOptions): PrecheckEntry {
  return generateInstance(def, sample, opts, 'write').entry;
}

/**
 * An instance generated in memory only: its entry, as `buildInstance` makes it when every write succeeds,
 * and (with `keepFiles`) the bytes of its files, to write with `writeFileData`. Nothing touches the disk.
 */
export function planInstance(def: TestDefinition, sample: number, opts: InstanceOptions, keepFiles = true): { entry: PrecheckEntry; files: FileData[] | null } {
  return generateInstance(def, sample, opts, keepFiles ? 'hold' : 'check');
}

/** `write`: files go to the disk as generated; `hold`: kept in memory and returned; `check`: dropped. */
function generateInstance(def: TestDefinition, sample: number, opts: InstanceOptions, mode: 'write' | 'hold' | 'check'): { entry: PrecheckEntry; files: FileData[] | null } {
  const tree = new InstanceFiles(join(opts.sandboxRoot, itemKey(def.question_id, sample)));
  try {
    const write = mode === 'write' ? (files: FileData[]) => void writeFileData(files) : undefined;
    const entry = fillEntry(def, sample, opts, tree, write);
    return { entry, files: mode === 'hold' ? tree.take() : null };
  } finally {
    tree.close();
  }
}

/** The instance's entry; its files go to `tree` (and to the disk through `write`, when given). */
function fillEntry(def: TestDefinition, sample: number, opts: InstanceOptions, tree: InstanceFiles, write: ((files: FileData[]) => void) | undefined): PrecheckEntry {
  const key = itemKey(def.question_id, sample);
  const artifacts = tree.area;
  const rng = createRng(opts.seed, key);
  const data = createDataSource(rng, opts.pools);
  const scope = new VariableScope(rng, opts.pools, data);
  const log = issueLog(def, key, opts.onIssue);
  const { issue } = log;
  const fixed = (s: string) => s.split('{{artifacts}}').join(artifacts).split('{{qs_id}}').join(key);
  const vars = (field: Field, s: string): string => {
    try {
      return scope.substitute(s);
    } catch (err) {
      issue(field, DefCode.BAD_VARIABLE, (err as Error).message);
      return s;
    }
  };
  const fields = substituteFields(def, vars, fixed);

  const entry: PrecheckEntry = {
    scoring_type: def.scoring_type,
    question_id: def.question_id,
    sample_number: sample,
    template: def.template,
    substituted_question: fields.question,
  };
  const components = def.sandbox_setup?.components ?? [];
  const resolvedTargets: Array<{ name: string; targetFile: string }> = [];
  let generation: SandboxGeneration | undefined;
  if (components.length > 0) {
    const fresh = (opts.sandboxRootMissing === true && write === undefined) || isMissing(artifacts);
    generation = generateSandbox(components, { scope, vars, fixed, artifacts, key, rng, data, resolvedTargets, clock: opts.clock, issue, tree, write, realRoot: opts.realSandboxRoot, fresh });
  }
  Object.assign(entry, scope.variables());
  if (components.length > 0) {
    entry.sandbox_components = components.map(componentToDict);
    entry.sandbox_generation = generation;
  }
  const failed = resolveFields(entry, fields, { fixed, log, evaluation: { baseDir: artifacts, components: resolvedTargets, cache: opts.templateCache, files: tree } });
  checkAnswerJson(def, entry, failed, log);
  if (log.errors.length > 0) entry.precheck_errors = log.errors;
  return entry;
}

/** Where an instance's problems go: located, into its `precheck_errors` and to `onIssue`. */
interface IssueLog {
  errors: string[];
  /** Fields already reported (a bad variable), so they are not reported again as unresolved. */
  reported: Set<string>;
  issue: (field: Field, code: string, message: string) => void;
}

function issueLog(def: TestDefinition, key: string, onIssue: InstanceOptions['onIssue']): IssueLog {
  const errors: string[] = [];
  const reported = new Set<string>();
  const issue = (field: Field, code: string, message: string): void => {
    const located = instanceIssue(def, key, field, code, message);
    reported.add(formatPath(field));
    errors.push(formatIssue(located));
    onIssue?.(located);
  };
  return { errors, reported, issue };
}

/** The test's text fields with the instance's variables substituted (before any sandbox file is generated). */
interface SubstitutedFields {
  /** The question, its `{{expected_structure}}` block laid out and fixed placeholders replaced. */
  question: string;
  structure: string[] | undefined;
  file_to_read: string | undefined;
  files_to_check: string[] | undefined;
  expected_content: string | undefined;
  expected_response: string | undefined;
}

/** Substitutes variables in the reference's order (each variable takes its value where it first appears). */
function substituteFields(def: TestDefinition, vars: (field: Field, s: string) => string, fixed: (s: string) => string): SubstitutedFields {
  let question = vars(['template'], def.template);
  const structure = def.expected_structure?.map((p, k) => vars(['expected_structure', k], p));
  if (structure && question.includes('{{expected_structure}}')) {
    question = question.split('{{expected_structure}}').join(expectedStructureBlock(structure));
  }
  return {
    structure,
    file_to_read: def.file_to_read === undefined ? undefined : fixed(vars(['file_to_read'], def.file_to_read)),
    files_to_check: def.files_to_check?.map((f, k) => fixed(vars(['files_to_check', k], f))),
    expected_content: def.expected_content === undefined ? undefined : vars(['expected_content'], def.expected_content),
    expected_response: def.expected_response === undefined ? undefined : vars(['expected_response'], def.expected_response),
    question: fixed(question),
  };
}

/**
 * Puts the substituted fields on the entry, the answer keys with their template functions evaluated (on the
 * generated files), and reports every placeholder left unresolved. Returns the fields whose template
 * functions failed: the reference's documented behaviour, the item is errored.
 */
function resolveFields(entry: PrecheckEntry, fields: SubstitutedFields, c: { fixed: (s: string) => string; log: IssueLog; evaluation: TemplateContext }): Set<string> {
  const { fixed, log } = c;
  const failed = new Set<string>();
  const evaluate = (field: 'expected_content' | 'expected_response', text: string): string => {
    try {
      const res = evaluateTemplatesDetailed(fixed(text), c.evaluation);
      if (!log.reported.has(field)) for (const p of res.unknown) unresolved([field], p);
      return res.text;
    } catch (err) {
      failed.add(field);
      log.errors.push(`${field}: ${(err as Error).message}`);
      return fixed(text);
    }
  };
  const unresolved = (field: Field, placeholder: string): void => {
    const call = splitNameAndArgs(placeholder.slice(2, -2));
    if (call && call.name !== '' && !isTemplateFunction(call.name)) {
      log.issue(field, DefCode.UNKNOWN_TEMPLATE_FUNCTION, `unknown template function '${call.name}' in ${placeholder} (see docs/templates.md for the list)`);
    } else {
      log.issue(field, DefCode.UNRESOLVED_PLACEHOLDER, `${placeholder} is left unresolved after generation`);
    }
  };
  const scan = (field: Field, text: string | undefined): void => {
    if (text === undefined || log.reported.has(formatPath(field))) return;
    const p = firstPlaceholder(text);
    if (p !== null) unresolved(field, p);
  };
  scan(['template'], entry.substituted_question);
  if (fields.file_to_read !== undefined) {
    entry.file_to_read = fields.file_to_read;
    scan(['file_to_read'], fields.file_to_read);
  }
  if (fields.expected_content !== undefined) {
    entry.expected_content_before_template_functions = fields.expected_content;
    entry.expected_content = evaluate('expected_content', fields.expected_content);
  }
  if (fields.files_to_check !== undefined) {
    entry.files_to_check = fields.files_to_check;
    fields.files_to_check.forEach((f, k) => scan(['files_to_check', k], f));
  }
  if (fields.structure !== undefined) {
    entry.expected_paths = fields.structure.map(fixed);
    entry.expected_paths.forEach((p, k) => scan(['expected_structure', k], p));
  }
  if (fields.expected_response !== undefined) {
    entry.expected_response_before_template_functions = fields.expected_response;
    entry.expected_response = evaluate('expected_response', fields.expected_response);
  }
  return failed;
}

/** A JSON answer key that does not parse could never pass: reported (unless its field already failed). */
function checkAnswerJson(def: TestDefinition, entry: PrecheckEntry, failed: Set<string>, log: IssueLog): void {
  const jsonField = def.scoring_type === 'jsonmatch' ? 'expected_response' : def.scoring_type === 'readfile_jsonmatch' ? 'expected_content' : null;
  if (jsonField === null || typeof entry[jsonField] !== 'string' || failed.has(jsonField) || log.reported.has(jsonField)) return;
  try {
    pyJsonLoads(pyGetStripped(entry, jsonField));
  } catch (err) {
    log.issue([jsonField], DefCode.INVALID_ANSWER_JSON, `${jsonField} is not valid JSON after substitution, so ${def.scoring_type} could never pass: ${(err as Error).message}`);
  }
}

/** The first `{{…}}` placeholder in `text`, or null. */
function firstPlaceholder(text: string): string | null {
  if (!text.includes('{{')) return null;
  for (const seg of parseSegments(text)) if (seg.kind === 'brace') return text.slice(seg.start, seg.end);
  return null;
}

interface SandboxCtx {
  scope: VariableScope;
  vars: (field: Field, s: string) => string;
  fixed: (s: string) => string;
  artifacts: string;
  key: string;
  rng: ReturnType<typeof createRng>;
  data: ReturnType<typeof createDataSource>;
  resolvedTargets: Array<{ name: string; targetFile: string }>;
  clock: Clock;
  issue: (field: Field, code: string, message: string) => void;
  /** The instance's files in memory (what answer keys read). */
  tree: InstanceFiles;
  /** Puts a component's files on the disk; absent when the instance is only held in memory. */
  write?: (files: FileData[]) => void;
  realRoot?: string;
  /** Nothing of the instance's area exists yet. */
  fresh: boolean;
}

interface Planned {
  spec: ComponentSpec;
  target: string;
  files: GeneratedFile[];
}

/**
 * Generates the components in declared order; the first failure stops the rest (reference behaviour), the
 * files of the components before it are still written. Every file is generated in memory and confined to
 * the instance's sandbox area first: one path outside refuses the whole instance, before anything is written.
 */
function generateSandbox(components: ComponentSpec[], c: SandboxCtx): SandboxGeneration {
  const planned: Planned[] = [];
  let failure: string | null = null;
  // The area usually does not exist yet: judge paths against its real form (its parents may be symlinks, e.g.
  // a results folder under a linked home), resolved like any path inside `/`.
  // Nothing of the area exists yet (the usual case): no symbolic link can redirect a path below it.
  const fresh = c.fresh;
  const area = fresh && c.realRoot !== undefined ? join(c.realRoot, c.key) : resolveInSandbox('/', c.artifacts);
  const inArea = (file: string) => (fresh && isWithin(c.artifacts, resolve(file))) || confined(area, file);
  for (const [j, spec] of components.entries()) {
    const field = ['sandbox_setup', 'components', j];
    const raw = spec.target_file ?? '';
    const substituted = c.fixed(c.vars([...field, 'target_file'], raw.split('{{artifacts}}').join(c.artifacts)));
    const target = isAbsolute(substituted) ? substituted : resolve(c.artifacts, substituted);
    c.resolvedTargets.push({ name: spec.name, targetFile: target });
    let files: GeneratedFile[];
    try {
      const content = deepFixed(c.scope.substituteDeep(spec.content ?? {}), c.fixed) as Record<string, unknown>;
      files = generateComponent(spec, target, content, { rng: c.rng, data: c.data });
    } catch (err) {
      failure = (err as Error).message;
      c.issue(field, DefCode.GENERATION_FAILED, `component '${spec.name}' could not be generated: ${failure}`);
      break;
    }
    const outside = files.find((f) => !inArea(f.path));
    if (outside !== undefined) {
      const what = outside.path === target ? `target_file '${raw}'` : `clutter file ${outside.path} of component '${spec.name}'`;
      const message = `${what} resolves to ${shownPath(c.artifacts, raw, outside.path)}, outside the instance's sandbox area {{artifacts}} (${c.artifacts})`;
      c.issue([...field, 'target_file'], DefCode.OUTSIDE_SANDBOX, message);
      return { generation_successful: false, errors: [`Sandbox generation refused, nothing was written: ${message}`], timestamp: pyIsoLocal(c.clock.now()) };
    }
    for (const f of files) {
      const p = generatedPlaceholder(f);
      if (p !== null) c.issue([...field, 'content'], DefCode.UNRESOLVED_PLACEHOLDER, `generated file ${f.path} contains ${p}, left unresolved after generation`);
    }
    planned.push({ spec, target, files });
  }
  const results: ComponentGeneration[] = [];
  const all: string[] = [];
  for (const [j, p] of planned.entries()) {
    try {
      const created = c.tree.add(p.files, c.write);
      results.push({ name: p.spec.name, type: p.spec.type, target_file_resolved: p.target, files_created: created, errors: [] });
      all.push(...created);
    } catch (err) {
      failure = (err as Error).message;
      c.issue(['sandbox_setup', 'components', j], DefCode.GENERATION_FAILED, `component '${p.spec.name}' could not be written: ${failure}`);
      break;
    }
  }
  if (failure !== null) {
    return { generation_successful: false, errors: [`Sandbox generation failed: ${failure}`], timestamp: pyIsoLocal(c.clock.now()) };
  }
  return { components: results, all_files_created: all, generation_successful: true, errors: [], timestamp: pyIsoLocal(c.clock.now()) };
}

/** True when nothing is at `p` (ENOENT); anything unusual counts as present. */
export function isMissing(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

/** Whether `file` (absolute) stays inside `artifacts` once `..` and symbolic links are resolved (the agent tools' rule). */
function confined(artifacts: string, file: string): boolean {
  try {
    resolveInSandbox(artifacts, file);
    return true;
  } catch (err) {
    if (err instanceof ConfinementError) return false;
    throw err;
  }
}

/** How a refused path is shown: from `{{artifacts}}` when it was written that way, else as given. */
function shownPath(artifacts: string, raw: string, file: string): string {
  const rel = relative(artifacts, file);
  const viaLink = isWithin(artifacts, file) ? ' (through a symbolic link)' : '';
  if (raw.trim().startsWith('{{artifacts}}') || !isAbsolute(raw.trim())) return `{{artifacts}}/${rel}${viaLink}`;
  return `${file}${viaLink}`;
}

/** The first `{{…}}` left in a generated file's text or SQLite cells, or null. */
function generatedPlaceholder(file: GeneratedFile): string | null {
  if (file.kind === 'text') return firstPlaceholder(file.content);
  for (const t of file.tables) {
    for (const row of t.rows) {
      for (const cell of row) {
        const p = typeof cell === 'string' ? firstPlaceholder(cell) : null;
        if (p !== null) return p;
      }
    }
  }
  return null;
}

function deepFixed(value: unknown, fixed: (s: string) => string): unknown {
  if (typeof value === 'string') return fixed(value);
  if (Array.isArray(value)) return value.map((v) => deepFixed(v, fixed));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepFixed(v, fixed)]));
  }
  return value;
}

/** `ComponentSpec.to_dict()`: un-substituted, keys in the reference's order. */
function componentToDict(spec: ComponentSpec): ComponentSpec {
  const out: ComponentSpec = { type: spec.type, name: spec.name };
  if (spec.target_file !== undefined) out.target_file = spec.target_file;
  if (spec.content !== undefined) out.content = spec.content;
  if (spec.config !== undefined) out.config = spec.config;
  if (spec.depends_on !== undefined) out.depends_on = spec.depends_on;
  if (spec.clutter !== undefined) out.clutter = spec.clutter;
  return out;
}
