import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { resolveInside } from './sandbox-view';

/** A file in an item's sandbox folder; `generated` when the sandbox generator made it, else the agent left it. */
export interface ItemFile {
  rel: string;
  size: number;
  generated: boolean;
}

const MAX_FILES = 300;

/**
 * Every file under an item's sandbox folder (`<sandbox>/<key>/`), with paths relative to the sandbox root,
 * split into what the generator made (`generatedAbs`, from precheck) and what the agent left.
 */
export function listItemFiles(root: string, key: string, generatedAbs: readonly string[]): ItemFile[] {
  const base = resolveInside(root, key);
  if (!base || !existsSync(base)) return [];
  const generated = new Set(generatedAbs.map((f) => path.resolve(f)));
  const out: ItemFile[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FILES) return;
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) walk(abs);
      else if (d.isFile()) out.push({ rel: path.relative(root, abs).split(path.sep).join('/'), size: lstatSync(abs).size, generated: generated.has(abs) });
    }
  };
  walk(base);
  return out;
}
