/**
 * The results index's catch-up thread (bundled as `.build/index-writer.mjs`; started by `SharedIndexThread`): owns one
 * SQLite connection to the index and, on each request, catches the run folder it names up from its files, as
 * `catchUpRun` does on the calling thread. Reading back the lines just written, parsing them and the SQLite
 * transactions then run on the machine's other core instead of beside the run loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { catchUpRun } from './catch-up-run';
import type { IndexThreadReply, IndexThreadRequest, IndexThreadStart } from './index-thread-protocol';
import { openResultsIndex, type ResultsIndex } from './open';

const port = parentPort!;
const start = workerData as IndexThreadStart;
let index: ResultsIndex | null = null;
let openError: Error | null = null;
try {
  index = openResultsIndex(start.resultsDir, { file: start.file });
} catch (err) {
  openError = err as Error;
}

// Each run's writer sends its next request only after this one's answer; several runs' catch-ups may interleave,
// as they do on one connection in the calling thread.
port.on('message', async (msg: IndexThreadRequest) => {
  if (msg.type === 'end') {
    index?.close();
    port.close();
    return;
  }
  let reply: IndexThreadReply = { id: msg.id };
  try {
    if (openError) throw openError;
    await catchUpRun(index!, msg.dir, { summary: msg.summary });
  } catch (err) {
    reply = { id: msg.id, error: (err as Error).message };
  }
  port.postMessage(reply);
});
