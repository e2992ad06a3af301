export type { ItemState, RunLogLine, RunSnapshot, RunState, Tally } from './types';
export { applyRunEvent, applyRunEvents, createRunState, isFinalStatus, reduceRunEventInPlace } from './apply-run-event';
export { loadRunState } from './load-run-state';
export type { LoadRunStateOptions } from './load-run-state';
export { readConversationStats, withConversationStats } from './conversation-stats';
export { PACK_ABOVE, PACKED_ITEM_FIELDS, packRunState, unpackRunState, wireSnapshot } from './pack-state';
export { lineDiff } from './line-diff';
export type { DiffLine } from './line-diff';
export type { PackedItemFieldTable, PackedRunState, WireRunSnapshot } from './pack-state';
