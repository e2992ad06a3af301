/** The 47 template functions of PICARD, by name (spec §4.3). */
import { csvFunctions } from './csv';
import { fileFunctions } from './file';
import { jsonFunctions } from './json';
import { sqliteFunctions } from './sqlite';
import type { TemplateFunctionSpec } from './types';
import { xmlFunctions } from './xml';
import { yamlFunctions } from './yaml';

/** Every template function: 4 file, 10 CSV, 2 SQLite, 11 JSON, 11 YAML, 9 XPath. */
export const templateFunctions: Readonly<Record<string, TemplateFunctionSpec>> = Object.freeze({
  ...fileFunctions,
  ...csvFunctions,
  ...sqliteFunctions,
  ...jsonFunctions,
  ...yamlFunctions,
  ...xmlFunctions,
});

/** Whether `name` is a registered template function. */
export function isTemplateFunction(name: string): boolean {
  return Object.hasOwn(templateFunctions, name);
}
