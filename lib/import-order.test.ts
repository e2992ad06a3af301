import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIB_LAYERS, layerOf } from './build/layers.mjs';

/**
 * lib/'s layer order (lib/build/layers.mjs, listed in lib/README.md): ESLint's `picard/lib-layers` rule checks each
 * import; this test checks the whole graph of lib's non-test sources (type imports included: a type cycle is still
 * a cycle) for cycles between folders and between files, and that the README lists the order as it is.
 */

const libDir = path.dirname(fileURLToPath(import.meta.url));

const SOURCE = /\.(ts|tsx|mjs)$/;
const IMPORT = /(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The lib file (relative to lib/) an import specifier names, or null for a package or a path outside lib/. */
function resolveImport(fromFile: string, spec: string): string | null {
  const abs = spec.startsWith('.') ? path.resolve(path.dirname(fromFile), spec) : spec.startsWith('@/lib/') ? path.join(libDir, spec.slice(6)) : null;
  if (!abs) return null;
  const bare = abs.replace(/\.js$/, '');
  for (const candidate of [abs, `${bare}.ts`, `${bare}.tsx`, `${bare}.mjs`, path.join(abs, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      const rel = path.relative(libDir, candidate);
      return rel.startsWith('..') ? null : rel;
    }
  }
  return null;
}

/** File → the lib files it imports, for every non-test source under lib/. */
function fileGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const rel of readdirSync(libDir, { recursive: true, encoding: 'utf8' })) {
    if (!SOURCE.test(rel) || /\.test\.tsx?$/.test(rel) || rel.split(path.sep).includes('node_modules')) continue;
    const file = path.join(libDir, rel);
    const targets = new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveImport(file, m[1] ?? m[2] ?? m[3]);
      if (target && target !== rel) targets.add(target);
    }
    graph.set(rel, [...targets].sort());
  }
  return graph;
}

const folderOf = (rel: string): string => rel.split(path.sep)[0];

/** Folder → the other lib folders it imports, each edge with the importing files (for the message). */
function folderGraph(files: Map<string, string[]>): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const [from, targets] of files) {
    for (const to of targets) {
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b) continue;
      const edges = graph.get(a) ?? new Map<string, string[]>();
      edges.set(b, [...(edges.get(b) ?? []), `${from} => ${to}`]);
      graph.set(a, edges);
    }
  }
  return graph;
}

/** A cycle in a directed graph as the path `a, b, …, a` (depth-first, nodes in sorted order), or null when there is none. */
function findCycle(graph: ReadonlyMap<string, Iterable<string>>): string[] | null {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = onPath.indexOf(node);
    if (at !== -1) return [...onPath.slice(at), node];
    if (done.has(node)) return null;
    onPath.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('findCycle', () => {
  it('finds a cycle and returns its path, closed', () => {
    const graph = new Map([['a', ['b']], ['b', ['c', 'd']], ['c', ['a']], ['d', []]]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['x', ['y']], ['y', ['z']], ['z', ['y']]]))).toEqual(['y', 'z', 'y']);
  });

  it('returns null for a DAG, shared descendants included', () => {
    expect(findCycle(new Map([['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]]))).toBeNull();
  });
});

describe('lib import order (lib/build/layers.mjs, lib/README.md)', () => {
  const files = fileGraph();
  const folders = folderGraph(files);

  it('every lib folder has exactly one place in the order, and the order names only lib folders', () => {
    const dirs = readdirSync(libDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect([...LIB_LAYERS].sort()).toEqual(dirs);
    expect(new Set(LIB_LAYERS).size).toBe(LIB_LAYERS.length);
  });

  it("lib/README.md lists the folders in the order's sequence, one line each", () => {
    const readme = readFileSync(path.join(libDir, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- layers:');
    expect(start).toBeGreaterThan(-1);
    const listed = [...readme.slice(start).split('\n\n')[0].matchAll(/^- `([\w-]+)` — /gm)].map((m) => m[1]);
    expect(listed).toEqual([...LIB_LAYERS]);
  });

  it('no folder imports a folder above it', () => {
    const upward = [...folders].flatMap(([from, edges]) =>
      [...edges].filter(([to]) => layerOf(to) > layerOf(from)).map(([to, via]) => `${from} -> ${to} (${via.join(', ')})`),
    );
    expect(upward).toEqual([]);
  });

  it('no cycle between folders', () => {
    const cycle = findCycle(new Map([...folders].map(([from, edges]) => [from, edges.keys()])));
    const via = cycle?.slice(1).map((to, i) => folders.get(cycle[i])?.get(to)?.join(', '));
    expect(cycle && `${cycle.join(' -> ')}\n  ${via?.join('\n  ')}`).toBeNull();
  });

  it('no cycle between files', () => {
    expect(files.size).toBeGreaterThan(100);
    expect(findCycle(files)?.join(' -> ') ?? null).toBeNull();
  });
});
