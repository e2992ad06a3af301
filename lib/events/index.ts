export type { ItemRef, ItemStatus, ItemSummary, RunEvent, RunEventInput, RunEventType } from './types';
export { toWireEvent } from './types';
export { RunEventBus } from './bus';
export type { RunEventListener } from './bus';
