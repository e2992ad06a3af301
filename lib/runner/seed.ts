import { randomInt } from 'node:crypto';

/**
 * A fresh seed for runs and prechecks started without `--seed` (recorded in the manifest, so the run is
 * reproducible). Its own module: `picard precheck` needs it without loading the runner (agents, openai).
 */
export function freshSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}
