#!/usr/bin/env node
// Entry for `npx picard`: runs the compiled CLI (.build/cli.mjs, bundled from lib/cli/main.ts by
// lib/build/compile.mjs, which `npm ci` runs as `prepare`). No TypeScript compiler at start.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../.build/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(`picard: the compiled CLI ${fileURLToPath(bundle)} is missing: run \`npm run compile\` (npm ci runs it)\n`);
  process.exit(1);
}
// Stack traces name the TypeScript sources (the compile writes source maps beside the bundle).
process.setSourceMapsEnabled(true);
const { main } = await import(bundle.href);
try {
  await main(process.argv);
} catch (err) {
  process.stderr.write(`picard: ${err?.message ?? String(err)}\n`);
  process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : 1);
}
