import Link from 'next/link';
import type { ExperimentRow } from '@/lib/experiments';
import { formatCount, formatDuration, formatPercent, formatRatio } from './format';
import { StatusBadge } from './status-badge';

/** The accuracy and its Wilson 95% interval on a 0–100% track: the bar narrows as items land. */
function IntervalBar({ row }: { row: ExperimentRow }) {
  if (row.accuracy === null || row.wilsonLow === null || row.wilsonHigh === null) return <div className="h-3 w-48 rounded bg-slate-100" data-testid="interval-bar" data-width="1" />;
  const left = row.wilsonLow * 100;
  const width = Math.max(0.5, (row.wilsonHigh - row.wilsonLow) * 100);
  return (
    <div className="relative h-3 w-48 rounded bg-slate-100" data-testid="interval-bar" data-low={row.wilsonLow.toFixed(4)} data-high={row.wilsonHigh.toFixed(4)} data-width={(row.wilsonHigh - row.wilsonLow).toFixed(4)}
      title={`95% Wilson interval ${formatPercent(row.wilsonLow)}–${formatPercent(row.wilsonHigh)}`}>
      <div className="absolute inset-y-0 rounded bg-sky-300" style={{ left: `${left}%`, width: `${width}%` }} />
      <div className="absolute inset-y-[-2px] w-0.5 bg-sky-900" style={{ left: `${row.accuracy * 100}%` }} />
    </div>
  );
}

function Progress({ row }: { row: ExperimentRow }) {
  const pct = row.items > 0 ? (row.done / row.items) * 100 : 0;
  return (
    <div className="w-32">
      <div className="h-1.5 rounded bg-slate-100"><div className="h-1.5 rounded bg-emerald-500" style={{ width: `${pct}%` }} /></div>
      <div className="mt-0.5 text-xs tabular-nums text-slate-600" data-testid="leaderboard-progress">{formatRatio(row.done, row.items, ' / ')}{row.active > 0 ? ` · ${row.active} active` : ''}</div>
    </div>
  );
}

/** The live leaderboard: best accuracy first (ties: higher Wilson lower bound, then label), as leaderboard.csv. */
export function LeaderboardTable({ rows }: { rows: ExperimentRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm" data-testid="leaderboard">
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="p-2">#</th><th className="p-2">Configuration</th><th className="p-2">Status</th><th className="p-2">Progress</th>
            <th className="p-2 text-right">Accuracy</th><th className="p-2">95% interval</th><th className="p-2 text-right">Errored</th>
            <th className="p-2 text-right">Mean rounds</th><th className="p-2 text-right">Tokens</th><th className="p-2 text-right">Cost</th><th className="p-2 text-right">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} className="border-t border-slate-100" data-testid="leaderboard-row" data-label={r.label} data-rank={r.rank} data-status={r.status}
              data-accuracy={r.accuracy === null ? '' : r.accuracy.toFixed(6)} data-answered={r.answered}>
              <td className="p-2 tabular-nums text-slate-500">{r.rank}</td>
              <td className="p-2">
                {r.runId ? <Link href={`/runs/${encodeURIComponent(r.runId)}`} className="font-medium text-sky-700 hover:underline" data-testid="leaderboard-run-link">{r.label}</Link> : <span className="font-medium">{r.label}</span>}
                <div className="text-xs text-slate-500">{r.agent}{r.model ? ` · ${r.model}` : ''}</div>
                {r.error && <div className="max-w-xs text-xs text-rose-700" data-testid="leaderboard-error">{r.error}</div>}
              </td>
              <td className="p-2"><StatusBadge status={r.status} /></td>
              <td className="p-2"><Progress row={r} /></td>
              <td className="p-2 text-right tabular-nums" data-testid="leaderboard-accuracy">{formatPercent(r.accuracy)}<div className="text-xs text-slate-500">{formatRatio(r.correct, r.answered)}</div></td>
              <td className="p-2"><IntervalBar row={r} /><div className="mt-0.5 text-xs tabular-nums text-slate-500">{r.wilsonLow === null ? '–' : `${formatPercent(r.wilsonLow)} – ${formatPercent(r.wilsonHigh)}`}</div></td>
              <td className="p-2 text-right tabular-nums">{formatCount(r.errored)}</td>
              <td className="p-2 text-right tabular-nums">{formatCount(r.meanRounds, 2)}</td>
              <td className="p-2 text-right tabular-nums">{formatCount(r.totalTokens)}</td>
              <td className="p-2 text-right tabular-nums">{r.costUsd === null ? '–' : `$${r.costUsd.toFixed(4)}`}</td>
              <td className="p-2 text-right tabular-nums">{formatDuration(r.durationS * 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
