/**
 * Entry of the second scoring thread (compiled to `.build/score-worker.mjs`): scores its share of a run
 * (`scorePart`) and posts the totals and the items' text back, or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scorePart, type PartInput } from './score-part';

try {
  const out = scorePart(workerData as PartInput);
  parentPort!.postMessage({ ok: true, out });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
