/**
 * A dashboard's experiment manager in a process of its own, for tests that kill it with -9: coordinates one
 * distributed sweep (`node --import tsx dashboard-sweep-coordinator.ts <resultsDir> <redisUrl> <experiment.yaml>`,
 * the file's text as the dashboard's form would send it), prints `experiment <id>` once every configuration
 * started, and stays up until killed.
 */
import { readFileSync } from 'node:fs';
import { resumeRun } from '../../lib/runner/resume-run';
import { startRun } from '../../lib/runner/start-run';
import { RedisDistributed } from '../distributed';
import { ExperimentManager } from '../experiment-manager';
import { RunManager } from '../run-manager';

const [resultsDir, redisUrl, experimentFile] = process.argv.slice(2);
const distributed = new RedisDistributed(redisUrl);
const problem = await distributed.connect();
if (problem) {
  console.error(problem);
  process.exit(1);
}
const experiments = new ExperimentManager(new RunManager(resultsDir, { startRun, resumeRun, distributed }));
const id = await experiments.start(readFileSync(experimentFile, 'utf8'));
console.log(`experiment ${id}`);
setInterval(() => undefined, 1 << 30);
