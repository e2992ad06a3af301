/** Result folder names are the run ids: one path segment, no traversal. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** True when `runId` can name a result folder (one safe path segment). */
export function isValidRunId(runId: string): boolean {
  return RUN_ID.test(runId) && !runId.includes('..');
}
