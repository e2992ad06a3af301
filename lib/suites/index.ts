import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A definitions file shipped with PICARD Live. */
export interface BundledSuite {
  id: string;
  title: string;
  description: string;
  file: string;
}

const suite = (id: string, title: string, description: string): BundledSuite => ({
  id,
  title,
  description,
  file: fileURLToPath(new URL(`./${id}.yaml`, import.meta.url)),
});

const SUITES: BundledSuite[] = [
  suite('quickstart', 'Quick start (18 items)', 'One test per scoring type, 3 samples each: watch a run in seconds.'),
  suite('standard', 'PICARD Live standard (120 items)', 'Files, text, CSV, SQLite, JSON, YAML and XML tasks across all six scoring types.'),
];

/** The bundled suites (definitions files under lib/suites/). */
export function listBundledSuites(): BundledSuite[] {
  return SUITES.filter((s) => existsSync(s.file));
}

/** A bundled suite by id, or undefined. */
export function findBundledSuite(id: string): BundledSuite | undefined {
  return listBundledSuites().find((s) => s.id === id);
}
