import type { ConversationStatistics } from '@/lib/results';
import { formatCount, formatDuration } from './format';

/** Token usage and timing per model round (`statistics.rounds`, recorded by PICARD Live agents). */
export function RoundStats({ stats }: { stats: ConversationStatistics }) {
  const rounds = stats.rounds ?? [];
  const tokens = stats.total_tokens ?? stats.total_tokens_estimated;
  return (
    <div className="space-y-1 text-xs text-slate-600" data-testid="round-stats">
      <div>
        {stats.inference_rounds !== undefined ? formatCount(stats.inference_rounds) : '?'} rounds · {formatCount(stats.tool_calls ?? 0)} tool calls · {formatDuration((stats.execution_time_seconds ?? 0) * 1000)}
        {tokens !== undefined && <> · {formatCount(tokens)} tokens{stats.total_tokens === undefined ? ' (estimated)' : ''}</>}
        {stats.prompt_tokens !== undefined && <> ({formatCount(stats.prompt_tokens)} in / {formatCount(stats.completion_tokens ?? 0)} out)</>}
        {(stats.attempts ?? 1) > 1 && <> · {formatCount(stats.attempts)} attempts</>}
      </div>
      {rounds.length > 0 && (
        <table className="w-full tabular-nums">
          <thead className="text-left text-slate-500"><tr><th>Round</th><th>Time</th><th>Prompt</th><th>Completion</th><th>Tool calls</th></tr></thead>
          <tbody>
            {rounds.map((r) => (
              <tr key={r.round} data-testid="round-row" className="border-t border-slate-100">
                <td>{formatCount(r.round)}</td><td>{formatDuration(r.duration_ms)}</td>
                <td>{r.prompt_tokens !== undefined ? formatCount(r.prompt_tokens) : '–'}</td>
                <td>{r.completion_tokens !== undefined ? formatCount(r.completion_tokens) : '–'}</td>
                <td>{formatCount(r.tool_calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
