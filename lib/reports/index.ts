export { holm, mcnemarExact, wilson, Z95, type Interval } from '../stats';
export { compareRunDirs } from './run-comparison';
export type { ComparedRun, RunComparison } from './run-comparison';
