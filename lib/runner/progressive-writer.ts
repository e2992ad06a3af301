import type { RunEventBus } from '../events/bus';
import type { RunWriter } from '../results/run-writer';

/**
 * Subscribes the result-folder writer to a run's bus: an `item-finished` appends the `responses.jsonl` line (the
 * item's conversation file is already on disk: `runItem` writes it, atomically, before announcing the item); an
 * `item-scored` appends to `scores.progress.jsonl`. The bus is synchronous, so when `emit` returns the line is on disk.
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
