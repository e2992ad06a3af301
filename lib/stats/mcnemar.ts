/** McNemar's exact test: are two configurations' verdicts on the same items different? */

/** ln(n!) by summation, cached: exact enough for the binomial tails and free of gamma approximations. */
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
