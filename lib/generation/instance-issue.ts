import type { DefinitionIssue, TestDefinition } from '../definitions/types';
import { formatPath, type YamlPath } from '../definitions/yaml-source';

/**
 * A problem found while generating one instance, located like a parse error: the definitions file, the
 * field's YAML path (`tests[2].sandbox_setup.components[0].target_file`) and line, and the instance key at
 * the start of the message (`q3_s1: …`).
 */
export function instanceIssue(def: TestDefinition, key: string, field: YamlPath, code: string, message: string): DefinitionIssue {
  const rel = formatPath(field);
  const src = def.source;
  const pos = src?.positions?.[rel] ?? { line: src?.line ?? 0, column: src ? 1 : 0 };
  const base = src?.path ?? `tests[question_id ${String(def.question_id)}]`;
  return {
    file: src?.file ?? '(definitions)',
    path: rel === '' ? base : `${base}.${rel}`,
    line: pos.line,
    column: pos.column,
    message: `${key}: ${message}`,
    code,
  };
}
