import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { formatCount, formatPercent } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import type { ExperimentSort } from '@/lib/index';
import { getExperimentManager } from '@/server/experiment-manager-access';

export const dynamic = 'force-dynamic';

const PAGE = 50;
const SORTS: Array<[ExperimentSort, string]> = [['created', 'Created'], ['name', 'Name'], ['suite', 'Suite'], ['status', 'Status'], ['configurations', 'Configurations'], ['done', 'Items done'], ['best', 'Best accuracy']];

type Params = { q?: string; sort?: string; dir?: string; page?: string };

/** The experiments page's URL for these parameters, defaults left out. */
function experimentsHref(v: Required<Params>): string {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.sort !== 'created') p.set('sort', v.sort);
  if (v.dir !== 'desc') p.set('dir', v.dir);
  if (v.page !== '1') p.set('page', v.page);
  const s = p.toString();
  return s ? `/experiments?${s}` : '/experiments';
}

/** Every experiment folder (`picard sweep` and the dashboard's sweep form) from the results index: paged, sorted, searched. */
export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const sort = SORTS.find(([s]) => s === sp.sort)?.[0] ?? 'created';
  const dir = sp.dir === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number.parseInt(sp.page ?? '1', 10) || 1);
  const search = (sp.q ?? '').trim();
  const { total, rows: experiments } = await getExperimentManager().list({ search: search || undefined, sort, dir, offset: (page - 1) * PAGE, limit: PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = (patch: Partial<Params>) => experimentsHref({ q: search, sort, dir, page: String(page), ...patch });
  return (
    <div className="space-y-4">
      <AutoRefresh active={experiments.some((e) => e.status === 'running')} />
      <form action="/experiments" method="get" className="flex flex-wrap items-center gap-2" data-testid="experiments-search-form">
        <h1 className="text-xl font-semibold">Experiments</h1>
        <input name="q" defaultValue={search} placeholder="Search name / suite / label" aria-label="Search experiments" data-testid="experiments-search"
          className="ml-4 w-64 rounded border border-slate-300 px-2 py-1 text-sm" />
        <select name="sort" defaultValue={sort} aria-label="Sort experiments" data-testid="experiments-sort" className="rounded border border-slate-300 px-2 py-1 text-sm">
          {SORTS.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
        </select>
        <select name="dir" defaultValue={dir} aria-label="Sort direction" data-testid="experiments-dir" className="rounded border border-slate-300 px-2 py-1 text-sm">
          <option value="desc">↓</option><option value="asc">↑</option>
        </select>
        <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">Apply</button>
        <Link href="/experiments/new" data-testid="new-sweep-link" className="ml-auto rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">New sweep</Link>
      </form>
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
