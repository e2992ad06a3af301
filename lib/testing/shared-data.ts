import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The reference compatibility data (`shared/`: the Python reference's definition files, entity pool and scorer
 * verdicts), used by compatibility tests and the benchmark only — never copied into the product. Looked up in
 * `$PICARD_SHARED_DIR`, then beside the repository (`../shared`), then `/work/shared`; null when absent, and the
 * tests that need it are skipped (saying so) rather than failing on a machine without it.
 */
export const sharedDir: string | null =
  [process.env.PICARD_SHARED_DIR, resolve(repoRoot, '../shared'), '/work/shared'].find(
    (d): d is string => !!d && existsSync(resolve(d, 'picard')),
  ) ?? null;

/** A path inside the shared data (only meaningful when `sharedDir` is not null). */
export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir ?? '/nonexistent-shared', ...parts);
}
