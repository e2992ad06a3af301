'use client';
import { useEffect, useState } from 'react';
import type { FilePreview as Preview } from '@/lib/results';
import { formatCount } from './format';

const cell = 'border border-slate-200 px-1.5 py-0.5 text-left align-top';

function Table({ columns, rows, total, testId }: { columns: string[]; rows: unknown[][]; total: number; testId: string }) {
  return (
    <div className="max-h-72 overflow-auto">
      <table className="font-mono text-xs" data-testid={testId}>
        <thead className="bg-slate-50"><tr>{columns.map((c, i) => <th key={i} className={cell}>{c}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j} className={cell}>{v === null ? <i className="text-slate-400">NULL</i> : String(v)}</td>)}</tr>)}</tbody>
      </table>
      {total > rows.length && <p className="text-xs text-slate-500">first {formatCount(rows.length)} of {formatCount(total)} rows</p>}
    </div>
  );
}

function PreviewBody({ p }: { p: Preview }) {
  switch (p.kind) {
    case 'table': return <Table columns={p.columns} rows={p.rows} total={p.totalRows} testId="csv-table" />;
    case 'sqlite':
      return (
        <div className="space-y-2">
          {p.tables.length === 0 && <p className="text-xs text-slate-500">No tables.</p>}
          {p.tables.map((t) => (
            <div key={t.name} data-testid="sqlite-table" data-table={t.name}>
              <div className="font-mono text-xs font-semibold">{t.name} ({formatCount(t.totalRows)} rows)</div>
              <Table columns={t.columns} rows={t.rows} total={t.totalRows} testId="sqlite-rows" />
            </div>
          ))}
        </div>
      );
    case 'text':
      return <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs" data-testid="text-preview" data-format={p.format}>{p.text}{p.truncated ? '\n… (truncated)' : ''}</pre>;
    case 'binary': return <p className="text-xs text-slate-500">Binary file, {formatCount(p.size)} bytes.</p>;
    case 'missing': return <p className="text-xs text-slate-500">The file no longer exists.</p>;
  }
}

/** Fetches and shows one sandbox file: CSV as a table, SQLite tables, JSON / YAML / XML pretty-printed. */
export function FilePreview({ runId, rel }: { runId: string; rel: string }) {
  const [state, setState] = useState<{ rel: string; preview: Preview | null; error: string | null } | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/runs/${encodeURIComponent(runId)}/preview?path=${encodeURIComponent(rel)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => setState(r.ok ? { rel, preview: (await r.json()) as Preview, error: null } : { rel, preview: null, error: `${r.status} ${await r.text()}` }))
      .catch((e: Error) => { if (e.name !== 'AbortError') setState({ rel, preview: null, error: e.message }); });
    return () => ctl.abort();
  }, [runId, rel]);
  if (!state || state.rel !== rel) return <p className="text-xs text-slate-500">Loading…</p>;
  return (
    <div data-testid="file-preview" data-rel={rel}>
      {state.error ? <p className="text-xs text-rose-700">{state.error}</p> : state.preview && <PreviewBody p={state.preview} />}
    </div>
  );
}
