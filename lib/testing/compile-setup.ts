/**
 * Vitest globalSetup: compiles the CLI and the server before any test file runs (and again before each watch-mode
 * rerun), so tests that spawn them (lib/testing/entries.ts) run the current source.
 */
import type { TestProject } from 'vitest/node';
import { compile } from '../build/compile.mjs';

export default async function setup(project: TestProject): Promise<void> {
  await compile();
  project.onTestsRerun(async () => {
    await compile();
  });
}
