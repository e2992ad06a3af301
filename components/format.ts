import type { ItemStatus } from '@/lib/events';

/** `0.8333` → `83.3%`; null → `–`. */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

/** Milliseconds as `850 ms`, `12.4 s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const countFormats = new Map<number, Intl.NumberFormat>();

/**
 * Every number the dashboard shows as a count (items, tokens, rounds, rows, bytes, "x / y"): thousands separators
 * in a fixed locale, so the server render and the browser agree (no hydration mismatch): `200000` → `200,000`.
 * `digits` fixes the decimals for rates (`formatCount(1234.56, 1)` → `1,234.6`); null, undefined and NaN → `–`.
 */
export function formatCount(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  let fmt = countFormats.get(digits);
  if (!fmt) {
    fmt = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    countFormats.set(digits, fmt);
  }
  return fmt.format(n);
}

/** `correct / total` as `1,234/2,000` (`sep` ` / ` for progress: `1,234 / 2,000`). */
export function formatRatio(part: number, whole: number, sep = '/'): string {
  return `${formatCount(part)}${sep}${formatCount(whole)}`;
}

/**
 * Parses a run timestamp: ISO with a zone (events) or the reference's zone-less local ISO (files).
 * Returns epoch ms or null.
 */
export function parseTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = new Date(s).getTime();
  return Number.isNaN(t) ? null : t;
}

export const STATUS_STYLE: Record<ItemStatus | 'completed' | 'cancelled' | 'interrupted' | 'unscored', string> = {
  pending: 'bg-slate-100 text-slate-600',
  running: 'bg-sky-100 text-sky-800',
  retrying: 'bg-amber-100 text-amber-800',
  passed: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-rose-100 text-rose-800',
  errored: 'bg-fuchsia-100 text-fuchsia-800',
  completed: 'bg-emerald-100 text-emerald-800',
  cancelled: 'bg-slate-200 text-slate-700',
  interrupted: 'bg-amber-100 text-amber-800',
  unscored: 'bg-slate-100 text-slate-700',
};
