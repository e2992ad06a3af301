import type { WorkerStatus } from '@/lib/distributed';
import { formatDuration } from './format';

/** One row per live worker: name, host, slots, items done, the items it has now, the runs it declines and why, when it was last heard from. */
export function WorkersTable({ workers, now }: { workers: WorkerStatus[]; now: number }) {
  if (workers.length === 0) {
    return <p className="text-sm text-slate-600" data-testid="workers-none">No live workers. Start one with <code>npx picard worker --redis &lt;url&gt;</code>.</p>;
  }
  return (
    <table className="w-full text-left text-sm" data-testid="workers-table">
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th className="py-1 pr-4 font-medium">Name</th>
          <th className="py-1 pr-4 font-medium">Host</th>
          <th className="py-1 pr-4 font-medium">Slots</th>
          <th className="py-1 pr-4 font-medium">Items done</th>
          <th className="py-1 pr-4 font-medium">Current items</th>
          <th className="py-1 pr-4 font-medium">Runs it does not serve</th>
          <th className="py-1 pr-4 font-medium">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <tr key={w.name} data-testid="worker-row" data-worker={w.name} className="border-b border-slate-100 align-top">
            <td className="py-1 pr-4 font-mono" data-testid="worker-name">{w.name}</td>
            <td className="py-1 pr-4">{w.host} <span className="text-slate-400">pid {w.pid}</span></td>
            <td className="py-1 pr-4 tabular-nums">{w.current.length} / {w.slots}</td>
            <td className="py-1 pr-4 tabular-nums" data-testid="worker-done">{w.done}</td>
            <td className="py-1 pr-4 font-mono text-xs">
              {w.current.length === 0 ? <span className="text-slate-400">idle</span> : w.current.map((c) => <div key={`${c.runId}/${c.key}`}>{c.key} <span className="text-slate-400">{c.runId}</span></div>)}
            </td>
            <td className="py-1 pr-4 text-xs" data-testid="worker-declined">
              {(w.declined ?? []).length === 0 ? <span className="text-slate-400">none</span> : (w.declined ?? []).map((d) => <div key={d.queue}><span className="font-mono">{d.runId}</span>: <span className="text-amber-800">{d.reason}</span></div>)}
            </td>
            <td className="py-1 pr-4 tabular-nums" title={w.lastSeen}>{formatDuration(Math.max(0, now - Date.parse(w.lastSeen)))} ago</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
