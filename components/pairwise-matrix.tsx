'use client';
import { useEffect, useState } from 'react';
import type { Disagreement, ExperimentPair } from '@/lib/experiments';
import { ConversationPanel } from './conversation-panel';
import { formatCount } from './format';

/** p-values as the reports print them: 4 significant digits, small ones in exponent form. */
export function formatP(p: number): string {
  return p >= 0.001 || p === 0 ? p.toPrecision(3).replace(/\.?0+$/, '') : p.toExponential(2);
}

function separationText(p: ExperimentPair): string {
  const s = p.separation;
  if (!s.overlap) return 'intervals apart';
  if (s.itemsNeeded === null) return 'same accuracy so far';
  return `≈${formatCount(s.moreItems)} more items each${s.moreSamplesPerQuestion !== null ? ` (≈${formatCount(s.moreSamplesPerQuestion)} more samples per question)` : ''}`;
}

/** The items two configurations disagree on; each opens both conversations side by side. */
function Disagreements({ experimentId, pair, version }: { experimentId: string; pair: ExperimentPair; version: string }) {
  const [data, setData] = useState<{ runA: string | null; runB: string | null; total: number; items: Disagreement[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetch(`/api/experiments/${encodeURIComponent(experimentId)}/disagreements?a=${encodeURIComponent(pair.labelA)}&b=${encodeURIComponent(pair.labelB)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => (r.ok ? setData(await r.json()) : setError(`${r.status} ${await r.text()}`)))
      .catch((e: Error) => { if (e.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [experimentId, pair.labelA, pair.labelB, version]);
  const item = data?.items.find((d) => d.key === open);
  return (
    <div className="space-y-3 rounded border border-slate-200 p-3" data-testid="disagreements" data-a={pair.labelA} data-b={pair.labelB}>
      <p className="text-sm font-medium">{pair.labelA} vs {pair.labelB}: {data ? formatCount(data.total) : '…'} items where one is right and the other wrong
        {data && data.total > data.items.length && ` (the first ${formatCount(data.items.length)} listed)`}</p>
      {error && <p className="text-sm text-rose-700">{error}</p>}
      <ul className="flex flex-wrap gap-2">
        {data?.items.map((d) => (
          <li key={d.key}>
            <button type="button" data-testid="disagreement-item" data-key={d.key} onClick={() => setOpen(d.key)}
              className={`rounded border px-2 py-0.5 font-mono text-xs hover:bg-slate-50 ${open === d.key ? 'border-sky-600' : 'border-slate-200'}`}>
              {d.key} <span className="text-emerald-700">✓ {d.a.correct ? pair.labelA : pair.labelB}</span>
            </button>
          </li>
        ))}
      </ul>
      {item && data?.runA && data.runB && (
        <div className="grid gap-3 lg:grid-cols-2" data-testid="side-by-side" data-key={item.key}>
          <div><p className="mb-1 text-xs font-semibold">{pair.labelA}</p><ConversationPanel runId={data.runA} item={item.a} onClose={() => setOpen(null)} /></div>
          <div><p className="mb-1 text-xs font-semibold">{pair.labelB}</p><ConversationPanel runId={data.runB} item={item.b} onClose={() => setOpen(null)} /></div>
        </div>
      )}
    </div>
  );
}

/**
 * The pairwise matrix (Holm-corrected exact McNemar p on the items both answered; the row configuration ranks
 * above the column one), the table of every pair with its 2×2 counts and how many more items would separate
 * intervals that still overlap, and a pair's disagreements.
 */
export function PairwiseMatrix({ experimentId, labels, pairs }: { experimentId: string; labels: string[]; pairs: ExperimentPair[] }) {
  const [sel, setSel] = useState<{ a: string; b: string } | null>(null);
  const find = (a: string, b: string) => pairs.find((p) => p.labelA === a && p.labelB === b);
  const selected = sel ? find(sel.a, sel.b) : undefined;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="text-xs" data-testid="pairwise-matrix">
          <thead><tr><th />{labels.slice(1).map((l) => <th key={l} className="p-1 font-medium">{l}</th>)}</tr></thead>
          <tbody>
            {labels.slice(0, -1).map((a, i) => (
              <tr key={a}>
                <th className="p-1 text-right font-medium">{a}</th>
                {labels.slice(1).map((b, j) => {
                  const p = j + 1 > i ? find(a, b) : undefined;
                  if (!p) return <td key={b} className="p-0.5" />;
                  const significant = p.holmP < 0.05;
                  return (
                    <td key={b} className="p-0.5">
                      <button type="button" data-testid="pair-cell" data-a={a} data-b={b} data-holm={p.holmP} onClick={() => setSel({ a, b })}
                        className={`w-28 rounded px-1 py-1 text-center tabular-nums ${significant ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-700'} ${sel?.a === a && sel.b === b ? 'ring-2 ring-sky-600' : ''}`}>
                        <div>p = {formatP(p.holmP)}</div><div className="text-[10px] text-slate-500">{p.aOnly} vs {p.bOnly}</div>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-xs" data-testid="pairwise-table">
          <thead className="border-b border-slate-200 text-left uppercase tracking-wide text-slate-500">
            <tr><th className="p-2">A</th><th className="p-2">B</th><th className="p-2 text-right">Pairs</th><th className="p-2 text-right">Both ✓</th><th className="p-2 text-right">A only</th><th className="p-2 text-right">B only</th><th className="p-2 text-right">Both ✗</th><th className="p-2 text-right">McNemar p</th><th className="p-2 text-right">Holm p</th><th className="p-2">To separate</th><th /></tr>
          </thead>
          <tbody>
            {pairs.map((p) => (
              <tr key={`${p.labelA}|${p.labelB}`} className="border-t border-slate-100" data-testid="pair-row" data-a={p.labelA} data-b={p.labelB}>
                <td className="p-2 font-medium">{p.labelA}</td><td className="p-2 font-medium">{p.labelB}</td>
                <td className="p-2 text-right tabular-nums">{formatCount(p.pairs)}</td><td className="p-2 text-right tabular-nums">{formatCount(p.bothCorrect)}</td>
                <td className="p-2 text-right tabular-nums">{formatCount(p.aOnly)}</td><td className="p-2 text-right tabular-nums">{formatCount(p.bOnly)}</td>
                <td className="p-2 text-right tabular-nums">{formatCount(p.bothWrong)}</td>
                <td className="p-2 text-right tabular-nums" data-testid="pair-mcnemar">{formatP(p.mcnemarP)}</td><td className="p-2 text-right tabular-nums" data-testid="pair-holm">{formatP(p.holmP)}</td>
                <td className="p-2" data-testid="pair-separation" data-overlap={p.separation.overlap} data-more={p.separation.moreItems ?? ''}>{separationText(p)}</td>
                <td className="p-2"><button type="button" data-testid="pair-disagreements" onClick={() => setSel({ a: p.labelA, b: p.labelB })} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50">{p.aOnly + p.bOnly} disagreements</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && <Disagreements experimentId={experimentId} pair={selected} version={`${selected.aOnly}:${selected.bOnly}`} />}
    </div>
  );
}
