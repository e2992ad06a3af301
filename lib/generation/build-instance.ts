import { isAbsolute, join, resolve } from 'node:path';
import type { ComponentSpec, TestDefinition } from '../definitions/types';
import { generateComponent } from '../sandbox/generate-component';
import { writeGeneratedFiles } from '../sandbox/write';
import { evaluateTemplates } from '../templates/evaluate';
import type { TemplateCache } from '../templates/types';
import type { Clock } from '../util/clock';
import { pyIsoLocal } from '../util/clock';
import { createDataSource } from './data-source';
import type { EntityPools } from './entity-pool';
import type { ComponentGeneration, PrecheckEntry, SandboxGeneration } from './precheck-entry';
import { itemKey } from './precheck-entry';
import { createRng } from './rng';
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
}

/**
 * Builds one test instance (a precheck entry) and writes its sandbox files. Every variable has one value for
 * the whole instance (question, answer fields, target files and generator content alike).
 */
export function buildInstance(def: TestDefinition, sample: number, opts: InstanceOptions): PrecheckEntry {
  const key = itemKey(def.question_id, sample);
  const artifacts = join(opts.sandboxRoot, key);
  const rng = createRng(opts.seed, key);
  const data = createDataSource(rng, opts.pools);
  const scope = new VariableScope(rng, opts.pools, data);
  const errors: string[] = [];
  const fixed = (s: string) => s.split('{{artifacts}}').join(artifacts).split('{{qs_id}}').join(key);
  const vars = (s: string): string => {
    try {
      return scope.substitute(s);
    } catch (err) {
      errors.push((err as Error).message);
      return s;
    }
  };

  let question = vars(def.template);
  const structure = def.expected_structure?.map(vars);
  if (structure && question.includes('{{expected_structure}}')) {
    question = question.split('{{expected_structure}}').join(expectedStructureBlock(structure));
  }
  const later = {
    file_to_read: def.file_to_read === undefined ? undefined : fixed(vars(def.file_to_read)),
    files_to_check: def.files_to_check?.map((f) => fixed(vars(f))),
    expected_content: def.expected_content === undefined ? undefined : vars(def.expected_content),
    expected_response: def.expected_response === undefined ? undefined : vars(def.expected_response),
  };

  const entry: PrecheckEntry = {
    scoring_type: def.scoring_type,
    question_id: def.question_id,
    sample_number: sample,
    template: def.template,
    substituted_question: fixed(question),
  };
  const components = def.sandbox_setup?.components ?? [];
  const resolvedTargets: Array<{ name: string; targetFile: string }> = [];
  let generation: SandboxGeneration | undefined;
  if (components.length > 0) {
    generation = generateSandbox(components, { scope, vars, fixed, artifacts, rng, data, resolvedTargets, clock: opts.clock });
  }
  Object.assign(entry, scope.variables());
  if (components.length > 0) {
    entry.sandbox_components = components.map(componentToDict);
    entry.sandbox_generation = generation;
  }
  const evaluate = (field: string, text: string): string => {
    try {
      return evaluateTemplates(fixed(text), { baseDir: artifacts, components: resolvedTargets, cache: opts.templateCache });
    } catch (err) {
      errors.push(`${field}: ${(err as Error).message}`);
      return fixed(text);
    }
  };
  if (later.file_to_read !== undefined) entry.file_to_read = later.file_to_read;
  if (later.expected_content !== undefined) {
    entry.expected_content_before_template_functions = later.expected_content;
    entry.expected_content = evaluate('expected_content', later.expected_content);
  }
  if (later.files_to_check !== undefined) entry.files_to_check = later.files_to_check;
  if (structure !== undefined) entry.expected_paths = structure.map(fixed);
  if (later.expected_response !== undefined) {
    entry.expected_response_before_template_functions = later.expected_response;
    entry.expected_response = evaluate('expected_response', later.expected_response);
  }
  if (errors.length > 0) entry.precheck_errors = errors;
  return entry;
}

interface SandboxCtx {
  scope: VariableScope;
  vars: (s: string) => string;
  fixed: (s: string) => string;
  artifacts: string;
  rng: ReturnType<typeof createRng>;
  data: ReturnType<typeof createDataSource>;
  resolvedTargets: Array<{ name: string; targetFile: string }>;
  clock: Clock;
}

/** Generates the components in declared order; the first failure stops the rest (reference behaviour). */
function generateSandbox(components: ComponentSpec[], c: SandboxCtx): SandboxGeneration {
  const results: ComponentGeneration[] = [];
  const all: string[] = [];
  for (const spec of components) {
    const raw = spec.target_file ?? '';
    const substituted = c.fixed(c.vars(raw.split('{{artifacts}}').join(c.artifacts)));
    const target = isAbsolute(substituted) ? substituted : resolve(c.artifacts, substituted);
    c.resolvedTargets.push({ name: spec.name, targetFile: target });
    try {
      const content = deepFixed(c.scope.substituteDeep(spec.content ?? {}), c.fixed) as Record<string, unknown>;
      const files = generateComponent(spec, target, content, { rng: c.rng, data: c.data });
      const created = writeGeneratedFiles(files);
      results.push({ name: spec.name, type: spec.type, target_file_resolved: target, files_created: created, errors: [] });
      all.push(...created);
    } catch (err) {
      return {
        generation_successful: false,
        errors: [`Sandbox generation failed: ${(err as Error).message}`],
        timestamp: pyIsoLocal(c.clock.now()),
      };
    }
  }
  return { components: results, all_files_created: all, generation_successful: true, errors: [], timestamp: pyIsoLocal(c.clock.now()) };
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
