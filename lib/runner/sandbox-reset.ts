import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDefinition } from '../definitions/types';
import type { InstanceOptions } from '../generation/build-instance';
import { buildInstance } from '../generation/build-instance';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';

/**
 * Restores an instance's sandbox area to its generated state before a retry, so a second attempt never sees
 * what a failed one left behind. Instances are deterministic (seed + key), so regenerating gives the same files.
 */
export function createSandboxReset(tests: TestDefinition[], opts: InstanceOptions): (entry: PrecheckEntry) => void {
  const byId = new Map(tests.map((t) => [String(t.question_id), t]));
  return (entry) => {
    const def = byId.get(String(entry.question_id));
    if (!def) return;
    rmSync(join(opts.sandboxRoot, itemKey(entry.question_id, entry.sample_number)), { recursive: true, force: true });
    buildInstance(def, entry.sample_number, opts);
  };
}
