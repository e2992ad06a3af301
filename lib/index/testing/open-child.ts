/**
 * Child process for the concurrency test: `open-child.ts <results-dir> <times>` opens the results index, writes
 * to it and closes it, `times` times over (other processes doing the same meanwhile).
 */
import { openResultsIndex } from '../open';

const [resultsDir, times] = process.argv.slice(2);
for (let i = 0; i < Number(times); i++) {
  const index = openResultsIndex(resultsDir);
  index.db.exec('INSERT OR REPLACE INTO bulk_runs (run_no) VALUES (1)');
  index.close();
}
process.stdout.write('opened\n');
