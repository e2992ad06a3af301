/** Holm's step-down correction for many pairwise tests (a sweep's pairwise table). */

/**
 * Holm's step-down correction of `m` p-values (same order out as in): sorted ascending, the k-th smallest
 * (k from 0) becomes `max over j ≤ k of min(1, (m − j)·p_(j))`, so adjusted values never decrease with p.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
