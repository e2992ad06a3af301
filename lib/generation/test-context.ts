import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source';
import { loadEntityPool, type EntityPools } from './entity-pool';
import { createRng } from '../util/rng';
import type { GeneratorContext } from '../sandbox/types';

let pools: EntityPools | undefined;

/** A real generator context (seeded Rng + real DataSource) for tests and benchmarks. */
export function makeCtx(seed: number | string = 1, scope = 'test'): GeneratorContext {
  pools ??= loadEntityPool();
  const rng = createRng(seed, scope);
  return { rng, data: createDataSource(rng, pools) };
}

/** A fresh temp directory `picard-*`. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
}
