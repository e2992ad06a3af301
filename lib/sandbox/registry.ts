import { createCsv } from './create-csv';
import { createFiles } from './create-files';
import { createJson } from './create-json';
import { createSqlite } from './create-sqlite';
import { createXml } from './create-xml';
import { createYaml } from './create-yaml';
import { generatorTypes, type GeneratorType } from '../definitions/generator-types';
import type { Generator } from './types';

/** The six sandbox generators by component type (spec §5.1). */
export const generators: Readonly<Record<GeneratorType, Generator>> = {
  create_files: createFiles,
  create_csv: createCsv,
  create_sqlite: createSqlite,
  create_json: createJson,
  create_yaml: createYaml,
  create_xml: createXml,
};

/** True when `type` names one of the six generators. */
export function isGeneratorType(type: string): type is GeneratorType {
  return (generatorTypes as readonly string[]).includes(type);
}

/** The generator for `type`; anything else throws `Unknown generator type: X` (the reference's message). */
export function getGenerator(type: string): Generator {
  if (!isGeneratorType(type)) throw new Error(`Unknown generator type: ${type}`);
  return generators[type];
}
