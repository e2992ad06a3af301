import type { ComparedRun } from '@/lib/reports';
import { formatRatio } from './format';
import { wilsonInterval } from './interval';

const COLORS = ['#0284c7', '#e11d48', '#059669', '#d97706', '#7c3aed', '#475569'];
const ROW = 26;
const LEFT = 70;
const WIDTH = 560;

/**
 * Accuracy per question for each run, as a dot with its 95 % Wilson interval (hand-drawn SVG: one row per
 * question, runs offset vertically inside the row).
 */
export function AccuracyChart({ runs }: { runs: ComparedRun[] }) {
  const questions = [...new Set(runs.flatMap((r) => Object.keys(r.byQuestion)))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const plotW = WIDTH - LEFT - 10;
  const x = (p: number) => LEFT + p * plotW;
  const height = questions.length * ROW + 30;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="accuracy-chart">
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Accuracy per question (95 % Wilson interval)</figcaption>
      <svg width={WIDTH} height={height} role="img" aria-label="Accuracy per question with 95% intervals" className="max-w-full">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 20} stroke="#e2e8f0" />
            <text x={x(t)} y={height - 6} fontSize={10} textAnchor="middle" fill="#64748b">{t * 100}%</text>
          </g>
        ))}
        {questions.map((q, qi) => (
          <g key={q} data-testid="chart-question" data-question={q}>
            <text x={LEFT - 8} y={qi * ROW + ROW / 2 + 4} fontSize={11} textAnchor="end" fill="#334155">q{q}</text>
            {runs.map((r, ri) => {
              const t = r.byQuestion[q];
              if (!t || t.total === 0) return null;
              const ci = wilsonInterval(t.correct, t.total);
              const y = qi * ROW + 6 + (ri * (ROW - 12)) / Math.max(1, runs.length - 1);
              const color = COLORS[ri % COLORS.length];
              return (
                <g key={r.runId} data-testid="chart-point" data-run={r.runId}>
                  {ci && <line x1={x(ci.low)} x2={x(ci.high)} y1={y} y2={y} stroke={color} strokeWidth={2} opacity={0.5} />}
                  <circle cx={x(t.correct / t.total)} cy={y} r={3.5} fill={color}><title>{`${r.label} q${q}: ${formatRatio(t.correct, t.total)}`}</title></circle>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <div className="mt-1 flex flex-wrap gap-3 text-xs">
        {runs.map((r, i) => <span key={r.runId}><span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: COLORS[i % COLORS.length] }} />{r.label} <span className="font-mono text-slate-500">{r.runId}</span></span>)}
      </div>
    </figure>
  );
}
