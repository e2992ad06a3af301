import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * For a test file: `tempDir()` makes a fresh real folder (symlinks resolved, so paths compare as written), and every
 * folder made is removed after each test.
 */
export function useTempDirs(prefix: string): () => string {
  const temps: string[] = [];
  afterEach(() => {
    for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    temps.push(d);
    return d;
  };
}

/** Every file below `dir` (relative path → bytes as base64), in path order; none when it does not exist. */
export function filesBelow(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
  for (const f of files.sort()) out[f.slice(dir.length + 1)] = readFileSync(f).toString('base64');
  return out;
}
