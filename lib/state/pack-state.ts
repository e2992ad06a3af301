import type { ItemState, RunState } from './types';

/** Item fields in packed order; a packed row holds their values (null for absent), trailing nulls cut. */
const FIELDS = [
  'key', 'question_id', 'sample_number', 'scoring_type', 'question', 'status', 'attempt', 'responded', 'durationMs',
  'rounds', 'toolCalls', 'tokens', 'correct', 'verdictMessage', 'error', 'retryReason', 'retryAt', 'startedAt', 'finishedAt',
] as const satisfies ReadonlyArray<keyof ItemState>;

/** A run state with its items as rows of values instead of objects (about half the JSON of a big run). */
export interface PackedRunState extends Omit<RunState, 'items' | 'order'> {
  packedItems: { fields: readonly string[]; rows: unknown[][] };
}

/** Packs `state` for the wire: item objects become value rows in `state.order`. */
export function packRunState(state: RunState): PackedRunState {
  const { items, order, ...rest } = state;
  const rows = order.map((k) => {
    const it = items[k] as unknown as Record<string, unknown>;
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
