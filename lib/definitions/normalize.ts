import type { ParsedTest } from './schema';
import type { ComponentSpec, TestDefinition } from './types';

type ParsedComponent = NonNullable<ParsedTest['sandbox_setup']>['components'][number];

/** Copies only present values: YAML `key:` (null) means "not given", as in the reference's falsy checks. */
function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/**
 * A schema-validated component as the `ComponentSpec` contract. `clutter` comes from the component's own
 * `clutter:` or else from `config.clutter` (PLANS naming), so generators look in one place.
 */
export function toComponentSpec(c: ParsedComponent): ComponentSpec {
  const spec: ComponentSpec = { type: c.type, name: c.name };
  if (present(c.target_file)) spec.target_file = c.target_file;
  if (present(c.content)) spec.content = c.content;
  if (present(c.config)) spec.config = c.config;
  if (present(c.depends_on)) spec.depends_on = c.depends_on;
  const clutter = c.clutter ?? c.config?.clutter;
  if (present(clutter)) spec.clutter = clutter;
  return spec;
}

/** A schema-validated test as the `TestDefinition` contract, keys in the reference's order, absent keys omitted. */
export function toTestDefinition(t: ParsedTest, source: TestDefinition['source']): TestDefinition {
  const def: TestDefinition = {
    question_id: t.question_id,
    samples: t.samples,
    template: t.template,
    scoring_type: t.scoring_type,
  };
  if (present(t.expected_response)) def.expected_response = t.expected_response;
  if (present(t.file_to_read)) def.file_to_read = t.file_to_read;
  if (present(t.expected_content)) def.expected_content = t.expected_content;
  if (present(t.files_to_check)) def.files_to_check = t.files_to_check;
  if (present(t.expected_structure)) def.expected_structure = t.expected_structure;
  if (present(t.sandbox_setup)) def.sandbox_setup = { components: t.sandbox_setup.components.map(toComponentSpec) };
  if (source) def.source = source;
  return def;
}
