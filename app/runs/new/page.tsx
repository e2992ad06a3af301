import { NewRunForm } from '@/components/new-run-form';
import { getRunManager } from '@/server/run-manager-access';
import { agentFieldDefaults } from '@/app/actions/start-run-schema';

export const dynamic = 'force-dynamic';

/** New run: pick definitions and an agent; the run starts in this server process. */
export default function NewRunPage() {
  const manager = getRunManager();
  const dist = manager.distributedInfo();
  const suites = manager.listSuites().map(({ id, title, description }) => ({ id, title, description }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New run</h1>
      {dist.error ? (
        <p className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="redis-error">
          Distributed runs are on (PICARD_REDIS_URL) but {dist.error}. Runs cannot start until Redis is reachable.
        </p>
      ) : dist.enabled ? (
        <p className="text-sm text-slate-600" data-testid="distributed-on">Items go to workers through Redis at {dist.url} (see Workers).</p>
      ) : null}
      <NewRunForm suites={suites} fieldDefaults={agentFieldDefaults(manager.simThinkMs)} />
    </div>
  );
}
