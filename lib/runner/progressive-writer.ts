import type { RunEventBus } from '../events/bus';
import type { RunWriter } from '../results/run-writer';

/**
 * Subscribes the result-folder writer to a run's bus: an `item-finished` queues the `responses.jsonl` line (the
 * item's conversation file is already on disk: `runItem` writes it, atomically, before announcing the item); an
 * `item-scored` queues the `scores.progress.jsonl` line. The writer writes both queues at the end of the event-loop
 * turn (response lines first), so the items that finish in the same turn share one `write` per file.
 */
export function attachProgressiveWriter(bus: RunEventBus, writer: RunWriter): () => void {
  return bus.subscribe((event) => {
    if (event.type === 'item-finished') {
      writer.appendResponse(event.response);
    } else if (event.type === 'item-scored') {
      writer.appendScore(event.score);
    }
  });
}
