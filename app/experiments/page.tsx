import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { formatPercent } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { getExperimentManager } from '@/server/experiment-manager-access';

export const dynamic = 'force-dynamic';

/** Every experiment folder (`picard sweep` and the dashboard's sweep form), newest first. */
export default async function ExperimentsPage() {
  const experiments = await getExperimentManager().list();
  return (
    <div className="space-y-4">
      <AutoRefresh active={experiments.some((e) => e.status === 'running')} />
      <div className="flex items-center gap-2">
        <h1 className="text-xl font-semibold">Experiments</h1>
        <Link href="/experiments/new" data-testid="new-sweep-link" className="ml-auto rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">New sweep</Link>
      </div>
      {experiments.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500" data-testid="no-experiments">
          No experiments yet. Start one from <Link className="text-sky-700 underline" href="/experiments/new">New sweep</Link> or with <code>npx picard sweep experiment.yaml</code>.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm" data-testid="experiments-table">
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="p-2">Experiment</th><th className="p-2">Suite</th><th className="p-2">Seed</th><th className="p-2 text-right">Configurations</th><th className="p-2">Status</th><th className="p-2">Best</th><th className="p-2">Created</th></tr>
            </thead>
            <tbody>
              {experiments.map((e) => (
                <tr key={e.id} className="border-t border-slate-100 hover:bg-slate-50" data-testid="experiment-row" data-experiment-id={e.id} data-status={e.status}>
                  <td className="p-2">
                    <Link href={`/experiments/${encodeURIComponent(e.id)}`} data-testid="experiment-link" className="font-medium text-sky-700 hover:underline">{e.name}</Link>
                    <div className="font-mono text-xs text-slate-500">{e.id}</div>
                    {e.error && <div className="text-xs text-rose-700">{e.error}</div>}
                  </td>
                  <td className="p-2 font-mono text-xs">{e.suite || '–'}</td>
                  <td className="p-2 font-mono text-xs">{e.seed}</td>
                  <td className="p-2 text-right tabular-nums">{e.configurations}</td>
                  <td className="p-2"><StatusBadge status={e.status} /></td>
                  <td className="p-2 text-xs" data-testid="experiment-best">{e.best ? <><b>{e.best.label}</b> {formatPercent(e.best.accuracy)}</> : '–'}</td>
                  <td className="p-2 text-xs text-slate-600">{e.createdAt.replace('T', ' ').slice(0, 19)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
