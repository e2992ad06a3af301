export type { ItemRef, ItemStatus, ItemSummary, RunEvent, RunEventInput, RunEventType } from './types';
export type { ItemView } from './item-view';
export { toWireEvent } from './types';
export { RunEventBus } from './bus';
export type { RunEventListener } from './bus';
