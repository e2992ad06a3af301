import { memo } from 'react';
import type { Tally } from '@/lib/state';
import { formatCount, formatPercent, formatRatio } from './format';
import { wilsonInterval } from './interval';

/** Accuracy per group (scoring type or question) with a 95% Wilson interval drawn as a bar; re-rendered only when its tallies change. */
export const TallyTable = memo(function TallyTable({ title, tallies, testId, limit = 50 }: { title: string; tallies: Record<string, Tally>; testId: string; limit?: number }) {
  const rows = Object.entries(tallies).filter(([, t]) => t.total > 0);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm contain-content" data-testid={testId}>
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {rows.length === 0 ? <p className="text-sm text-slate-500">No verdicts yet.</p> : (
        <table className="w-full text-sm">
          <tbody>
            {rows.slice(0, limit).map(([name, t]) => {
              const ci = wilsonInterval(t.correct, t.total);
              return (
                <tr key={name} data-testid="tally-row" data-group={name} className="border-t border-slate-100">
                  <td className="max-w-40 truncate py-1 pr-2 font-mono text-xs" title={name}>{name}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{formatRatio(t.correct, t.total)}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">{formatPercent(t.correct / t.total, 0)}</td>
                  <td className="w-32 py-1">
                    <div className="relative h-2 rounded bg-slate-100" title={ci ? `95% CI ${formatPercent(ci.low)}–${formatPercent(ci.high)}` : ''}>
                      {ci && <div className="absolute h-2 rounded bg-sky-300" style={{ left: `${ci.low * 100}%`, width: `${(ci.high - ci.low) * 100}%` }} />}
                      <div className="absolute h-2 w-0.5 bg-sky-800" style={{ left: `${(t.correct / t.total) * 100}%` }} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows.length > limit && <p className="mt-1 text-xs text-slate-500">…and {formatCount(rows.length - limit)} more</p>}
    </section>
  );
});
