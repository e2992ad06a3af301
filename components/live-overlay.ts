import { applyRunEvents } from '@/lib/state';
import type { ItemState, LiveRunEvent, RunState } from '@/lib/state';

/** An item as the live events left it, with the seq of its last event (the table lays it over older window rows). */
export interface OverlayEntry {
  item: ItemState;
  seq: number;
}

/** The live items, read-only, as one render sees them: a new view object per batch, over the same store. */
export interface LiveOverlay {
  get(key: string): OverlayEntry | undefined;
  /** Batches folded in so far (distinguishes views of the same store). */
  readonly version: number;
}

/**
 * The items the live events touched since the snapshot, kept outside React state in one mutable map. Folding a
 * batch costs the batch, not the items touched so far: with the items in the copied `RunState`, every batch
 * copied them all (at 500 items/s, 60 batches a second over thousands of items, most of a page's script time).
 */
export class LiveOverlayStore {
  private readonly entries = new Map<string, OverlayEntry>();
  private version = 0;

  /** A view for this render; a new object after each `fold` or `clear`, so memos keyed on it recompute. */
  view(): LiveOverlay {
    const { entries, version } = this;
    return { get: (key) => entries.get(key), version };
  }

  /** Forgets every item (a new snapshot: the windows are fetched again). */
  clear(): void {
    this.entries.clear();
    this.version += 1;
  }

  /**
   * Applies a batch (seq-ordered, following `state`) to the aggregates and records the items it touched here.
   * The returned state holds no items: the reducer takes each item from the event's `prev` (the server's copy,
   * exact for the aggregates) or from this batch's earlier events.
   */
  fold(state: RunState, events: readonly LiveRunEvent[]): RunState {
    const next = applyRunEvents(state.items === EMPTY ? state : { ...state, items: EMPTY }, events);
    if (next === state) return state;
    const seqOf = new Map<string, number>();
    for (const e of events) if ('key' in e) seqOf.set(e.key, e.seq);
    for (const [key, seq] of seqOf) {
      const item = next.items[key];
      if (item) this.entries.set(key, { item, seq });
    }
    this.version += 1;
    return { ...next, items: EMPTY };
  }
}

const EMPTY: Record<string, ItemState> = Object.freeze({}) as Record<string, ItemState>;
