/** json_path, json_value, json_count, json_keys, json_sum/avg/max/min, json_collect, json_count_where, json_filter. */
import { pyJsonLoads } from '../py';
import { cached, readUtf8, requireExists, universalNewlines } from './read';
import { structuredFunctions } from './structured';
import { TemplateFunctionFailure } from './target-file';
import type { TemplateContext } from './types';

/** Parses a JSON file like Python `json.load` (ints vs floats kept, dicts as ordered `Map`s). */
export function loadJsonFile(file: string, ctx: TemplateContext): unknown {
  requireExists(file, 'JSON file', ctx);
  return cached(ctx, 'json', file, () => {
    const text = universalNewlines(readUtf8(file, 'Error reading JSON file', ctx));
    try {
      return pyJsonLoads(text);
    } catch (e) {
      throw new TemplateFunctionFailure(`Invalid JSON in file ${file}: ${(e as Error).message}`);
    }
  });
}

/** The JSON template functions. */
export const jsonFunctions = structuredFunctions({
  prefix: 'json',
  label: 'JSON',
  pathLabel: 'JSONPath',
  load: loadJsonFile,
});
