/**
 * Python aggregation semantics over floats, rendered with py-str: `sum()` starts at the int `0`
 * (so an empty sum prints `0`), additions run left to right (Python 3.11 `sum`, no compensation),
 * and `max`/`min` keep the first value unless a later one compares strictly greater/smaller (NaN-aware).
 */
import { pyFloatStr } from '../py';

function total(values: number[]): number {
  let t = 0;
  for (const v of values) t += v;
  return t;
}

/** `str(sum(values))` with an int start: `'0'` when empty, else a float string (`'100.0'`). */
export function pySumStr(values: number[]): string {
  return values.length === 0 ? '0' : pyFloatStr(total(values));
}

/** `str(total)` where `total = 0.0` initially: `'0.0'` when empty. */
export function pyFloatSumStr(values: number[]): string {
  return pyFloatStr(total(values));
}

/** `str(sum(v) / len(v))`, or `emptyText` when there are no values. */
export function pyMeanStr(values: number[], emptyText = '0'): string {
  return values.length === 0 ? emptyText : pyFloatStr(total(values) / values.length);
}

/** `str(max(values))` / `str(min(values))`, or `'0'` when there are no values. */
export function pyExtremeStr(values: number[], kind: 'max' | 'min'): string {
  if (values.length === 0) return '0';
  let best = values[0];
  for (const v of values.slice(1)) {
    if (kind === 'max' ? v > best : v < best) best = v;
  }
  return pyFloatStr(best);
}
