#!/usr/bin/env node
// Entry for `npx picard`: runs the TypeScript CLI through tsx in this same process.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, 'main.ts')).href);
try {
  await main(process.argv);
} catch (err) {
  process.stderr.write(`picard: ${err?.message ?? String(err)}\n`);
  process.exit(typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : 1);
}
