import type { ItemState, RunSnapshot, RunState } from './types';

/**
 * Every item field, in packed order. The `satisfies` makes this table complete by construction: a field of
 * `ItemState` left out (or misspelt) does not compile, so no field can silently vanish from packed snapshots.
 */
export const PACKED_ITEM_FIELDS = {
  key: true, question_id: true, sample_number: true, scoring_type: true, question: true, status: true, attempt: true,
  responded: true, durationMs: true, rounds: true, toolCalls: true, tokens: true, correct: true, verdictMessage: true,
  error: true, retryReason: true, retryAt: true, startedAt: true, finishedAt: true, worker: true,
  promptTokens: true, completionTokens: true,
} as const satisfies PackedItemFieldTable;

/** One entry per `ItemState` field, optional ones included. */
export type PackedItemFieldTable = { readonly [K in keyof ItemState]-?: true };

/** Item fields in packed order; a packed row holds their values (null for absent), trailing nulls cut. */
const FIELDS = Object.keys(PACKED_ITEM_FIELDS) as ReadonlyArray<keyof ItemState>;

/** A run state with its items as rows of values instead of objects (about half the JSON of a big run). */
export interface PackedRunState extends Omit<RunState, 'items' | 'order'> {
  packedItems: { fields: ReadonlyArray<keyof ItemState>; rows: unknown[][] };
}

/** A snapshot as it travels over the socket: big runs' states are packed. */
export type WireRunSnapshot = Omit<RunSnapshot, 'state'> & { state: RunState | PackedRunState };

/** Snapshots of runs with more items than this travel packed (value rows): about half the bytes to send and parse. */
export const PACK_ABOVE = 2000;

/** The snapshot as sent: packed above `PACK_ABOVE` items, as it is otherwise. */
export function wireSnapshot(snap: RunSnapshot): WireRunSnapshot {
  return snap.state.total > PACK_ABOVE ? { ...snap, state: packRunState(snap.state) } : snap;
}

/** Packs `state` for the wire: item objects become value rows in `state.order`. */
export function packRunState(state: RunState): PackedRunState {
  const { items, order, ...rest } = state;
  const rows = order.map((k) => {
    const it = items[k];
    const row = FIELDS.map((f) => (it[f] === undefined ? null : it[f]));
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return { ...rest, packedItems: { fields: FIELDS, rows } };
}

/** The inverse of `packRunState`; a state that is not packed is returned as it is. */
export function unpackRunState(state: RunState | PackedRunState): RunState {
  if (!('packedItems' in state)) return state;
  const { packedItems, ...rest } = state;
  const items: RunState['items'] = {};
  const order: string[] = [];
  for (const row of packedItems.rows) {
    const it: Record<string, unknown> = {};
    // null and absent are one on the wire (a null verdictMessage comes back absent: both mean "no message").
    row.forEach((v, i) => { if (v !== null) it[packedItems.fields[i]] = v; });
    items[it.key as string] = it as unknown as ItemState;
    order.push(it.key as string);
  }
  return { ...rest, items, order };
}
