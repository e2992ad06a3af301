import next from 'next';
import { fileURLToPath } from 'node:url';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { listBundledSuites } from '../lib/suites';
import { readServerConfig } from './config';
import { createDashboardServer } from './create-server';
import { attachExperimentBridge } from './experiment-bridge';
import { ExperimentManager } from './experiment-manager';
import { setExperimentManager } from './experiment-manager-access';
import { RedisDistributed } from './distributed';
import { RunManager } from './run-manager';
import { setRunManager } from './run-manager-access';

/**
 * Entry point. `npm start` runs it compiled (`node .build/server.mjs`, bundled by lib/build/compile.mjs); `npm run dev`
 * runs this source through tsx.
 */
let cfg;
try {
  cfg = readServerConfig(process.env);
} catch (err) {
  console.error(`[picard] ${(err as Error).message}`);
  process.exit(1);
}

// PICARD_REDIS_URL: runs launched here go to `picard worker` processes; this process coordinates them.
const distributed = cfg.redisUrl ? new RedisDistributed(cfg.redisUrl) : undefined;
if (distributed) {
  const problem = await distributed.connect(); // within 5 s: an unreachable Redis is an error here, not a hang
  if (problem) console.error(`[picard] distributed runs: ${problem} (runs started from the dashboard will try again, and fail with this error until Redis is up)`);
  else console.log(`> distributed runs: items go to workers through Redis at ${distributed.info().url}`);
}
const manager = new RunManager(cfg.resultsDir, { startRun, resumeRun, simThinkMs: cfg.simThinkMs, listSuites: listBundledSuites, distributed });
// Set before Next loads anything, so server actions always find it.
setRunManager(manager);
const experiments = new ExperimentManager(manager);
setExperimentManager(experiments);

// The app folder is the repository root whatever the working directory (the compile keeps import.meta.url this file's).
const dir = fileURLToPath(new URL('..', import.meta.url));
const app = next({ dev: cfg.dev, dir, hostname: cfg.host, port: cfg.port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createDashboardServer(cfg, manager, (req, res) => handle(req, res));
attachExperimentBridge(server.io, experiments);
const port = await server.listen();
const shown = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
console.log(`> PICARD Live on http://${shown}:${port}  results: ${cfg.resultsDir}${cfg.token ? '  (token required)' : ''}`);
// Bring the results index up to date with folders written while the dashboard was down (CLI runs, copies).
const t0 = performance.now();
manager.index.catchUpAll().then((r) => {
  if (r.updated.length || r.removed.length) console.log(`> results index: ${r.updated.length} of ${r.runs} runs caught up, ${r.removed.length} removed (${Math.round(performance.now() - t0)} ms)`);
  for (const f of r.failed) console.error(`[picard] results index: ${f}`);
}, (err: Error) => console.error(`[picard] results index: ${err.message}`));
// Runs this dashboard coordinated before it was stopped or killed: resume them, their workers kept going.
if (distributed && !distributed.info().error) {
  manager.resumeDistributed().then((r) => {
    for (const id of r.resumed) console.log(`> resumed distributed run ${id}`);
    for (const f of r.failed) console.error(`[picard] could not resume distributed run ${f.runId}: ${f.error}`);
  }, (err: Error) => console.error(`[picard] resuming distributed runs: ${err.message}`));
  // Sweeps too: every configuration of a dashboard-launched sweep is a queued run.
  experiments.resumeDistributed().then((r) => {
    for (const id of r.resumed) console.log(`> resumed distributed sweep ${id}`);
    for (const f of r.failed) console.error(`[picard] could not resume distributed sweep ${f.id}: ${f.error}`);
  }, (err: Error) => console.error(`[picard] resuming distributed sweeps: ${err.message}`));
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    // Interrupted, not cancelled: after a restart these runs show a Resume button.
    setTimeout(() => process.exit(0), 2500).unref();
    void Promise.all([manager.interruptAll(`server received ${sig}`), experiments.interruptAll(`server received ${sig}`)]).then(() => server.close()).then(() => distributed?.close()).then(() => process.exit(0));
  });
}
