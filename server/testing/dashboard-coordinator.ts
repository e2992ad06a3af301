/**
 * A dashboard's run manager in a process of its own, for tests that kill it with -9: coordinates one
 * distributed run (`node --import tsx dashboard-coordinator.ts <resultsDir> <redisUrl> <definitions> <thinkMs>`),
 * prints `run <id>` once it started, and stays up until killed.
 */
import { resumeRun } from '../../lib/runner/resume-run';
import { startRun } from '../../lib/runner/start-run';
import { RedisDistributed } from '../distributed';
import { RunManager } from '../run-manager';

const [resultsDir, redisUrl, definitionsFile, thinkMs] = process.argv.slice(2);
const distributed = new RedisDistributed(redisUrl);
const problem = await distributed.connect();
if (problem) {
  console.error(problem);
  process.exit(1);
}
const manager = new RunManager(resultsDir, { startRun, resumeRun, distributed });
const runId = await manager.start({ definitionsFile, agent: { kind: 'simulated', thinkMs: Number(thinkMs) }, seed: 7, concurrency: 4, label: 'killed_coordinator' });
console.log(`run ${runId}`);
setInterval(() => undefined, 1 << 30);
