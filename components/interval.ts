import { wilson } from '@/lib/reports';

/** Wilson score interval (95 % by default) for k successes in n trials; the one in lib/stats. */
export function wilsonInterval(k: number, n: number, z?: number): { low: number; high: number } | null {
  return wilson(k, n, z);
}
