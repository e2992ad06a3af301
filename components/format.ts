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

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
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
