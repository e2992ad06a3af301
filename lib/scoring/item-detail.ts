import { readItemDetail, type ItemDetail, type ReadItemDetailOptions } from '../results/item-detail';
import { explainAnswer } from './registry';

/**
 * One item of a result folder as the conversation panel shows it: `readItemDetail` with the scorers' answer view
 * (`explainAnswer`), so callers (the dashboard server) need no scorer knowledge of their own.
 */
export function readExplainedItemDetail(dir: string, key: string, opts: ReadItemDetailOptions = {}): ItemDetail {
  return readItemDetail(dir, key, explainAnswer, opts);
}
