import type { RunEventBus } from '../events/bus';
import type { RunWriter } from '../results/run-writer';

/**
 * Subscribes the result-folder writer to a run's bus: an `item-finished` writes the conversation file (atomically)
 * and then the `responses.jsonl` line; an `item-scored` appends to `scores.progress.jsonl`. The bus is synchronous,
 * so when `emit` returns the item is on disk.
 */
export function attachProgressiveWriter(bus: RunEventBus, writer: RunWriter): () => void {
  return bus.subscribe((event) => {
    if (event.type === 'item-finished') {
      if (event.conversation) writer.writeConversation(event.conversation);
      writer.appendResponse(event.response);
    } else if (event.type === 'item-scored') {
      writer.appendScore(event.score);
    }
  });
}
