import { NewSweepForm } from '@/components/new-sweep-form';
import { getRunManager } from '@/server/run-manager-access';
import { agentFieldDefaults } from '@/app/actions/start-run-schema';

export const dynamic = 'force-dynamic';

/** New sweep: one suite and seed, several agent configurations side by side; it runs in this server process. */
export default function NewSweepPage() {
  const manager = getRunManager();
  const suites = manager.listSuites().map(({ id, title, description }) => ({ id, title, description }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New sweep</h1>
      <p className="max-w-3xl text-sm text-slate-600">Every configuration answers the same generated instances (one seed), side by side, each with its own concurrency. The leaderboard, intervals and paired tests update as items land.</p>
      <NewSweepForm suites={suites} fieldDefaults={agentFieldDefaults(manager.simThinkMs)} />
    </div>
  );
}
