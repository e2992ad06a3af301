import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { REPO_ROOT } from '../lib/testing/entries';
import { ExperimentManager } from './experiment-manager';
import { RunManager } from './run-manager';
import { waitUntil } from '../lib/testing/wait-until';
import { itemKeysOf, useRedisWithWorker } from './testing/redis-worker-fixture';

/**
 * Sweeps launched from the dashboard with PICARD_REDIS_URL: a real redis-server, a real `picard worker` process
 * (the compiled CLI) and the experiment manager as the coordinator of every configuration, in this process and
 * in a child killed with -9.
 */
const ITEMS = 12; // quickstart, samples 2
const fx = useRedisWithWorker('ew');
const { spawnLogged } = fx;
const keysOf = itemKeysOf;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
interface ExperimentJson { status: string; resumes: number; configurations: Array<{ label: string; run: string | null; status: string }> }
const experimentOf = (dir: string) => readJson(path.join(dir, 'experiment.json')) as ExperimentJson;
const runDirs = (dir: string) => experimentOf(dir).configurations.map((c) => path.join(dir, c.run!));
const answered = (dir: string) => (existsSync(path.join(dir, 'experiment.json')) ? runDirs(dir).reduce((n, d) => n + keysOf(path.join(d, 'responses.jsonl')).length, 0) : 0);

/** Every configuration's run: each item exactly once, completed, coordinated by the dashboard through the queue. */
function expectSweepComplete(dir: string): void {
  expect(experimentOf(dir).status).toBe('completed');
  for (const run of runDirs(dir)) {
    for (const f of ['responses.jsonl', 'scores.progress.jsonl']) {
      const keys = keysOf(path.join(run, f));
      expect(keys, `${run} ${f}`).toHaveLength(ITEMS);
      expect(new Set(keys).size, `${run} ${f}`).toBe(ITEMS);
    }
    expect(readJson(path.join(run, 'run.json'))).toMatchObject({ status: 'completed', executor: { kind: 'queue', coordinator: 'dashboard' } });
  }
  expect(existsSync(path.join(dir, 'leaderboard.csv'))).toBe(true);
  expect(fx.redis().cli('hlen', 'picard:runs')).toBe('0');
}

const experimentText = (thinkMs: number) => `name: queued sweep
definitions: quickstart
seed: 4
samples: 2
concurrency: 2
models:
  - { label: strong, agent: simulated, accuracy: 0.9, think_ms: ${thinkMs} }
  - { label: weak, agent: simulated, accuracy: 0.3, think_ms: ${thinkMs} }
`;

function managersOn(resultsDir: string): { runs: RunManager; experiments: ExperimentManager } {
  const distributed = fx.distributed();
  const runs = new RunManager(resultsDir, { startRun, resumeRun, distributed });
  return { runs, experiments: new ExperimentManager(runs, { throttleMs: 20 }) };
}

const finished = (e: ExperimentManager, id: string) => waitUntil(() => !e.isLive(id), `sweep ${id} to end`, 60_000);

describe('ExperimentManager with PICARD_REDIS_URL (real Redis, real worker process)', () => {
  it('a sweep from the form is queued: every configuration is done by the worker; interrupted, the next dashboard resumes it by itself', async () => {
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-distsweep-'));
    const a = managersOn(resultsDir);
    const id = await a.experiments.start(experimentText(150));
    const dir = path.join(resultsDir, id);
    // The run manager follows each configuration's run (its page is live), the worker names itself on its items.
    for (const c of experimentOf(dir).configurations) expect(a.runs.isActive(c.run!)).toBe(true);
    await waitUntil(() => answered(dir) >= 3, 'a few results');
    await a.experiments.interruptAll('test shutdown', 8000);
    expect(experimentOf(dir).status).toBe('interrupted');
    expect(answered(dir)).toBeLessThan(2 * ITEMS);
    // Nothing to resume for a dashboard without Redis.
    expect(await new ExperimentManager(new RunManager(resultsDir, { startRun, resumeRun })).resumeDistributed()).toEqual({ resumed: [], failed: [] });

    const b = managersOn(resultsDir);
    expect(await b.experiments.resumeDistributed()).toEqual({ resumed: [id], failed: [] });
    expect(b.experiments.isLive(id)).toBe(true);
    await finished(b.experiments, id);
    expectSweepComplete(dir);
    expect(experimentOf(dir).resumes).toBe(1);
    const workers = new Set(runDirs(dir).flatMap((run) => readdirSync(path.join(run, 'conversations')).map((f) => readJson(path.join(run, 'conversations', f)).statistics.worker)));
    expect(workers).toEqual(new Set(['ew']));
    // A finished sweep is not resumed again.
    expect(await managersOn(resultsDir).experiments.resumeDistributed()).toEqual({ resumed: [], failed: [] });
  }, 90_000);

  it('its coordinator (the dashboard) killed with -9 mid-sweep: the next dashboard resumes the sweep by itself and finishes it, each item once', async () => {
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-distsweep-kill-'));
    const file = path.join(resultsDir, '..', `${path.basename(resultsDir)}.yaml`);
    writeFileSync(file, experimentText(300));
    const coord = spawnLogged(['--import', 'tsx', path.join(REPO_ROOT, 'server/testing/dashboard-sweep-coordinator.ts'), resultsDir, fx.redis().url, file]);
    await waitUntil(() => /experiment (\S+)/.test(coord.out()), 'the coordinator to start its sweep', 30_000);
    const id = /experiment (\S+)/.exec(coord.out())![1];
    const dir = path.join(resultsDir, id);
    await waitUntil(() => answered(dir) >= 3, 'a few results');
    coord.child.kill('SIGKILL');
    await new Promise((r) => coord.child.once('exit', r));
    expect(answered(dir)).toBeLessThan(2 * ITEMS);
    expect(experimentOf(dir).status).toBe('running'); // nobody holds its lock any more

    const m = managersOn(resultsDir);
    expect(await m.experiments.resumeDistributed()).toEqual({ resumed: [id], failed: [] });
    await finished(m.experiments, id);
    expectSweepComplete(dir);
  }, 90_000);
});
