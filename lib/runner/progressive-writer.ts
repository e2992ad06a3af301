import type { RunEventBus } from '../events/bus';
import type { RunWriter } from '../results/run-writer';
import type { ItemRunStats } from '../results/types';

/**
 * Subscribes the result-folder writer to a run's bus: an `item-finished` queues the `responses.jsonl` line (the
 * item's conversation file is already on disk: `runItem` writes it, atomically, before announcing the item); an
 * `item-scored` queues the `scores.progress.jsonl` line, with the item's statistics under `picard_live` (attempts,
 * rounds, tool calls, tokens and their prompt/completion split, wall time, start and finish). The writer writes both queues at the end of the
 * event-loop turn (response lines first), so the items that finish in the same turn share one `write` per file.
 */
export function attachProgressiveWriter(bus: RunEventBus, writer: RunWriter): () => void {
  const started = new Map<string, string>();
  const finished = new Map<string, ItemRunStats>();
  return bus.subscribe((event) => {
    if (event.type === 'item-started') {
      if (!started.has(event.key)) started.set(event.key, event.at);
    } else if (event.type === 'item-finished') {
      writer.appendResponse(event.response);
      finished.set(event.key, {
        attempts: event.attempts, rounds: event.rounds, tool_calls: event.toolCalls, tokens: event.tokens,
        duration_ms: event.durationMs, started_at: started.get(event.key) ?? null, finished_at: event.at,
        prompt_tokens: event.promptTokens ?? null, completion_tokens: event.completionTokens ?? null,
      });
      started.delete(event.key);
    } else if (event.type === 'item-scored') {
      const stats = finished.get(event.key);
      finished.delete(event.key);
      writer.appendScore(stats ? { ...event.score, picard_live: stats } : event.score);
    }
  });
}
