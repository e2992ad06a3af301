/**
 * A benchmark figure beside its floor (or peer) measured in the same run, and how far from it the figure is.
 * `ratio` is always "times worse than the floor": figure ÷ floor for times and memory, floor ÷ figure for rates.
 */
export interface Comparison {
  /** What was measured, e.g. `picard --help`. */
  figure: string;
  value: number;
  /** The floor or peer, e.g. `node -e 0`. */
  floor: string;
  floorValue: number;
  /** Unit of both values: `s`, `items/s`, `MB`. */
  unit: string;
  /** Whether a smaller value is better (times, memory) or a larger one (rates). */
  better: 'lower' | 'higher';
}

/** Times worse than the floor (1 = at the floor). */
export function ratio(c: Comparison): number {
  return c.better === 'lower' ? c.value / c.floorValue : c.floorValue / c.value;
}

/** An integer as is; otherwise 3 significant digits (at most 3 decimals), e.g. 0.091, 1.02, 57.2, 1040. */
export function fmt(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toFixed(digits);
}

/** One aligned line: `figure  value unit   floor  value unit   ×ratio`. */
export function formatComparison(c: Comparison, widths = { figure: 34, floor: 40 }): string {
  const left = `${c.figure.padEnd(widths.figure)} ${`${fmt(c.value)} ${c.unit}`.padStart(14)}`;
  const right = `${c.floor.padEnd(widths.floor)} ${`${fmt(c.floorValue)} ${c.unit}`.padStart(14)}`;
  const r = ratio(c);
  return `${left}   vs ${right}   ×${r < 10 ? r.toFixed(2) : r.toFixed(1)}`;
}
