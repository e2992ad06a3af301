import type { FileData } from './write-files';

/** What `SandboxWriter` sends its thread: instances to write, in order; or the end. */
export type WriterRequest = { type: 'write'; instances: FileData[][] } | { type: 'end' };
/** After each batch: instances done so far (counted from the first sent), the failed ones among the batch. */
export interface WriterReply {
  type: 'written';
  done: number;
  failed: number[];
}
