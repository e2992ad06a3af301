import { pyTruthy } from '../py';
import { getOr } from './py-values';
import { pyYamlDump } from './pyyaml-dump';
import { defaultDocument, generateFromSchema } from './schema';
import type { Generator } from './types';

/**
 * `create_yaml` (spec §5.7): the same schema language as `create_json`, written like PyYAML's
 * `yaml.dump(default_flow_style=False, indent=2, allow_unicode=True, sort_keys=False)` (final newline).
 */
export const createYaml: Generator = (targetFile, content, ctx) => {
  const schema = getOr(content, 'schema', {});
  const doc = !pyTruthy(schema) ? defaultDocument(ctx) : generateFromSchema(schema, ctx);
  return [{ path: targetFile, kind: 'text', content: pyYamlDump(doc) }];
};
