/**
 * For tests and benchmarks that watch another process: resolves once `cond` holds (checked every `stepMs`), or
 * rejects after `ms` with "timed out waiting for <what>".
 */
export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string | (() => string), ms = 60_000, stepMs = 25): Promise<void> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
