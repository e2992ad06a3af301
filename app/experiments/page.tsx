import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { formatCount, formatPercent } from '@/components/format';
import { listQuery, type ListParams } from '@/components/list-query';
import { ListSearchForm } from '@/components/list-search-form';
import { StatusBadge } from '@/components/status-badge';
import type { ExperimentSort } from '@/lib/index';
import { getExperimentManager } from '@/server/experiment-manager-access';

export const dynamic = 'force-dynamic';

const PAGE = 50;
const SORTS: Array<[ExperimentSort, string]> = [['created', 'Created'], ['name', 'Name'], ['suite', 'Suite'], ['status', 'Status'], ['configurations', 'Configurations'], ['done', 'Items done'], ['best', 'Best accuracy']];

/** Every experiment folder (`picard sweep` and the dashboard's sweep form) from the results index: paged, sorted, searched. */
export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<ListParams> }) {
  const sp = await searchParams;
  const query = listQuery('/experiments', sp, SORTS, 'created');
  const { search, sort, dir, page } = query;
  const { total, rows: experiments } = await getExperimentManager().list({ search: search || undefined, sort, dir, offset: (page - 1) * PAGE, limit: PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = query.href;
  return (
    <div className="space-y-4">
      <AutoRefresh active={experiments.some((e) => e.status === 'running')} />
      <ListSearchForm title="Experiments" action="/experiments" prefix="experiments" placeholder="Search name / suite / label" sorts={SORTS} query={query} newLink={{ href: '/experiments/new', label: 'New sweep', testId: 'new-sweep-link' }} />
      {total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500" data-testid="no-experiments">
          {search ? <>No experiment matches “{search}”.</> : <>No experiments yet. Start one from <Link className="text-sky-700 underline" href="/experiments/new">New sweep</Link> or with <code>npx picard sweep experiment.yaml</code>.</>}
        </p>
      ) : (
        <>
          <div className="flex items-center gap-2 text-xs text-slate-500">
            <span data-testid="experiments-count">{formatCount(total)} experiment{total === 1 ? '' : 's'}{pages > 1 ? ` · page ${formatCount(page)} of ${formatCount(pages)}` : ''}</span>
            {page > 1 && <Link href={href({ page: String(page - 1) })} data-testid="experiments-prev" className="text-sky-700 hover:underline">← previous</Link>}
            {page < pages && <Link href={href({ page: String(page + 1) })} data-testid="experiments-next" className="text-sky-700 hover:underline">next →</Link>}
          </div>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="experiments-table">
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr><th className="p-2">Experiment</th><th className="p-2">Suite</th><th className="p-2">Seed</th><th className="p-2 text-right">Configurations</th><th className="p-2">Status</th><th className="p-2 text-right">Items done</th><th className="p-2">Best</th><th className="p-2">Created</th></tr>
              </thead>
              <tbody>
                {experiments.map((e) => (
                  <tr key={e.id} className="border-t border-slate-100 hover:bg-slate-50" data-testid="experiment-row" data-experiment-id={e.id} data-status={e.status}>
                    <td className="p-2">
                      <Link href={`/experiments/${encodeURIComponent(e.id)}`} data-testid="experiment-link" className="font-medium text-sky-700 hover:underline">{e.name}</Link>
                      <div className="font-mono text-xs text-slate-500">{e.id}</div>
                      {e.error && <div className="text-xs text-rose-700">{e.error}</div>}
                    </td>
                    <td className="p-2 font-mono text-xs">{e.suite ?? '–'}</td>
                    <td className="p-2 font-mono text-xs">{e.seed ?? '–'}</td>
                    <td className="p-2 text-right tabular-nums">{e.configurations}</td>
                    <td className="p-2"><StatusBadge status={e.status} /></td>
                    <td className="p-2 text-right tabular-nums" data-testid="experiment-progress">{formatCount(e.done)} / {formatCount(e.total)}</td>
                    <td className="p-2 text-xs" data-testid="experiment-best">{e.best ? <><b>{e.best.label}</b> {formatPercent(e.best.accuracy)}</> : '–'}</td>
                    <td className="p-2 text-xs text-slate-600">{e.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
