import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../lib/events/types';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { findBundledSuite } from '../lib/suites';
import { REPO_ROOT } from '../lib/testing/entries';
import { RedisDistributed } from './distributed';
import { RunManager } from './run-manager';
import { waitUntil } from '../lib/testing/wait-until';
import { itemKeysOf, useRedisWithWorker } from './testing/redis-worker-fixture';

/**
 * Dashboard runs with PICARD_REDIS_URL: a real redis-server, a real `picard worker` process (the compiled CLI)
 * and the run manager as the coordinator, in this process and in a child killed with -9.
 */
const ITEMS = 18;
const quickstart = () => findBundledSuite('quickstart')!.file;
const fx = useRedisWithWorker('w1');
const { spawnLogged } = fx;
const keysOf = itemKeysOf;

function expectExactlyOnce(dir: string): void {
  for (const f of ['responses.jsonl', 'scores.progress.jsonl']) {
    const keys = keysOf(path.join(dir, f));
    expect(keys, f).toHaveLength(ITEMS);
    expect(new Set(keys).size, f).toBe(ITEMS);
  }
  expect(readdirSync(path.join(dir, 'conversations')).filter((f) => f.endsWith('.json'))).toHaveLength(ITEMS);
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as { status: string; executor?: { kind: string; coordinator: string }; resumes?: number };

function managerOn(resultsDir: string): RunManager {
  const distributed = fx.distributed();
  return new RunManager(resultsDir, { startRun, resumeRun, distributed });
}

function finished(m: RunManager, runId: string, seen: RunEvent[] = []): Promise<string> {
  return new Promise((resolve) => m.onEvent((id, e) => {
    if (id !== runId) return;
    seen.push(e);
    if (e.type === 'run-finished') resolve(e.status);
  }));
}

describe('RunManager with PICARD_REDIS_URL (real Redis, real worker process)', () => {
  it('an unreachable Redis is a clear error within seconds, on start too, and nothing is written', async () => {
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-distdash-noredis-'));
    const distributed = new RedisDistributed('redis://127.0.0.1:1', { connectTimeoutMs: 1500 });
    const t0 = Date.now();
    expect(await distributed.connect()).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(distributed.info()).toMatchObject({ enabled: true, error: expect.stringMatching(/cannot reach Redis/) });
    const m = new RunManager(resultsDir, { startRun, resumeRun, distributed });
    await expect(m.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 0 }, seed: 1 })).rejects.toThrow(/cannot reach Redis at/);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(readdirSync(resultsDir).filter((n) => !n.startsWith('.'))).toEqual([]);
  }, 20_000);

  it('a run started through the manager is done by the worker: every item once, the worker named on its items, listed live', async () => {
    const m = managerOn(mkdtempSync(path.join(os.tmpdir(), 'picard-distdash-')));
    const seen: RunEvent[] = [];
    const runId = await m.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 30 }, seed: 3, concurrency: 4 });
    const status = finished(m, runId, seen);
    expect(await status).toBe('completed');
    const dir = m.runDir(runId)!;
    expectExactlyOnce(dir);
    expect(manifestOf(dir)).toMatchObject({ status: 'completed', executor: { kind: 'queue', coordinator: 'dashboard' } });
    const started = seen.filter((e) => e.type === 'item-started');
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.every((e) => e.type === 'item-started' && e.worker === 'w1')).toBe(true);
    let workers = await m.workers();
    expect(workers.map((w) => w.name)).toEqual(['w1']);
    expect(workers[0]).toMatchObject({ slots: 4, host: os.hostname() });
    // The heartbeat comes every 2 s: the count of items done follows within that.
    for (const t0 = Date.now(); workers[0].done < ITEMS && Date.now() - t0 < 6000; workers = await m.workers()) await new Promise((r) => setTimeout(r, 200));
    expect(workers[0].done).toBeGreaterThanOrEqual(ITEMS);
    expect(m.distributedInfo()).toEqual({ enabled: true, url: fx.redis().url, error: null });
  }, 60_000);

  it('its coordinator killed with -9 mid-run, a new manager on the same folder resumes the run by itself and finishes it', async () => {
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-distdash-kill-'));
    const coord = spawnLogged(['--import', 'tsx', path.join(REPO_ROOT, 'server/testing/dashboard-coordinator.ts'), resultsDir, fx.redis().url, quickstart(), '300']);
    await waitUntil(() => /run (\S+)/.test(coord.out()), 'the coordinator to start its run', 30_000);
    const runId = /run (\S+)/.exec(coord.out())![1];
    const dir = path.join(resultsDir, runId);
    await waitUntil(() => keysOf(path.join(dir, 'responses.jsonl')).length >= 3, 'a few results');
    coord.child.kill('SIGKILL');
    await new Promise((r) => coord.child.once('exit', r));
    const before = keysOf(path.join(dir, 'responses.jsonl')).length;
    expect(before).toBeLessThan(ITEMS);
    expect(manifestOf(dir).status).toBe('running'); // the manifest still says so: nobody holds its lock

    const m = managerOn(resultsDir);
    const resumedRuns = await m.resumeDistributed();
    expect(resumedRuns).toEqual({ resumed: [runId], failed: [] });
    expect(await finished(m, runId)).toBe('completed');
    expectExactlyOnce(dir);
    expect(manifestOf(dir)).toMatchObject({ status: 'completed', resumes: 1, executor: { kind: 'queue', coordinator: 'dashboard' } });
    expect(fx.redis().cli('hlen', 'picard:runs')).toBe('0');
    // A finished run is not resumed again.
    expect(await managerOn(resultsDir).resumeDistributed()).toEqual({ resumed: [], failed: [] });
  }, 90_000);

  it('interrupted (SIGTERM) it is resumed by the next manager too; resumed in-process it is no longer distributed', async () => {
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'picard-distdash-int-'));
    const a = managerOn(resultsDir);
    const runId = await a.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 300 }, seed: 9, concurrency: 2 });
    const dir = a.runDir(runId)!;
    await waitUntil(() => keysOf(path.join(dir, 'responses.jsonl')).length >= 2, 'a few results');
    await a.interruptAll('test shutdown', 5000);
    expect(manifestOf(dir)).toMatchObject({ status: 'interrupted', executor: { kind: 'queue', coordinator: 'dashboard' } });

    const b = managerOn(resultsDir);
    expect(await b.resumeDistributed()).toEqual({ resumed: [runId], failed: [] });
    await waitUntil(() => keysOf(path.join(dir, 'responses.jsonl')).length >= 6, 'more results');
    await b.interruptAll('test shutdown', 5000);

    // Resumed without an executor (in-process): the manifest drops `executor`, so no dashboard takes it over.
    const handle = await resumeRun(dir);
    expect(manifestOf(dir).executor).toBeUndefined();
    expect((await handle.done).status).toBe('completed');
    expectExactlyOnce(dir);
    expect(await managerOn(resultsDir).resumeDistributed()).toEqual({ resumed: [], failed: [] });
  }, 90_000);
});
