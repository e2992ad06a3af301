/** Child process for the concurrency test: `catch-up-child.ts <results-dir> <run-dir> <batch-lines>` catches one run up. */
import { catchUpRun } from '../catch-up-run';
import { openResultsIndex } from '../open';

const [resultsDir, runDir, batch] = process.argv.slice(2);
const index = openResultsIndex(resultsDir);
const r = await catchUpRun(index, runDir, { batchLines: Number(batch) });
index.close();
process.stdout.write(`${JSON.stringify(r.lines)}\n`);
