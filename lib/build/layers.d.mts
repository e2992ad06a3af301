/** Types of lib/build/layers.mjs (plain JavaScript so eslint.config.mjs can import it). */

/** lib/'s folders, bottom layer first: each imports only folders before it (and itself). */
export const LIB_LAYERS: readonly string[];
/** Position of a lib folder in LIB_LAYERS (0 = bottom), or -1 when it has none. */
export function layerOf(folder: string): number;
