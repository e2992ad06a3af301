import type { LiveRunEvent } from '../lib/state';

/**
 * How long a run's events gather before they go out as one `run:events` message: the run page renders at most
 * about this often anyway (components/use-run-socket.ts), so every message is one render and no more, and each
 * watching page wakes ~10 times a second instead of ~60 (with 20 pages, each message cost every renderer a
 * task, a decode and the browser's IPC).
 */
export const BATCH_MS = 100;

export interface RunEventBatcher {
  /** Queues an event of `runId`; the batch goes out within `ms`. */
  push(runId: string, event: LiveRunEvent): void;
  /** Sends `runId`'s queued events now (before a snapshot, so no older event can follow it). */
  flush(runId: string): void;
  /** Sends everything queued and stops the timers. */
  close(): void;
}

/**
 * Gathers each run's live events for `ms` and hands them to `send` as one seq-ordered array: at 500 items/s a
 * run makes ~1,500 events a second, and one message per event and per watching socket costs the server a
 * frame write each and every page a decode and a handler call each. Batching keeps every event (the per-event
 * seq cursor is unchanged) and sends about 60 messages a second per run instead.
 */
export function createRunEventBatcher(send: (runId: string, events: LiveRunEvent[]) => void, ms = BATCH_MS): RunEventBatcher {
  const queued = new Map<string, { events: LiveRunEvent[]; timer: NodeJS.Timeout }>();
  const flush = (runId: string) => {
    const q = queued.get(runId);
    if (!q) return;
    queued.delete(runId);
    clearTimeout(q.timer);
    send(runId, q.events);
  };
  return {
    push(runId, event) {
      const q = queued.get(runId);
      if (q) q.events.push(event);
      else queued.set(runId, { events: [event], timer: setTimeout(() => flush(runId), ms) });
    },
    flush,
    close() {
      for (const runId of [...queued.keys()]) flush(runId);
    },
  };
}
