import type { ComponentSpec } from '../definitions/types';
import { clutterDefaults, clutterGenerators } from './clutter';
import { isRecord } from '../util/is-record';
import { getOr, toPyInt } from './py-values';
import type { GeneratorType } from '../definitions/generator-types';
import { getGenerator, isGeneratorType } from './registry';
import type { GeneratedFile, GeneratorContext } from './types';

/** The word in the reference's failure message for each generator (one per generator type: the compiler asks). */
const KIND: Readonly<Record<GeneratorType, string>> = {
  create_files: 'text',
  create_csv: 'CSV',
  create_sqlite: 'SQLite',
  create_json: 'JSON',
  create_yaml: 'YAML',
  create_xml: 'XML',
};

/**
 * The clutter count of a component: `clutter: {count: N}` or `config: {clutter: {count: N}}` (the
 * generator's default count when `count` is absent), 0 when neither is given. The reference never
 * generates clutter in real runs; PICARD Live does (docs/compat.md).
 */
export function clutterCount(spec: ComponentSpec): number {
  const nested = isRecord(spec.config) ? spec.config.clutter : undefined;
  const clutter = spec.clutter ?? nested;
  if (!isRecord(clutter) || !isGeneratorType(spec.type)) return 0;
  const count = toPyInt(getOr(clutter, 'count', clutterDefaults[spec.type]), 'clutter count');
  return Math.max(0, count);
}

/**
 * Generates a component's files (target first, then clutter) without touching the disk. `content` is the
 * component's content with the instance's variables already substituted; `targetFile` is absolute.
 * Errors are wrapped like the reference: `Failed to generate {KIND} file {target}: {msg}`;
 * an unknown type gives `Unknown generator type: X`.
 */
export function generateComponent(
  spec: ComponentSpec,
  targetFile: string,
  content: Record<string, unknown> | undefined,
  ctx: GeneratorContext,
): GeneratedFile[] {
  const generator = getGenerator(spec.type);
  try {
    const files = generator(targetFile, content ?? {}, ctx);
    const n = clutterCount(spec);
    if (n > 0 && isGeneratorType(spec.type)) files.push(...clutterGenerators[spec.type](targetFile, n, ctx));
    return files;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`Failed to generate ${KIND[spec.type as GeneratorType]} file ${targetFile}: ${msg}`, { cause: err });
  }
}
