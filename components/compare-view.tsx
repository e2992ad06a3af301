import Link from 'next/link';
import type { RunComparison } from '@/lib/reports';
import { AccuracyChart } from './accuracy-chart';
import { formatCount, formatPercent, formatRatio } from './format';
import { wilsonInterval } from './interval';

const th = 'p-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const runHref = (runId: string, key?: string) => `/runs/${encodeURIComponent(runId)}${key ? `?item=${encodeURIComponent(key)}` : ''}`;
const pFmt = (p: number) => (p < 0.001 ? p.toExponential(2) : p.toFixed(4));

/** Side-by-side accuracies, McNemar per pair and per question, and the items whose verdicts differ. */
export function CompareView({ cmp }: { cmp: RunComparison }) {
  return (
    <div className="space-y-4" data-testid="compare-view">
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm" data-testid="compare-runs">
        <thead><tr><th className={th}>Run</th><th className={th}>Seed</th><th className={th}>Accuracy</th><th className={th}>95 % CI</th><th className={th}>Scored</th></tr></thead>
        <tbody>
          {cmp.runs.map((r) => {
            const ci = wilsonInterval(Math.round(r.accuracy * r.scored), r.scored);
            return (
              <tr key={r.runId} className="border-t border-slate-100" data-testid="compare-run" data-run={r.runId}>
                <td className="p-2"><Link className="text-sky-700 hover:underline" href={runHref(r.runId)}>{r.label}</Link> <span className="font-mono text-xs text-slate-500">{r.runId}</span></td>
                <td className="p-2 font-mono text-xs">{r.seed ?? '–'}</td>
                <td className="p-2 tabular-nums" data-testid="compare-accuracy">{formatPercent(r.accuracy)}</td>
                <td className="p-2 tabular-nums text-xs">{ci ? `${formatPercent(ci.low)}–${formatPercent(ci.high)}` : '–'}</td>
                <td className="p-2 tabular-nums">{formatCount(r.scored)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <AccuracyChart runs={cmp.runs} />
      {cmp.pairs.map((p) => (
        <PairSection key={p.b} p={p} />
      ))}
    </div>
  );
}

/** One run against the first: McNemar over the paired items, per question, and the items whose verdicts differ. */
function PairSection({ p }: { p: RunComparison['pairs'][number] }) {
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="compare-pair" data-a={p.a} data-b={p.b}>
      <h2 className="text-sm font-semibold">{p.a} vs {p.b}</h2>
      <p className="text-sm" data-testid="mcnemar">
        {p.overall.paired} paired items · right only in A: {p.overall.onlyA} · right only in B: {p.overall.onlyB} ·
        McNemar exact p = <b data-testid="mcnemar-p">{pFmt(p.overall.pValue)}</b>
        {p.unpaired > 0 && <> · {formatCount(p.unpaired)} unpaired</>}
      </p>
      <table className="w-full text-sm" data-testid="question-deltas">
        <thead><tr><th className={th}>Question</th><th className={th}>A</th><th className={th}>B</th><th className={th}>Δ (B−A)</th><th className={th}>p</th></tr></thead>
        <tbody>
          {p.byQuestion.map((q) => {
            const delta = q.paired ? (q.correctB - q.correctA) / q.paired : 0;
            return (
              <tr key={q.question_id} className="border-t border-slate-100" data-testid="question-delta" data-question={q.question_id}>
                <td className="p-1 font-mono text-xs">q{q.question_id}</td>
                <td className="p-1 tabular-nums">{formatRatio(q.correctA, q.paired)}</td>
                <td className="p-1 tabular-nums">{formatRatio(q.correctB, q.paired)}</td>
                <td className={`p-1 tabular-nums ${delta > 0 ? 'text-emerald-700' : delta < 0 ? 'text-rose-700' : ''}`}>{delta > 0 ? '+' : ''}{(delta * 100).toFixed(1)} pt</td>
                <td className="p-1 tabular-nums text-xs">{pFmt(q.pValue)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <details open={p.differing.length <= 50}>
        <summary className="cursor-pointer text-sm text-slate-600">{formatCount(p.differing.length)} items differ</summary>
        <ul className="mt-1 grid gap-1 text-xs sm:grid-cols-2" data-testid="differing-items">
          {p.differing.slice(0, 500).map((d) => {
            const key = `q${String(d.question_id)}_s${String(d.sample_number)}`;
            return (
              <li key={key} data-testid="differing-item" data-key={key} className="font-mono">
                {key} ({d.scoring_type}):{' '}
                <Link className="text-sky-700 hover:underline" data-testid="open-a" href={runHref(p.a, key)}>A {d.a ? '✓' : '✗'}</Link>{' '}
                <Link className="text-sky-700 hover:underline" data-testid="open-b" href={runHref(p.b, key)}>B {d.b ? '✓' : '✗'}</Link>
              </li>
            );
          })}
        </ul>
      </details>
    </section>
  );
}
