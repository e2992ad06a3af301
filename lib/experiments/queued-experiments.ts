import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readManifestIfAny } from '../results/list-runs';
import { isRunLockHeld } from '../results/run-lock';
import { isExperimentFolder, readExperimentManifest } from './experiment-folder';

/**
 * The experiment folders of `resultsDir` a dashboard should take up again by itself when it starts with
 * PICARD_REDIS_URL: sweeps it coordinated (an unfinished configuration's run records `executor.coordinator:
 * 'dashboard'`) that were interrupted (a shutdown) or whose coordinator died (`running`, nobody holds the lock).
 * Sweeps that failed or were cancelled are left for a person to resume.
 */
export function dashboardQueuedExperiments(resultsDir: string): string[] {
  if (!existsSync(resultsDir)) return [];
  const out: string[] = [];
  for (const d of readdirSync(resultsDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const dir = join(resultsDir, d.name);
    if (!isExperimentFolder(dir)) continue;
    let m;
    try {
      m = readExperimentManifest(dir);
    } catch {
      continue; // unreadable: the experiments page shows why
    }
    const stopped = m.status === 'interrupted' || (m.status === 'running' && !isRunLockHeld(dir));
    if (!stopped) continue;
    const queued = m.configurations.some((c) => {
      const run = c.run ? readManifestIfAny(join(dir, c.run)) : null;
      return run !== null && run.status !== 'completed' && run.executor?.coordinator === 'dashboard';
    });
    if (queued) out.push(dir);
  }
  return out.sort();
}
