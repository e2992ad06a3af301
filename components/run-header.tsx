'use client';
import { useEffect, useRef, useState } from 'react';
import { takesApiKey } from '@/lib/agents';
import type { RunState } from '@/lib/state';
import type { Connection } from './use-run-socket';
import { formatCount, formatDuration, formatPercent, formatRatio, parseTime } from './format';
import { wilsonInterval } from './interval';
import { StatusBadge } from './status-badge';

interface Props {
  state: RunState;
  connection: Connection;
  live: boolean;
  onCancel?: () => void;
  /** `apiKey`: a new key typed next to Resume (for agents that take one); undefined keeps the one in use. */
  onResume?: (apiKey?: string) => void;
  onRetryErrors?: () => void;
  busy?: boolean;
}

/**
 * Ticks once a second while the run is running, for the elapsed time, rate and ETA. Null during the server
 * render and hydration, so the server's clock never causes a hydration mismatch.
 */
function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** Items per second since the run (or this resumption) started, and the time left at that rate. */
export function rateAndEta(state: RunState, now: number | null): { elapsedMs: number | null; perMin: number | null; etaMs: number | null } {
  const start = parseTime(state.startedAt);
  if (now === null) return { elapsedMs: null, perMin: null, etaMs: null };
  const end = state.status === 'running' ? now : (parseTime(state.finishedAt) ?? now);
  if (start === null) return { elapsedMs: null, perMin: null, etaMs: null };
  const elapsedMs = Math.max(0, end - start);
  const doneHere = Math.max(0, state.done - state.alreadyDone);
  if (doneHere === 0 || elapsedMs < 500) return { elapsedMs, perMin: null, etaMs: null };
  const perMs = doneHere / elapsedMs;
  const left = state.total - state.done;
  return { elapsedMs, perMin: perMs * 60_000, etaMs: state.status === 'running' ? left / perMs : null };
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="min-w-28">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-xl font-semibold tabular-nums" data-testid={testId}>{value}</div>
      {sub && <div className="text-xs text-slate-500 tabular-nums">{sub}</div>}
    </div>
  );
}

/** Run title, status, progress bar and headline numbers, with Cancel / Resume. */
export function RunHeader({ state, connection, live, onCancel, onResume, onRetryErrors, busy }: Props) {
  const now = useNow(state.status === 'running');
  const { elapsedMs, perMin, etaMs } = rateAndEta(state, now);
  const ci = wilsonInterval(state.correct, state.scored);
  const pct = state.total > 0 ? (state.done / state.total) * 100 : 0;
  // A stopped run's abandoned items are not running any more (the table shows them as "not run").
  const inFlight = state.status === 'running' ? state.counts.running + state.counts.retrying : 0;
  return (
    // Contained: its numbers change with every live batch, and their layout and paint stay inside the header.
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm contain-content">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold" data-testid="run-title">{state.label || state.runId}</h1>
        <StatusBadge status={state.status} testId="run-status" />
        <span className="text-xs text-slate-500" data-testid="connection" data-connection={connection}>
          {connection === 'live' ? (live ? '● live' : '● connected') : connection === 'connecting' ? '○ connecting' : '○ offline'}
        </span>
        <RunActions state={state} live={live} onCancel={onCancel} onResume={onResume} onRetryErrors={onRetryErrors} busy={busy} />
      </div>
      {/* Why the run stopped (a refused key, an unknown model, the error budget) comes first: it says what to fix. */}
      {state.error && <p role="alert" className="mt-2 rounded bg-rose-50 p-2 text-sm font-medium text-rose-800" data-testid="run-error">{state.error}</p>}
      <div className="mt-1 text-xs text-slate-500">
        <span className="font-mono">{state.runId}</span> · agent {state.agent || '–'} · seed {state.seed ?? '–'}
      </div>
      {/* No transition: one on the width kept the page producing frames (style, layout, paint) at 60/s while a run
          streamed. Its own compositor layer: a new fraction changes a transform, nothing is laid out or painted again. */}
      <div className="mt-3 h-2 w-full overflow-hidden rounded bg-slate-100" aria-label="progress">
        <div className="h-full w-full origin-left bg-sky-500 will-change-transform" data-testid="progress-bar" style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <div className="mt-3 flex flex-wrap gap-6">
        <Stat label="Done" testId="items-done" value={formatRatio(state.done, state.total, ' / ')}
          sub={`${formatCount(inFlight)} running · ${formatCount(state.counts.errored)} errored`} />
        <Stat label="Accuracy" testId="accuracy" value={formatPercent(state.accuracy)}
          sub={ci ? `${formatRatio(state.correct, state.scored)} · 95% CI ${formatPercent(ci.low, 0)}–${formatPercent(ci.high, 0)}` : undefined} />
        <Stat label="Elapsed" value={formatDuration(elapsedMs)} sub={perMin !== null ? `${formatCount(perMin, 1)} items/min` : undefined} />
        <Stat label="ETA" testId="eta" value={etaMs !== null ? formatDuration(etaMs) : '–'} />
        <Stat label="Rounds" value={formatCount(state.rounds)} sub={`${formatCount(state.toolCalls)} tool calls`} />
        <Stat label="Tokens" value={formatCount(state.tokens)} />
      </div>
    </section>
  );
}

/** Cancel (a live run), Retry errored (a run stopped here) and Resume (a resumable run, with a new key for agents that take one). */
function RunActions({ state, live, onCancel, onResume, onRetryErrors, busy }: Omit<Props, 'connection'>) {
  const resumable = state.status === 'interrupted' || state.status === 'cancelled' || (state.status === 'failed' && state.done < state.total);
  // Retry errored needs the run to be stopped here and nowhere else (a live run still owns its files).
  const stopped = state.status !== 'running' && state.status !== 'pending' && !live;
  // Uncontrolled, read once on Resume and cleared: the key never sits in React state or a `value` attribute.
  const keyInput = useRef<HTMLInputElement>(null);
  const resume = () => {
    const key = keyInput.current?.value.trim() ?? '';
    if (keyInput.current) keyInput.current.value = '';
    onResume?.(key === '' ? undefined : key);
  };
  return (
    <span className="ml-auto flex gap-2">
      {live && state.status === 'running' && onCancel && (
        <button type="button" data-testid="cancel-run" disabled={busy} onClick={onCancel}
          className="rounded border border-rose-300 px-3 py-1 text-sm text-rose-700 hover:bg-rose-50 disabled:opacity-50">Cancel</button>
      )}
      {stopped && state.counts.errored > 0 && onRetryErrors && (
        <button type="button" data-testid="retry-errors" disabled={busy} onClick={onRetryErrors}
          className="rounded border border-fuchsia-300 px-3 py-1 text-sm text-fuchsia-800 hover:bg-fuchsia-50 disabled:opacity-50">Retry {formatCount(state.counts.errored)} errored</button>
      )}
      {resumable && onResume && takesApiKey(state.agent) && (
        <input ref={keyInput} type="password" autoComplete="off" aria-label="API key for the resumed run (optional)" placeholder="API key (optional)"
          data-testid="resume-api-key-input" className="w-44 rounded border border-slate-300 px-2 py-1 text-sm" />
      )}
      {resumable && onResume && (
        <button type="button" data-testid="resume-run" disabled={busy} onClick={resume}
          className="rounded border border-sky-300 px-3 py-1 text-sm text-sky-700 hover:bg-sky-50 disabled:opacity-50">Resume</button>
      )}
    </span>
  );
}
