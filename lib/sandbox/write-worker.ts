/**
 * The sandbox writer thread (bundled as `.build/sandbox-writer.mjs`; started by `SandboxWriter`): writes the
 * instances it is sent, in the order sent, each with `writeFileData` (folders made once across instances), so
 * the kernel's folder and file creation runs beside the thread that sent them. After each batch it reports how
 * many instances are done and which of them failed (an instance stops at its first refused file, as on the
 * calling thread).
 */
import { parentPort } from 'node:worker_threads';
import { writeFileData } from './write-files';
import type { WriterReply, WriterRequest } from './sandbox-writer-protocol';

const port = parentPort!;
const dirs = new Set<string>();
let done = 0;

port.on('message', (msg: WriterRequest) => {
  if (msg.type === 'end') {
    port.close();
    return;
  }
  const failed: number[] = [];
  for (const files of msg.instances) {
    try {
      writeFileData(files, dirs);
    } catch {
      failed.push(done);
    }
    done++;
  }
  port.postMessage({ type: 'written', done, failed } satisfies WriterReply);
});
