import type { TestDefinition } from '../definitions/types';
import type { InstanceOptions } from './build-instance';
import { buildInstance, planInstance } from './build-instance';
import type { PrecheckEntry } from './precheck-entry';
import { createTemplateCache } from '../templates/file-cache';
import { resolveInSandbox } from '../sandbox/confine';

/** All instances of a definitions file in the reference's order (tests in file order, samples 1..N), lazily. */
export function* buildInstances(tests: TestDefinition[], opts: InstanceOptions): Generator<PrecheckEntry> {
  const own = opts.templateCache ? null : createTemplateCache();
  const o = { ...opts, templateCache: opts.templateCache ?? own!, realSandboxRoot: opts.realSandboxRoot ?? resolveInSandbox('/', opts.sandboxRoot) };
  try {
    for (const def of tests) {
      for (let s = 1; s <= def.samples; s++) yield buildInstance(def, s, o);
    }
  } finally {
    own?.close();
  }
}

/**
 * The entries of `buildInstances`, generated in memory only: nothing is written (the entries are those of
 * instances whose every file could be written).
 */
export function* planInstances(tests: TestDefinition[], opts: InstanceOptions): Generator<PrecheckEntry> {
  const own = opts.templateCache ? null : createTemplateCache();
  const o = { ...opts, templateCache: opts.templateCache ?? own!, realSandboxRoot: opts.realSandboxRoot ?? resolveInSandbox('/', opts.sandboxRoot) };
  try {
    for (const def of tests) {
      for (let s = 1; s <= def.samples; s++) yield planInstance(def, s, o, false).entry;
    }
  } finally {
    own?.close();
  }
}

/** Number of instances a definitions file produces. */
export function countInstances(tests: TestDefinition[]): number {
  return tests.reduce((n, t) => n + t.samples, 0);
}
