/** yaml_path … yaml_filter: the json_* logic on PyYAML-like `safe_load` output (spec §4.3). */
import { cached, readUtf8, requireExists, universalNewlines } from './read';
import { structuredFunctions } from './structured';
import { TemplateFunctionFailure } from './target-file';
import type { TemplateContext } from './types';
import { parsePyYaml, YamlSyntaxError } from './yaml-load';

/** Parses a YAML file like PyYAML `safe_load` (see yaml-load.ts). */
export function loadYamlFile(file: string, ctx: TemplateContext): unknown {
  requireExists(file, 'YAML file', ctx);
  return cached(ctx, 'yaml', file, () => {
    const text = universalNewlines(readUtf8(file, 'Error reading YAML file', ctx));
    try {
      return parsePyYaml(text);
    } catch (e) {
      const msg = (e as Error).message;
      if (e instanceof YamlSyntaxError) throw new TemplateFunctionFailure(`Invalid YAML in file ${file}: ${msg}`);
      throw new TemplateFunctionFailure(`Error reading YAML file ${file}: ${msg}`);
    }
  });
}

/** The YAML template functions. */
export const yamlFunctions = structuredFunctions({
  prefix: 'yaml',
  label: 'YAML',
  pathLabel: 'YAML path',
  load: loadYamlFile,
});
