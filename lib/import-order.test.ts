import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * lib/README.md's dependency order: a folder imports only from folders on a lower level or its own (same-level
 * edges are allowed). `suites` and `testing` import nothing of lib: they sit with `util`.
 */
const LEVEL: Record<string, number> = {
  util: 0, py: 0, stats: 0, suites: 0, testing: 0, build: 0,
  definitions: 1, generation: 1, sandbox: 1, templates: 1,
  scoring: 2, agents: 2, results: 2, events: 2,
  runner: 3, index: 3,
  reports: 4, state: 4, experiments: 4, distributed: 4, cli: 4, bench: 4,
  live: 5,
};


const libDir = path.dirname(fileURLToPath(import.meta.url));

/** `from -> to` for every import of another lib folder in non-test sources, with the importing files. */
function libEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const rel of readdirSync(libDir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(rel) || /\.test\.tsx?$/.test(rel) || rel.split(path.sep).includes('node_modules')) continue;
    const from = rel.split(path.sep)[0];
    const file = path.join(libDir, rel);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      const target = spec.startsWith('.') ? path.relative(libDir, path.resolve(path.dirname(file), spec)) : spec.startsWith('@/lib/') ? spec.slice(6) : null;
      const to = target?.split(/[\\/]/)[0];
      if (!to || to === from || to.startsWith('..')) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), rel]);
    }
  }
  return edges;
}

describe('lib import order (lib/README.md)', () => {
  it('every lib folder has a level', () => {
    const folders = readdirSync(libDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => LEVEL[f] === undefined)).toEqual([]);
  });

  it('no folder imports from a folder above it', () => {
    const upward = [...libEdges()].filter(([key]) => {
      const [a, b] = key.split(' -> ');
      return LEVEL[b] > LEVEL[a];
    });
    expect(upward.map(([key, files]) => `${key} (${[...new Set(files)].join(', ')})`)).toEqual([]);
  });
});
