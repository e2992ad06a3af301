import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

/** commander parser for integer flags. */
export function intArg(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError(`expected an integer, got '${v}'`);
  return Number(v);
}

/** commander parser for numeric flags. */
export function numArg(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${v}'`);
  return n;
}

/** `$PICARD_RESULTS_DIR` or `./results`. */
export function defaultResultsDir(): string {
  return resolve(process.env.PICARD_RESULTS_DIR ?? 'results');
}
