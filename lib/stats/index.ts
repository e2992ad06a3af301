/** Small, exact statistics (lib/stats imports nothing of ours). */
export { wilson, Z95, type Interval } from './wilson';
export { mcnemarExact } from './mcnemar';
export { holm } from './holm';
