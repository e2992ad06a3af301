export { holm, mcnemarExact, wilson, Z95 } from './stats';
export type { Interval } from './stats';
export { compareRunDirs } from './run-comparison';
export type { ComparedRun, RunComparison } from './run-comparison';
