/**
 * The experiment file of `picard sweep` (docs/experiments.md): one suite, one seed, many agent configurations.
 * Parsed with the definitions' YAML reader so every problem is reported at its file:line:column and YAML path;
 * unknown keys are errors here (a misspelt `acuracy` would silently compare the wrong configurations).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DefinitionError, type DefinitionIssue } from '../definitions/errors';
import { describeValue } from '../definitions/schema-messages';
import { formatPath, locate, parseYamlSource, type YamlPath, type YamlSource } from '../definitions/yaml-source';
import { findBundledSuite } from '../suites';
import { isRecord } from '../util/is-record';
import type { AgentConfig } from '../agents/agent-kinds';
import { agentConfigOf, agentEntryKeys, agentKinds, type AgentEntryIssue } from './agent-entry';

/** Stable issue codes of experiment files (same issue shape and formatting as definitions'). */
export const ExpCode = {
  FILE: 'EXP_FILE',
  YAML_SYNTAX: 'EXP_YAML_SYNTAX',
  MISSING_FIELD: 'EXP_MISSING_FIELD',
  BAD_VALUE: 'EXP_BAD_VALUE',
  UNKNOWN_KEY: 'EXP_UNKNOWN_KEY',
  DUPLICATE_LABEL: 'EXP_DUPLICATE_LABEL',
  DEFINITIONS: 'EXP_DEFINITIONS',
} as const;

/** Thrown for an unusable experiment file; `issues` lists every problem, each located. */
export class ExperimentError extends DefinitionError {
  constructor(issues: DefinitionIssue[]) {
    super(issues);
    this.name = 'ExperimentError';
  }
}

/** A model entry's agent key refused by its kind, located at the key (or at the entry when it is missing). */
function agentIssue(i: AgentEntryIssue, src: YamlSource, at: YamlPath, value: unknown): Located {
  if (i.missing) return { path: formatPath([...at, i.key]), ...locate(src, at), message: `Missing required field '${i.key}'`, code: ExpCode.MISSING_FIELD };
  const p = [...at, i.key];
  return { path: formatPath(p), ...locate(src, p), message: `'${i.key}' ${i.message}, got ${describeValue(value)}`, code: ExpCode.BAD_VALUE };
}

/** Run options a configuration takes, at the top of the file (defaults) or per model (overrides). */
export interface ConfigRunOptions {
  concurrency?: number;
  retries?: number;
  delayS?: number;
  maxErrors?: number;
  failFast?: boolean;
}

export interface PricePerMTok {
  input: number;
  output: number;
}

/** One model row, resolved: its agent settings (no secret: only the env var name) and run options. */
export interface ExperimentConfiguration {
  label: string;
  agent: AgentConfig;
  options: ConfigRunOptions;
  price?: PricePerMTok;
}

/** An experiment file, validated and resolved (paths absolute, top-level defaults applied). */
export interface ExperimentSpec {
  /** The experiment file (absolute). */
  file: string;
  name: string;
  /** Absolute path of the definitions file. */
  definitionsFile: string;
  /** As written (`suites/past.yaml`, `quickstart`). */
  definitions: string;
  seed?: number;
  samples?: number;
  entityPoolFile?: string;
  configurations: ExperimentConfiguration[];
}

const positiveInt = z.int('expected an integer').min(1, 'must be at least 1');
const nonNegativeInt = z.int('expected an integer').min(0, 'must not be negative');
const nonNegative = z.number('expected a number').min(0, 'must not be negative');
const text = z.string('expected a string').trim().min(1, 'must not be empty');

/** Options of a single run, accepted at the top and per model (YAML key → schema). */
const runOptionKeys = {
  concurrency: positiveInt,
  retries: nonNegativeInt,
  delay: nonNegative,
  max_errors: positiveInt,
  fail_fast: z.boolean('expected true or false'),
} as const;

/** Agent options that several kinds share, accepted at the top as defaults for the kinds that take them. */
const sharedAgentKeys = ['max_rounds', 'request_timeout_s'] as const;

const topSchema = z.strictObject({
  name: text,
  definitions: text,
  seed: z.int('expected an integer').min(0, 'must not be negative').optional(),
  samples: nonNegativeInt.optional(),
  entity_pool: text.optional(),
  ...Object.fromEntries(Object.entries(runOptionKeys).map(([k, s]) => [k, s.optional()])),
  max_rounds: positiveInt.optional(),
  request_timeout_s: z.number('expected a number').positive('must be positive').optional(),
  models: z.array(z.unknown(), 'expected a list of models').min(1, 'needs at least one model'),
});

const priceSchema = z.strictObject({ input: nonNegative, output: nonNegative });

const modelCommon = {
  label: text,
  price_per_mtok: priceSchema.optional(),
  ...Object.fromEntries(Object.entries(runOptionKeys).map(([k, s]) => [k, s.optional()])),
};

type Located = Omit<DefinitionIssue, 'file'>;

function zodIssues(issues: z.core.$ZodIssue[], src: YamlSource, base: YamlPath): Located[] {
  const out: Located[] = [];
  for (const i of issues) {
    const path = [...base, ...i.path];
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        const keyPath = [...path, key];
        out.push({ path: formatPath(keyPath), ...locate(src, keyPath, 'key'), message: `Unknown key '${key}'`, code: ExpCode.UNKNOWN_KEY });
      }
      continue;
    }
    const input = (i as { input?: unknown }).input;
    const missing = input === undefined && (i.code === 'invalid_type' || i.code === 'invalid_value');
    const field = String(i.path.at(-1) ?? '');
    const message = missing ? `Missing required field '${field}'` : `'${field || formatPath(path)}' ${i.message}, got ${describeValue(input)}`;
    out.push({ path: formatPath(path), ...locate(src, path), message, code: missing ? ExpCode.MISSING_FIELD : ExpCode.BAD_VALUE });
  }
  return out;
}

function resolveDefinitions(value: string, experimentFile: string): string {
  const bundled = findBundledSuite(value);
  if (bundled) return bundled.file;
  return isAbsolute(value) ? value : resolve(dirname(experimentFile), value);
}

/** Parses and validates experiment YAML text. Throws an `ExperimentError` listing every problem, located. */
export function parseExperimentText(textIn: string, file: string): ExperimentSpec {
  const abs = resolve(file);
  const withFile = (l: Located): DefinitionIssue => ({ file: abs, ...l });
  const { src, data } = readMapping(textIn, withFile);

  const issues: Located[] = [];
  const top = topSchema.safeParse(data, { reportInput: true });
  if (!top.success) issues.push(...zodIssues(top.error.issues, src, []));
  const defaults = (top.success ? top.data : data) as Record<string, unknown>;

  const configurations: ExperimentConfiguration[] = [];
  const labels = new Map<string, number>();
  const models = Array.isArray(data.models) ? data.models : [];
  models.forEach((entry, i) => {
    const configuration = parseModel(entry, i, { src, defaults, labels, issues });
    if (configuration !== null) configurations.push(configuration);
  });

  if (issues.length > 0 || !top.success) {
    throw new ExperimentError(issues.sort((a, b) => a.line - b.line || a.column - b.column).map(withFile));
  }
  const t = top.data;
  const definitionsFile = resolveDefinitions(t.definitions, abs);
  return {
    file: abs,
    name: t.name,
    definitions: t.definitions,
    definitionsFile,
    seed: t.seed,
    samples: t.samples,
    entityPoolFile: t.entity_pool === undefined ? undefined : resolve(dirname(abs), t.entity_pool),
    configurations,
  };
}

/** The file's YAML, which must parse and be a mapping; throws an `ExperimentError` otherwise. */
function readMapping(textIn: string, withFile: (l: Located) => DefinitionIssue): { src: YamlSource; data: Record<string, unknown> } {
  const { source: src, errors } = parseYamlSource(textIn);
  if (errors.length > 0) {
    throw new ExperimentError(errors.map((e) => withFile({ path: '', line: e.line, column: e.column, message: `Invalid YAML: ${e.message}`, code: ExpCode.YAML_SYNTAX })));
  }
  let data: unknown;
  try {
    data = src.doc.toJS();
  } catch (e) {
    throw new ExperimentError([withFile({ path: '', line: 1, column: 1, message: `Invalid YAML: ${(e as Error).message}`, code: ExpCode.YAML_SYNTAX })]);
  }
  if (!isRecord(data)) throw new ExperimentError([withFile({ path: '', line: 1, column: 1, message: `An experiment file is a mapping (name, definitions, seed, models), got ${describeValue(data)}`, code: ExpCode.BAD_VALUE })]);
  return { src, data };
}

/**
 * One `models[i]` entry as a configuration, or null when it has problems (pushed, located, to `c.issues`).
 * `c.labels` holds the labels seen so far (label → index), to refuse a repeated one.
 */
function parseModel(entry: unknown, i: number, c: { src: YamlSource; defaults: Record<string, unknown>; labels: Map<string, number>; issues: Located[] }): ExperimentConfiguration | null {
  const { src, defaults, labels, issues } = c;
  const at: YamlPath = ['models', i];
  if (!isRecord(entry)) {
    issues.push({ path: formatPath(at), ...locate(src, at), message: `A model is a mapping with at least 'label' and 'agent', got ${describeValue(entry)}`, code: ExpCode.BAD_VALUE });
    return null;
  }
  if (typeof entry.label === 'string') {
    const label = entry.label.trim();
    const p = [...at, 'label'];
    if (labels.has(label)) {
      issues.push({ path: formatPath(p), ...locate(src, p), message: `Label '${label}' is already used by models[${labels.get(label)}]: labels name the configurations' run folders and must differ`, code: ExpCode.DUPLICATE_LABEL });
      return null;
    }
    labels.set(label, i);
  }
  const kind = entry.agent;
  if (typeof kind !== 'string' || !(agentKinds as readonly string[]).includes(kind)) {
    const p = [...at, 'agent'];
    issues.push({
      path: formatPath(p), ...locate(src, p),
      message: kind === undefined ? "Missing required field 'agent'" : `'agent' must be one of ${agentKinds.join(', ')}, got ${describeValue(kind)}`,
      code: kind === undefined ? ExpCode.MISSING_FIELD : ExpCode.BAD_VALUE,
    });
    return null;
  }
  const k = kind as AgentConfig['kind'];
  const schema = z.strictObject({ ...modelCommon, agent: z.literal(k), ...agentEntryKeys[k] });
  const parsed = schema.safeParse(entry, { reportInput: true });
  // Top-level shared agent options are defaults for the kinds that take them.
  const withDefaults: Record<string, unknown> = { ...entry };
  for (const key of sharedAgentKeys) {
    if (withDefaults[key] === undefined && key in agentEntryKeys[k]) withDefaults[key] = defaults[key];
  }
  // The agent's own keys are checked by its kind (the same rules as `picard run`'s flags and the form).
  const agent = agentConfigOf(k, withDefaults);
  if (!parsed.success || 'issues' in agent) {
    if (!parsed.success) issues.push(...zodIssues(parsed.error.issues, src, at));
    if ('issues' in agent) issues.push(...agent.issues.map((i) => agentIssue(i, src, at, withDefaults[i.key])));
    return null;
  }
  const e = parsed.data as Record<string, unknown>;
  const pick = <T>(key: string): T | undefined => (e[key] ?? defaults[key]) as T | undefined;
  return {
    label: String(e.label),
    agent: agent.config,
    options: { concurrency: pick('concurrency'), retries: pick('retries'), delayS: pick('delay'), maxErrors: pick('max_errors'), failFast: pick('fail_fast') },
    ...(e.price_per_mtok ? { price: e.price_per_mtok as PricePerMTok } : {}),
  };
}

/** Reads an experiment file and parses it like {@link parseExperimentText}. */
export function loadExperimentFile(file: string): ExperimentSpec {
  let textIn: string;
  try {
    textIn = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? `Experiment file not found: ${file}` : `Cannot read experiment file: ${err.message}`;
    throw new ExperimentError([{ file: resolve(file), path: '', line: 0, column: 0, message, code: ExpCode.FILE }]);
  }
  return parseExperimentText(textIn, file);
}

/** Where `definitions:` is in the file, for reporting a definitions problem against the experiment file. */
export function definitionsIssue(spec: ExperimentSpec, message: string): ExperimentError {
  const { source } = parseYamlSource(readFileSync(spec.file, 'utf8'));
  return new ExperimentError([{ file: spec.file, path: 'definitions', ...locate(source, ['definitions']), message, code: ExpCode.DEFINITIONS }]);
}
