import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatCount } from '@/components/format';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ runId: string }>; searchParams: Promise<{ path?: string }> };

/** Read-only browser for a run's sandbox: folders, and the first 256 KB of text files. */
export default async function SandboxFilesPage({ params, searchParams }: Props) {
  const { runId } = await params;
  const rel = (await searchParams).path ?? '';
  const view = getRunManager().sandbox(runId, rel);
  if (view === undefined) notFound();
  const href = (p: string) => `/runs/${encodeURIComponent(runId)}/files?path=${encodeURIComponent(p)}`;
  const crumbs = rel.split('/').filter(Boolean);
  return (
    <div className="space-y-3" data-testid="sandbox-view">
      <div className="text-sm">
        <Link className="text-sky-700 hover:underline" href={`/runs/${encodeURIComponent(runId)}`}>← {runId}</Link>
      </div>
      <h1 className="font-mono text-sm">
        <Link className="text-sky-700 hover:underline" href={href('')}>sandbox</Link>
        {crumbs.map((c, i) => <span key={i}> / <Link className="text-sky-700 hover:underline" href={href(crumbs.slice(0, i + 1).join('/'))}>{c}</Link></span>)}
      </h1>
      {view === null && <p className="text-rose-700">That path is outside the sandbox.</p>}
      {view?.kind === 'missing' && <p className="text-slate-500">Nothing here (the sandbox may not exist for this run).</p>}
      {view?.kind === 'dir' && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="sandbox-entries">
          {view.entries.length === 0 && <li className="p-2 text-slate-500">Empty folder.</li>}
          {view.entries.map((e) => (
            <li key={e.rel} className="flex p-2" data-testid="sandbox-entry" data-kind={e.kind} data-size={e.size}>
              {e.kind === 'other' ? <span className="font-mono text-slate-500">{e.name} (link)</span>
                : <Link className="font-mono text-sky-700 hover:underline" href={href(e.rel)}>{e.name}{e.kind === 'dir' ? '/' : ''}</Link>}
              {e.kind === 'file' && <span className="ml-auto text-xs text-slate-500">{formatCount(e.size)} B</span>}
            </li>
          ))}
          {view.truncated && <li className="p-2 text-xs text-slate-500">…more entries not shown</li>}
        </ul>
      )}
      {view?.kind === 'file' && (
        view.text === null
          ? <p className="text-slate-600">Binary file, {formatCount(view.size)} bytes.</p>
          : <pre className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs" data-testid="sandbox-file">{view.text}{view.truncated ? '\n… (truncated)' : ''}</pre>
      )}
    </div>
  );
}
