import { setFlagsFromString } from 'node:v8';

/** The heap may grow to `1 + PERCENT / 100` times what survived the last full collection. */
const PERCENT = 100;
const FLAG = 'heap-growing-percent';
let bounded = false;

/**
 * Lets V8 grow the heap to at most twice what survived its last full collection, for the rest of the process. Left to
 * itself, V8 picks the factor from the allocation rate, up to four times on a machine with several GB; a run
 * allocates fast (responses, conversations, events) but keeps little alive (tens of MB), so its heap stood at four
 * times that. Measured with `picard run` of the quick-start suite, c32, think time 0 (docs/benchmarks.md): 10,002
 * items 264–272 → 211–217 MB peak RSS, 100,002 items 309–335 → 269–270 MB, wall time the same within the runs'
 * spread. V8 reads the number each time it sets the next heap limit, so setting it once the process runs takes
 * effect at the next collection (`v8.setFlagsFromString`). A factor given on the command line (`node
 * --heap-growing-percent=N`, or in `NODE_OPTIONS`) is kept. Idempotent; `startRun` and `resumeRun` call it.
 */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.replace(/_/g, '-').includes(`--${FLAG}`));
  if (!given) setFlagsFromString(`--${FLAG}=${PERCENT}`);
}
