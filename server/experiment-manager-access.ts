import type { ExperimentManager } from './experiment-manager';

/**
 * The experiment manager lives on globalThis beside the run manager (see run-manager-access.ts: Next bundles
 * pages, server actions and route handlers apart from server/main.ts). Type-only imports, so Next code can use it
 * without bundling the sweep runner.
 */
const KEY = Symbol.for('picard-live.experiment-manager');

type Holder = { [KEY]?: ExperimentManager };

export function setExperimentManager(manager: ExperimentManager): void {
  (globalThis as Holder)[KEY] = manager;
}

/** The process's experiment manager; throws when the app is not running under server/main.ts. */
export function getExperimentManager(): ExperimentManager {
  const m = (globalThis as Holder)[KEY];
  if (!m) throw new Error('Experiment manager not initialised: start the dashboard with `npm start` (server/main.ts), not `next start`');
  return m;
}
