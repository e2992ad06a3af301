/** Types of lib/build/compile.mjs (plain JavaScript so `npm ci` can run it without a TypeScript compiler). */

/** The repository root (absolute, with a trailing separator). */
export const ROOT: string;
/** Where `npm ci` / `npm start` put the compiled output: `<root>/.build`. */
export const BUILD_DIR: string;
/** Output name (without .mjs) → entry point, relative to the repository root. */
export const ENTRIES: { readonly cli: string; readonly server: string; readonly 'score-worker': string; readonly 'sandbox-writer': string };

/**
 * Bundles `entries` (output name → entry file relative to the root or absolute; default ENTRIES) into `outdir`
 * (default BUILD_DIR); resolves with the files written and the time taken. Rejects with esbuild's error, whose
 * `errors[]` carry file and line.
 */
export function compile(opts?: { outdir?: string; entries?: Record<string, string> }): Promise<{ files: string[]; ms: number }>;
