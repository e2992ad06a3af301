import Link from 'next/link';
import { formatCount, formatPercent, formatRatio } from '@/components/format';
import { AutoRefresh } from '@/components/auto-refresh';
import { listQuery, type ListParams } from '@/components/list-query';
import { ListSearchForm } from '@/components/list-search-form';
import { StatusBadge } from '@/components/status-badge';
import type { IndexedRun, RunSort } from '@/lib/index';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

const PAGE = 50;
const SORTS: Array<[RunSort, string]> = [['created', 'Created'], ['label', 'Label'], ['model', 'Model'], ['suite', 'Suite'], ['status', 'Status'], ['accuracy', 'Accuracy'], ['total', 'Items'], ['tokens', 'Tokens']];

/** Every result folder (dashboard, CLI and reference runs) from the results index: paged, sorted, searched. */
export default async function RunsPage({ searchParams }: { searchParams: Promise<ListParams> }) {
  const sp = await searchParams;
  const query = listQuery('/', sp, SORTS, 'created');
  const { search, sort, dir, page } = query;
  const { total, rows: runs } = await getRunManager().runsPage({ search: search || undefined, sort, dir, offset: (page - 1) * PAGE, limit: PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = query.href;
  return (
    <div className="space-y-4">
      <AutoRefresh active={runs.some((r) => r.status === 'running')} />
      <ListSearchForm title="Runs" action="/" prefix="runs" placeholder="Search label / model / suite" sorts={SORTS} query={query} newLink={{ href: '/runs/new', label: 'New run', testId: 'new-run-link' }} />
      {total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500" data-testid="no-runs">
          {search ? <>No run matches “{search}”.</> : <>No runs yet. Start one from <Link className="text-sky-700 underline" href="/runs/new">New run</Link> or with <code>npx picard run</code>.</>}
        </p>
      ) : (
        <form action="/compare" method="get" className="space-y-2">
          <div className="flex items-center gap-2 text-xs text-slate-500">
            <span data-testid="runs-count">{formatCount(total)} run{total === 1 ? '' : 's'}{pages > 1 ? ` · page ${formatCount(page)} of ${formatCount(pages)}` : ''}</span>
            {page > 1 && <Link href={href({ page: String(page - 1) })} data-testid="runs-prev" className="text-sky-700 hover:underline">← newer</Link>}
            {page < pages && <Link href={href({ page: String(page + 1) })} data-testid="runs-next" className="text-sky-700 hover:underline">older →</Link>}
            <button type="submit" data-testid="compare-selected" className="ml-auto rounded border border-slate-300 px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50">Compare selected</button>
          </div>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="runs-table">
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr><th className="p-2" aria-label="Select" /><th className="p-2">Run</th><th className="p-2">Status</th><th className="p-2">Created</th><th className="p-2">Agent</th><th className="p-2">Model</th><th className="p-2 text-right">Answered</th><th className="p-2 text-right">Accuracy</th><th className="p-2">Seed</th></tr>
              </thead>
              <tbody>
                {runs.map((r) => <RunRow key={r.runId} r={r} />)}
              </tbody>
            </table>
          </div>
        </form>
      )}
    </div>
  );
}

/** One result folder's row: select box (for Compare), link, status, agent, model, progress and accuracy. */
function RunRow({ r }: { r: IndexedRun }) {
  return (
    <tr className="border-t border-slate-100 hover:bg-slate-50" data-testid="run-row" data-run-id={r.runId} data-status={r.status}>
      <td className="p-2"><input type="checkbox" name="runs" value={r.runId} data-testid="run-select" aria-label={`Select ${r.runId}`} /></td>
      <td className="p-2">
        <Link href={`/runs/${encodeURIComponent(r.runId)}`} data-testid="run-link" data-run-id={r.runId} className="font-medium text-sky-700 hover:underline">{r.label || r.runId}</Link>
        <div className="font-mono text-xs text-slate-500">{r.runId}{r.origin === 'reference' ? ' · reference' : ''}{r.suite ? ` · ${r.suite}` : ''}</div>
      </td>
      <td className="p-2"><StatusBadge status={r.status} /></td>
      <td className="p-2 text-xs text-slate-600">{r.createdAt.replace('T', ' ').slice(0, 19)}</td>
      <td className="p-2 text-xs">{r.agent ?? '–'}</td>
      <td className="p-2 text-xs">{r.model ?? '–'}</td>
      <td className="p-2 text-right tabular-nums" data-testid="run-answered">{formatRatio(r.answered, r.total)}</td>
      <td className="p-2 text-right tabular-nums">{r.scored > 0 ? `${formatPercent(r.correct / r.scored)} (${formatRatio(r.correct, r.scored)})` : '–'}</td>
      <td className="p-2 font-mono text-xs">{r.seed ?? '–'}</td>
    </tr>
  );
}
