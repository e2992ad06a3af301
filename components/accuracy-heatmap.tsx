'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { Heatmap } from '@/lib/experiments';
import type { ItemState } from '@/lib/state';
import { formatPercent, formatRatio } from './format';
import { StatusBadge } from './status-badge';

/** Red (0%) through amber to green (100%); grey before any verdict. */
function cellColour(accuracy: number | null): string {
  if (accuracy === null) return 'rgb(241 245 249)';
  return `hsl(${Math.round(accuracy * 120)} 70% ${88 - accuracy * 18}%)`;
}

/** The items of one heatmap cell, each opening its run page at that item. */
function CellItems({ experimentId, label, question, version }: { experimentId: string; label: string; question: string; version: number }) {
  const [data, setData] = useState<{ runId: string | null; items: ItemState[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/experiments/${encodeURIComponent(experimentId)}/items?label=${encodeURIComponent(label)}&question=${encodeURIComponent(question)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => (r.ok ? setData(await r.json()) : setError(`${r.status} ${await r.text()}`)))
      .catch((e: Error) => { if (e.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [experimentId, label, question, version]);
  return (
    <div className="rounded border border-slate-200 p-3 text-sm" data-testid="cell-items" data-label={label} data-question={question}>
      <p className="mb-2 font-medium">{label} · question {question}{data?.runId && <> · <Link className="text-sky-700 hover:underline" href={`/runs/${encodeURIComponent(data.runId)}`}>run page</Link></>}</p>
      {error && <p className="text-rose-700">{error}</p>}
      <ul className="flex flex-wrap gap-2">
        {data?.items.map((it) => (
          <li key={it.key} data-testid="cell-item" data-key={it.key}>
            {data.runId ? <Link href={`/runs/${encodeURIComponent(data.runId)}?item=${encodeURIComponent(it.key)}`} className="inline-flex items-center gap-1 rounded border border-slate-200 px-2 py-0.5 font-mono text-xs hover:bg-slate-50">{it.key} <StatusBadge status={it.status} /></Link> : it.key}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Accuracy per question × configuration; a cell opens its items. */
export function AccuracyHeatmap({ experimentId, heatmap }: { experimentId: string; heatmap: Heatmap }) {
  const [sel, setSel] = useState<{ label: string; question: string } | null>(null);
  const selected = sel ? heatmap.cells[sel.question]?.[sel.label] : undefined;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="text-xs" data-testid="heatmap">
          <thead>
            <tr><th className="p-1 text-left text-slate-500">Question</th>{heatmap.labels.map((l) => <th key={l} className="p-1 font-medium">{l}</th>)}</tr>
          </thead>
          <tbody>
            {heatmap.questions.map((q) => (
              <tr key={q}>
                <td className="p-1 font-mono text-slate-600">{q}</td>
                {heatmap.labels.map((l) => {
                  const c = heatmap.cells[q][l];
                  return (
                    <td key={l} className="p-0.5">
                      <button type="button" data-testid="heatmap-cell" data-label={l} data-question={q} data-accuracy={c.accuracy ?? ''}
                        onClick={() => setSel({ label: l, question: q })} title={`${l}, question ${q}: ${formatRatio(c.correct, c.total)}`}
                        className={`h-8 w-20 rounded tabular-nums ${sel?.label === l && sel.question === q ? 'ring-2 ring-sky-600' : ''}`} style={{ background: cellColour(c.accuracy) }}>
                        {c.total > 0 ? formatPercent(c.accuracy, 0) : '–'}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sel && <CellItems experimentId={experimentId} label={sel.label} question={sel.question} version={selected?.total ?? 0} />}
    </div>
  );
}
