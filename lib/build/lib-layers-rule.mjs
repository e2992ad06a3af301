/**
 * ESLint rule `picard/lib-layers`: a file in lib/<folder>/ imports only lib folders below <folder> in
 * lib/build/layers.mjs, or its own folder. Every form counts: `import`, `import type`, `export … from`,
 * `import()` and `import('…').T`, relative (`../sandbox/x`, `../../sandbox`) or aliased (`@/lib/sandbox/x`).
 * A folder missing from the order is reported too, so a new folder must be given a place.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIB_LAYERS, layerOf } from './layers.mjs';

const LIB_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * The lib folder a path lies in (`sandbox` for `<lib>/sandbox/x.ts` or `<lib>/sandbox`), '' for lib/ itself and the
 * files directly in it, null outside lib/.
 */
function libFolderOf(abs) {
  const rel = path.relative(LIB_DIR, abs);
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [first, ...rest] = rel.split(path.sep);
  if (rest.length === 0 && layerOf(first) === -1 && !isDirectory(abs)) return '';
  return first;
}

function isDirectory(abs) {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** The absolute path an import specifier names, or null for a package or a non-lib alias. */
function resolveSpecifier(fromFile, spec) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec);
  if (spec === '@/lib' || spec.startsWith('@/lib/')) return path.join(LIB_DIR, spec.slice('@/lib'.length));
  return null;
}

const order = LIB_LAYERS.join(' < ');

/** @type {import('eslint').Rule.RuleModule} */
export const libLayersRule = {
  meta: {
    type: 'problem',
    docs: { description: "lib folders import only folders below them in lib/build/layers.mjs (lib/README.md's order)" },
    schema: [],
    messages: {
      upward: "lib/{{from}} must not import lib/{{to}} ('{{spec}}'): {{to}} is above {{from}} in lib's layer order ({{order}}; lib/build/layers.mjs)",
      root: "lib/{{from}} must not import from lib/ itself ('{{spec}}'): import the folder that holds the concept",
      unplaced: 'lib/{{folder}} has no place in lib/build/layers.mjs: add it to LIB_LAYERS (and to lib/README.md)',
    },
  },
  create(context) {
    const file = context.filename;
    const from = libFolderOf(file);
    if (!from) return {};
    const fromLayer = layerOf(from);
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const target = resolveSpecifier(file, spec);
      if (target === null) return;
      const to = libFolderOf(target);
      if (to === null || to === from) return;
      if (to === '') return context.report({ node: source, messageId: 'root', data: { from, spec } });
      const toLayer = layerOf(to);
      if (toLayer === -1) return context.report({ node: source, messageId: 'unplaced', data: { folder: to } });
      if (fromLayer !== -1 && toLayer > fromLayer) context.report({ node: source, messageId: 'upward', data: { from, to, spec, order } });
    };
    return {
      Program(node) {
        if (fromLayer === -1) context.report({ node, messageId: 'unplaced', data: { folder: from } });
      },
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // typescript-eslint 8 gives the specifier as `source`; older versions as `argument.literal`.
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
    };
  },
};
