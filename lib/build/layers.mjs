/**
 * lib/'s layer order, bottom first: the one place it is written. A folder's non-test sources import only folders
 * listed before it (and their own folder). ESLint enforces it (`picard/lib-layers`, lib/build/lib-layers-rule.mjs,
 * wired in eslint.config.mjs), lib/import-order.test.ts checks that the graph has no cycles and that
 * lib/README.md lists the folders in this order. Plain JavaScript (types in layers.d.mts) so the ESLint config can
 * import it.
 */
export const LIB_LAYERS = Object.freeze([
  'util',
  'py',
  'stats',
  'build',
  'testing',
  'suites',
  'definitions',
  'sandbox',
  'templates',
  'generation',
  'results',
  'scoring',
  'events',
  'agents',
  'index',
  'runner',
  'reports',
  'state',
  'distributed',
  'experiments',
  'cli',
  'bench',
  'live',
]);

/** Position of a lib folder in {@link LIB_LAYERS} (0 = bottom), or -1 when it has none. */
export function layerOf(folder) {
  return LIB_LAYERS.indexOf(folder);
}
