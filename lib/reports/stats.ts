/** Small, exact statistics for reports: Wilson score intervals and McNemar's exact test. */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for `k` successes out of `n` (proportions in [0, 1]); `null` when `n` is 0. */
export function wilson(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - margin), high: Math.min(1, center + margin) };
}

/** ln(n!) by summation, cached: exact enough for the binomial tails below and free of gamma approximations. */
const logFact: number[] = [0];
function lnFactorial(n: number): number {
  for (let i = logFact.length; i <= n; i++) logFact[i] = logFact[i - 1] + Math.log(i);
  return logFact[n];
}

/** Σ_{i≤k} C(n, i) as an exact integer. */
function binomialHead(n: number, k: number): bigint {
  let term = 1n; // C(n, 0)
  let sum = 1n;
  for (let i = 1; i <= k; i++) {
    term = (term * BigInt(n - i + 1)) / BigInt(i);
    sum += term;
  }
  return sum;
}

/**
 * McNemar's exact test, two-sided: `b` = pairs right in A only, `c` = right in B only. The p-value is
 * `min(1, 2·P[X ≤ min(b,c)])` for X ~ Binomial(b+c, ½); 1 when there are no discordant pairs. Up to 1000
 * discordant pairs the tail is summed in integers and divided by 2^n once, so the result is the exact value
 * correctly rounded (2·7/64 is 0.21875 to the last bit); beyond, in log space.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  if (n <= 1000) return Math.min(1, Number(2n * binomialHead(n, k)) / 2 ** n);
  const lnHalfN = n * Math.log(0.5);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(lnFactorial(n) - lnFactorial(i) - lnFactorial(n - i) + lnHalfN);
  return Math.min(1, 2 * tail);
}

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
