export type { ItemState, RunLogLine, RunSnapshot, RunState, Tally } from './types';
export { applyRunEvent, applyRunEvents, createRunState, isFinalStatus, reduceRunEventInPlace } from './apply-run-event';
export { loadRunState } from './load-run-state';
export type { LoadRunStateOptions } from './load-run-state';
export { readConversationStats, withConversationStats } from './conversation-stats';
export { packRunState, unpackRunState } from './pack-state';
export type { PackedRunState } from './pack-state';
