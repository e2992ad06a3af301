/** What `SharedIndexThread` sends the catch-up thread (lib/index/index-thread.ts), and what the thread answers. */
export interface IndexThreadStart {
  /** The index file and the results folder it describes (the thread opens its own connection). */
  file: string;
  resultsDir: string;
}

/** One catch-up of run folder `dir` (`summary`: also re-sum the run row); or the end (close the connection, end the thread). */
export type IndexThreadRequest = { type: 'catch-up'; id: number; dir: string; summary: boolean } | { type: 'end' };

/** The answer to catch-up `id`: done, or failed with the message (the index is repaired by a later catch-up). */
export interface IndexThreadReply {
  id: number;
  error?: string;
}
