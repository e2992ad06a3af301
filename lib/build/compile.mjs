#!/usr/bin/env node
/**
 * The compile step: bundles the `picard` CLI (lib/cli/main.ts), the dashboard server (server/main.ts) and the second
 * scoring thread of `picard score` (lib/scoring/score-worker.ts) with esbuild into `.build/cli.mjs`,
 * `.build/server.mjs` and `.build/score-worker.mjs` (ESM, node20, node_modules left external, source maps beside
 * them), so none pays for a TypeScript compiler at start. `npm ci` runs it (`prepare`), `npm start` runs
 * it after `next build` (`prestart`), and every test session runs it first (see lib/testing/entries.ts).
 *
 * `node lib/build/compile.mjs [--outdir DIR]` (`npm run compile`). Plain JavaScript (types in compile.d.mts), so it
 * needs nothing but esbuild and takes well under a second. Each output is written under a temporary name and renamed,
 * so a process starting meanwhile reads the old file or the new one, never half of one. Chunks no output names any
 * more are removed.
 *
 * Bundling moves code, so `import.meta.url` would name the bundle instead of the source file (the bundled suites
 * and the entity word file are found relative to their module). The `source-url` plugin rewrites each
 * `import.meta.url` to the URL of the original .ts file, expressed relative to the bundle so the checkout can move.
 * `import.meta.dirname` / `import.meta.filename` are refused with the file and line, rather than silently
 * pointing into `.build/`.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(ROOT, '.build');
/**
 * Output name (without .mjs) → entry point, relative to the repository root. `score-worker`, `sandbox-writer` and
 * `index-writer` are worker threads (lib/scoring/score-part.ts, lib/sandbox/sandbox-writer.ts, lib/index/index-writer.ts).
 */
export const ENTRIES = { cli: 'lib/cli/main.ts', server: 'server/main.ts', 'score-worker': 'lib/scoring/score-worker.ts', 'sandbox-writer': 'lib/sandbox/write-worker.ts', 'index-writer': 'lib/index/index-thread.ts' };

/** How esbuild names a chunk (`[name]-[hash].mjs`, hash of 8 capitals and digits) and its map. */
const CHUNK_NAME = /^[\w.-]+-[A-Z0-9]{8}\.mjs(\.map)?$/;

/** The esbuild plugin described above; `outdir` is where the bundles go. */
function sourceUrlPlugin(outdir) {
  return {
    name: 'source-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        let text = readFileSync(args.path, 'utf8');
        const loader = args.path.endsWith('.tsx') ? 'tsx' : 'ts';
        const refused = /import\.meta\.(dirname|filename)\b/.exec(text);
        if (refused) {
          const line = text.slice(0, refused.index).split('\n').length;
          return { errors: [{ text: `${refused[0]} would point into the build folder once bundled; use fileURLToPath(new URL('.', import.meta.url))`, location: { file: relative(ROOT, args.path), line, column: 0 } }] };
        }
        if (text.includes('import.meta.url')) {
          const rel = relative(outdir, args.path).split(sep).join('/');
          text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents: text, loader };
      });
    },
  };
}

/** Bundles `entries` (default ENTRIES) into `outdir`; resolves with the files written and the time taken. */
export async function compile({ outdir = BUILD_DIR, entries = ENTRIES } = {}) {
  const t0 = performance.now();
  const { build } = await import('esbuild');
  const out = resolve(outdir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(entries).map(([name, file]) => ({ in: file, out: name })),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports become chunks, so what a command loads lazily (lib/cli/commands/index.ts) stays lazy. Chunks
    // sit beside the entries: the source-url rewrite is relative to `outdir`, so every output must live there.
    splitting: true,
    chunkNames: '[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    sourcesContent: false,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
    write: false,
    plugins: [sourceUrlPlugin(out)],
  });
  mkdirSync(out, { recursive: true });
  // Maps first, so a bundle never names a map that is not there yet.
  const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  // Chunks are content-hashed: drop those no bundle names any more. A running process has loaded its chunks in
  // its first moments (every lazy import is at a command's start), so removing old ones does not disturb it.
  const written = new Set(files.map((f) => f.path));
  for (const name of readdirSync(out)) {
    if (CHUNK_NAME.test(name) && !written.has(join(out, name))) rmSync(join(out, name), { force: true });
  }
  return { files: files.map((f) => f.path), ms: Math.round(performance.now() - t0) };
}

/** esbuild's errors as `file:line:column: message` lines. */
function formatErrors(err) {
  if (!Array.isArray(err?.errors) || err.errors.length === 0) return String(err?.message ?? err);
  return err.errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? process.argv[i + 1] : undefined;
  if (i > 0 && !outdir) {
    process.stderr.write('compile: --outdir needs a folder\n');
    process.exit(2);
  }
  try {
    const { files, ms } = await compile({ outdir });
    const entries = Object.keys(ENTRIES).map((name) => relative(process.cwd(), join(resolve(outdir ?? BUILD_DIR), `${name}.mjs`)));
    const chunks = files.filter((f) => CHUNK_NAME.test(basename(f)) && f.endsWith('.mjs')).length;
    process.stdout.write(`compile: ${entries.join(', ')} (+${chunks} chunks) in ${ms} ms\n`);
  } catch (err) {
    process.stderr.write(`compile failed:\n${formatErrors(err)}\n`);
    process.exit(1);
  }
}
