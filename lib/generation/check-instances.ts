import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefinitionError } from '../definitions/errors';
import type { DefinitionIssue, TestDefinition } from '../definitions/types';
import { createTemplateCache } from '../templates/file-cache';
import type { Clock } from '../util/clock';
import { buildInstance } from './build-instance';
import type { EntityPools } from './entity-pool';
import { itemKey } from './precheck-entry';

export interface CheckOptions {
  seed: number;
  pools: EntityPools;
  clock: Clock;
  /** How the sandbox root is named in messages (the real one when known); default `<sandbox>`. */
  sandboxLabel?: string;
}

/**
 * Generates every instance of `tests` once, in a private scratch folder that is removed afterwards (each
 * instance's area as soon as it is checked), and returns every problem that makes the definitions unusable:
 * a file outside the instance's sandbox area, a bad variable, an unknown template function, a `{{…}}` left
 * unresolved, a `jsonmatch`/`readfile_jsonmatch` answer key that is not JSON, a failed generator. Instances
 * are deterministic (seed + key), so the real generation meets the same problems. Answer keys whose template
 * functions fail (the reference's documented failing keys) are not problems here: those instances are
 * recorded with `precheck_errors` and errored, the others run.
 *
 * A problem found in several samples of a test is reported once, for its first instance.
 */
export function checkInstances(tests: TestDefinition[], opts: CheckOptions): DefinitionIssue[] {
  const scratch = mkdtempSync(join(tmpdir(), 'picard-check-'));
  const spellings = [realpathSync(scratch), scratch].sort((a, b) => b.length - a.length);
  const label = opts.sandboxLabel ?? '<sandbox>';
  const found = new Map<string, { issue: DefinitionIssue; more: number }>();
  const cache = createTemplateCache();
  try {
    for (const def of tests) {
      for (let s = 1; s <= def.samples; s++) {
        buildInstance(def, s, {
          seed: opts.seed,
          sandboxRoot: scratch,
          pools: opts.pools,
          clock: opts.clock,
          templateCache: cache,
          onIssue: (issue) => {
            const id = `${issue.path}\0${issue.code}`;
            const seen = found.get(id);
            if (seen) seen.more++;
            else found.set(id, { issue: { ...issue, message: spellings.reduce((m, sp) => m.split(sp).join(label), issue.message) }, more: 0 });
          },
        });
        rmSync(join(scratch, itemKey(def.question_id, s)), { recursive: true, force: true });
      }
    }
  } finally {
    cache.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return [...found.values()].map(({ issue, more }) =>
    more === 0 ? issue : { ...issue, message: `${issue.message} (and ${more} more instance${more === 1 ? '' : 's'})` },
  );
}

/**
 * Throws a `DefinitionError` listing every problem `checkInstances` finds (sorted by position), before
 * anything of a run or precheck is written. The CLI (`picard run`, `picard precheck`) and the dashboard's
 * new-run form (through `startRun`) refuse a definitions file with it.
 */
export function assertInstancesValid(tests: TestDefinition[], opts: CheckOptions): void {
  const issues = checkInstances(tests, opts);
  if (issues.length > 0) throw new DefinitionError([...issues].sort((a, b) => a.line - b.line || a.column - b.column));
}
