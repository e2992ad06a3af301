import Link from 'next/link';
import { formatPercent, formatRatio } from '@/components/format';
import { AutoRefresh } from '@/components/auto-refresh';
import { StatusBadge } from '@/components/status-badge';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** Every result folder (dashboard, CLI and reference runs), newest first. */
export default function RunsPage() {
  const runs = getRunManager().listRuns();
  return (
    <form action="/compare" method="get" className="space-y-4">
      <AutoRefresh active={runs.some((r) => r.status === 'running')} />
      <div className="flex items-center gap-2">
        <h1 className="text-xl font-semibold">Runs</h1>
        <button type="submit" data-testid="compare-selected" className="ml-auto rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">Compare selected</button>
        <Link href="/runs/new" data-testid="new-run-link" className="rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">New run</Link>
      </div>
      {runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500" data-testid="no-runs">
          No runs yet. Start one from <Link className="text-sky-700 underline" href="/runs/new">New run</Link> or with <code>npx picard run</code>.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm" data-testid="runs-table">
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="p-2" aria-label="Select" /><th className="p-2">Run</th><th className="p-2">Status</th><th className="p-2">Created</th><th className="p-2">Agent</th><th className="p-2 text-right">Answered</th><th className="p-2 text-right">Accuracy</th><th className="p-2">Seed</th></tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.runId} className="border-t border-slate-100 hover:bg-slate-50" data-testid="run-row" data-run-id={r.runId} data-status={r.status}>
                  <td className="p-2"><input type="checkbox" name="runs" value={r.runId} data-testid="run-select" aria-label={`Select ${r.runId}`} /></td>
                  <td className="p-2">
                    <Link href={`/runs/${encodeURIComponent(r.runId)}`} data-testid="run-link" data-run-id={r.runId} className="font-medium text-sky-700 hover:underline">{r.label || r.runId}</Link>
                    <div className="font-mono text-xs text-slate-500">{r.runId}{r.origin === 'reference' ? ' · reference' : ''}</div>
                  </td>
                  <td className="p-2"><StatusBadge status={r.status} /></td>
                  <td className="p-2 text-xs text-slate-600">{r.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td className="p-2 text-xs">{r.agent ?? '–'}</td>
                  <td className="p-2 text-right tabular-nums" data-testid="run-answered">{formatRatio(r.answered, r.total)}</td>
                  <td className="p-2 text-right tabular-nums">{r.scored > 0 ? `${formatPercent(r.correct / r.scored)} (${formatRatio(r.correct, r.scored)})` : '–'}</td>
                  <td className="p-2 font-mono text-xs">{r.seed ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
