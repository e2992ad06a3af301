import type { RunEvent, RunEventInput } from './types';
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';

export type RunEventListener = (event: RunEvent) => void;

/** A tiny synchronous event bus for one run; stamps each event with the run id, `seq` and time. */
export class RunEventBus {
  private seq = 0;
  private readonly listeners = new Set<RunEventListener>();

  constructor(
    readonly runId: string,
    private readonly clock: Clock = systemClock,
    startSeq = 0,
  ) {
    this.seq = startSeq;
  }

  get lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(input: RunEventInput): RunEvent {
    this.seq += 1;
    const event = { ...input, runId: this.runId, seq: this.seq, at: this.clock.now().toISOString() } as RunEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        // A broken subscriber must not break the run or the other subscribers.
        console.error(`[picard] event listener failed on ${event.type}:`, err);
      }
    }
    return event;
  }
}
