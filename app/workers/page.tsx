import { AutoRefresh } from '@/components/auto-refresh';
import { WorkersTable } from '@/components/workers-table';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** Live `picard worker` processes (their heartbeats in Redis), refreshed every 2 s. */
export default async function WorkersPage() {
  const manager = getRunManager();
  const info = manager.distributedInfo();
  if (!info.enabled) {
    return (
      <div className="space-y-3" data-testid="workers-off">
        <h1 className="text-xl font-semibold">Workers</h1>
        <p className="text-sm text-slate-700">Distributed runs are off: runs started here run in this process.</p>
        <p className="text-sm text-slate-700">
          To hand their items to <code>picard worker</code> processes on any machine, start the dashboard with{' '}
          <code>PICARD_REDIS_URL=redis://host:6379 npm start</code> and run{' '}
          <code>npx picard worker --redis redis://host:6379</code> on each worker machine (see docs/distributed.md).
        </p>
      </div>
    );
  }
  const workers = await manager.workers().catch(() => []);
  return (
    <div className="space-y-3">
      <AutoRefresh active ms={2000} />
      <h1 className="text-xl font-semibold">Workers</h1>
      <p className="text-sm text-slate-600">
        Runs started here go to workers through Redis at <code data-testid="redis-url">{info.url}</code>.
      </p>
      {info.error ? (
        <p className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="redis-error">{info.error}</p>
      ) : null}
      <WorkersTable workers={workers} now={Date.now()} />
    </div>
  );
}
