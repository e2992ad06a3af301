import type { RunManager } from './run-manager';

/**
 * The run manager lives on globalThis because Next bundles server actions and route handlers separately
 * from server/main.ts: a module-level singleton would silently split in two (stack.md pitfall 9).
 * This module has type-only imports so Next code can use it without bundling the runner.
 */
const KEY = Symbol.for('picard-live.run-manager');

type Holder = { [KEY]?: RunManager };

export function setRunManager(manager: RunManager): void {
  (globalThis as Holder)[KEY] = manager;
}

/** The process's run manager; throws when the app is not running under server/main.ts. */
export function getRunManager(): RunManager {
  const m = (globalThis as Holder)[KEY];
  if (!m) throw new Error('Run manager not initialised: start the dashboard with `npm start` (server/main.ts), not `next start`');
  return m;
}

/** Like getRunManager but null when absent (static rendering at build time). */
export function findRunManager(): RunManager | null {
  return (globalThis as Holder)[KEY] ?? null;
}
