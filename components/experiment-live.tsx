'use client';
import type { ExperimentView } from '@/lib/experiments';
import { AccuracyHeatmap } from './accuracy-heatmap';
import { ExperimentActions } from './experiment-actions';
import { formatCount } from './format';
import { LeaderboardTable } from './leaderboard-table';
import { PairwiseMatrix } from './pairwise-matrix';
import { StatusBadge } from './status-badge';
import { useExperimentSocket } from './use-experiment-socket';

/** An experiment's page body: header, live leaderboard, heatmap, pairwise matrix with disagreements. */
export function ExperimentLive({ initial, keyless = [] }: { initial: ExperimentView; keyless?: string[] }) {
  const { view, connection, error } = useExperimentSocket(initial);
  const labels = view.leaderboard.map((r) => r.label);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold" data-testid="experiment-name">{view.name}</h1>
        <StatusBadge status={view.status} testId="experiment-status" />
        <span className="font-mono text-xs text-slate-500">{view.id}</span>
        <ExperimentActions experimentId={view.id} status={view.status} keyless={keyless} />
        <span className="ml-auto text-xs text-slate-500" data-testid="connection" data-connection={connection}>{connection}</span>
      </div>
      <p className="text-sm text-slate-600">
        Suite <code>{view.suite}</code> · seed <code>{view.seed}</code>{view.samples !== null ? <> · samples {view.samples}</> : null} ·{' '}
        {formatCount(view.items)} items per configuration over {formatCount(view.questions)} questions · {view.leaderboard.length} configurations
      </p>
      {error && <p className="rounded border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">{error}</p>}
      <section className="space-y-2">
        <h2 className="font-semibold">Leaderboard</h2>
        <LeaderboardTable rows={view.leaderboard} />
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Accuracy by question</h2>
        <AccuracyHeatmap experimentId={view.id} heatmap={view.heatmap} />
      </section>
      {view.pairwise.length > 0 && (
        <section className="space-y-2" data-testid="pairwise">
          <h2 className="font-semibold">Pairwise (exact McNemar on the items both answered, Holm-corrected)</h2>
          <PairwiseMatrix experimentId={view.id} labels={labels} pairs={view.pairwise} />
        </section>
      )}
    </div>
  );
}
