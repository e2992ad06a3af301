/** The results index as the UI sees it: the window and run-list query types, and the window query as URL parameters. */
export type { IndexedItem, ItemFilters, ItemSort, ItemsQuery } from './query-items';
export type { IndexedRun, Page, RunSort, RunsQuery } from './query-runs';
export type { ExperimentSort, ExperimentsQuery, IndexedExperiment } from './query-experiments';
export type { GroupTally, RunAggregates } from './aggregates';
export { ItemQueryError, itemQueryParams, parseItemQueryParams } from './item-query-params';
export type { ItemsRequest } from './item-query-params';
